import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { ConfigError, checkSecretValues, parseSecrets, pickSecrets } from '../../engine';

export const SECRETS_CREDENTIAL = 'redFlareSecretsApi';

/** Reads the named secrets from the credential, at send time only. */
export async function readSecrets(
	context: Pick<IExecuteFunctions, 'getCredentials'>,
	itemIndex: number,
	names: string[],
): Promise<Map<string, string>> {
	let credentials: { vault?: unknown } | undefined;
	try {
		credentials = await context.getCredentials<{ vault?: unknown }>(SECRETS_CREDENTIAL, itemIndex);
	} catch {
		// None selected (or unreadable): reported below as a configuration problem.
	}
	// The engine returns a ConfigError to the agent as a config_error result; the adapter raises that
	// as a NodeOperationError when the node is set to fail.
	if (credentials === undefined) {
		throw new ConfigError('This webhook uses secrets: select a RedFlare Webhook Secrets credential on the node.');
	}
	const parsed = parseSecrets(credentials.vault);
	if (!parsed.ok) throw parsed.error;
	return pickSecrets(parsed.secrets, names);
}

/** The Secret picker: names only, never values. */
export async function getSecretNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let credentials;
	try {
		credentials = await this.getCredentials<{ vault?: unknown }>(SECRETS_CREDENTIAL);
	} catch {
		return [];
	}
	const parsed = parseSecrets(credentials.vault);
	if (!parsed.ok) return [];
	return [...parsed.secrets.keys()].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, value: name }));
}

/**
 * Credential test: the JSON parses, every name is non-empty, unique and without spaces around it,
 * every value is well-formed text of at least 8 characters. Messages name secrets, never values.
 */
export async function testSecretsCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const parsed = parseSecrets(credential.data?.vault);
	if (!parsed.ok) return { status: 'Error', message: parsed.error.message };
	const unusable = checkSecretValues(parsed.secrets);
	if (unusable) return { status: 'Error', message: unusable.message };
	return { status: 'OK', message: `${parsed.secrets.size} ${parsed.secrets.size === 1 ? 'secret' : 'secrets'} found.` };
}
