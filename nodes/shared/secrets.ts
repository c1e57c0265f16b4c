import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { ConfigError, checkSecretValues, parseSecrets, pickSecrets, type SecretResolver } from '../../engine';

const SECRETS_CREDENTIAL = 'redFlareSecretsApi';

/** What reading the credential needs from an n8n context (an execute or a supply-data context alike). */
export type CredentialsContext = Pick<IExecuteFunctions, 'getCredentials' | 'getNode'>;

/** Reads and parses the whole secrets credential (decrypted by n8n), or why it cannot be used. */
async function readVault(context: CredentialsContext, itemIndex: number): Promise<Map<string, string> | ConfigError> {
	let credentials: { vault?: unknown } | undefined;
	try {
		credentials = await context.getCredentials<{ vault?: unknown }>(SECRETS_CREDENTIAL, itemIndex);
	} catch {
		// Reported below as a configuration problem. n8n's own message is not passed on: it may quote
		// a credential expression.
	}
	// The engine returns a ConfigError to the agent as a config_error result; the adapter raises that
	// as a NodeOperationError when the node is set to fail.
	if (credentials === undefined) {
		const selected = context.getNode().credentials?.[SECRETS_CREDENTIAL] !== undefined;
		return new ConfigError(
			selected
				? 'This webhook uses secrets, but its RedFlare Webhook Secrets credential could not be read: it may have been deleted or not be shared with this workflow, or one of its values is an expression that fails.'
				: 'This webhook uses secrets: select a RedFlare Webhook Secrets credential on the node.',
		);
	}
	const parsed = parseSecrets(credentials.vault);
	return parsed.ok ? parsed.secrets : parsed.error;
}

/**
 * The secrets of one execution. The credential is read and decrypted at most once, when the first
 * call that needs a secret is sent (a run whose calls need none never reads it), and only the names in
 * `used` are kept. Create one per execution and `forget()` it at the end: nothing outlives the run.
 */
export class ExecutionSecrets {
	private readonly used: ReadonlySet<string>;
	private kept: Promise<Map<string, string> | ConfigError> | undefined;

	constructor(
		private readonly context: CredentialsContext,
		used: Iterable<string>,
	) {
		this.used = new Set(used);
	}

	/** The engine's secret resolver for one item: the names it asks for, or a ConfigError. */
	resolverFor(itemIndex: number): SecretResolver {
		return async (names) => {
			const vault = await this.load(itemIndex);
			return vault instanceof ConfigError ? vault : pickSecrets(vault, names);
		};
	}

	forget(): void {
		this.kept = undefined;
	}

	private async load(itemIndex: number): Promise<Map<string, string> | ConfigError> {
		// The promise itself is kept, so calls running in parallel share one read (and one failure).
		this.kept ??= readVault(this.context, itemIndex).then((all) => (all instanceof ConfigError ? all : new Map([...all].filter(([name]) => this.used.has(name)))));
		return await this.kept;
	}
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
