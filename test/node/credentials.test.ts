/**
 * The secrets credential as n8n loads it from the built package: the Secret picker lists names and
 * never values; the credential test refuses what parseSecrets refuses.
 */
import type { ICredentialDataDecryptedObject, ILoadOptionsFunctions, INodeType } from 'n8n-workflow';

import { DEFINITION_NODE_TYPE, SECRETS_CREDENTIAL_TYPE, loadOptions, loadPackage, testCredential } from '../helpers/harness';

const SECRETS = { 'Stripe API Key': 'sk_live_a1b2c3', 'CRM Token': 'crm-77-token', 'Order API Key': 'ord_9_orders' };
const secretsJson = JSON.stringify(SECRETS);

async function definitionNode(): Promise<INodeType> {
	const { nodeTypes } = await loadPackage();
	return nodeTypes[DEFINITION_NODE_TYPE] as INodeType;
}

function minimalLoadOptionsContext(data: ICredentialDataDecryptedObject | Error): ILoadOptionsFunctions {
	return {
		getCredentials: async (type: string) => {
			expect(type).toBe(SECRETS_CREDENTIAL_TYPE);
			if (data instanceof Error) throw data;
			return data;
		},
	} as unknown as ILoadOptionsFunctions;
}

describe('loaded by n8n', () => {
	it('the package loader finds the node and the credential under their n8n names', async () => {
		const { packageName, nodeTypes, credentialTypes } = await loadPackage();
		expect(packageName).toBe('n8n-nodes-redflare');
		expect(Object.keys(nodeTypes)).toContain(DEFINITION_NODE_TYPE);
		const credential = credentialTypes[SECRETS_CREDENTIAL_TYPE];
		expect(credential.properties.map((property) => property.name)).toEqual(['vault']);
		const node = await definitionNode();
		expect(node.description.credentials).toEqual([expect.objectContaining({ name: SECRETS_CREDENTIAL_TYPE, required: false })]);
	});

	it('the secrets are one JSON field that n8n masks and merges leaf by leaf and whose leaves may be expressions', async () => {
		// The end-to-end suite shows what these options do in real n8n; this pins them on the type.
		const { credentialTypes } = await loadPackage();
		const [vault] = credentialTypes[SECRETS_CREDENTIAL_TYPE].properties;
		expect(vault.type).toBe('json');
		expect(vault.typeOptions).toMatchObject({ redactJsonLeaves: true, resolveCredentialJsonLeaves: true });
		// `password` would make n8n mask the whole JSON before looking at the leaves.
		expect(vault.typeOptions?.password).toBeUndefined();
	});
});

describe('Secret picker (getSecretNames)', () => {
	it('returns the names, sorted, and never a value (minimal ILoadOptionsFunctions)', async () => {
		const node = await definitionNode();
		const options = await node.methods!.loadOptions!.getSecretNames.call(minimalLoadOptionsContext({ vault: secretsJson }));
		expect(options).toEqual([
			{ name: 'CRM Token', value: 'CRM Token' },
			{ name: 'Order API Key', value: 'Order API Key' },
			{ name: 'Stripe API Key', value: 'Stripe API Key' },
		]);
		const text = JSON.stringify(options);
		for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
	});

	it('returns nothing (not an error) without a credential or with broken JSON', async () => {
		const node = await definitionNode();
		const { getSecretNames } = node.methods!.loadOptions!;
		expect(await getSecretNames.call(minimalLoadOptionsContext(new Error('Node does not have any credentials set')))).toEqual([]);
		expect(await getSecretNames.call(minimalLoadOptionsContext({ vault: '{"a": ' }))).toEqual([]);
		expect(await getSecretNames.call(minimalLoadOptionsContext({ vault: '' }))).toEqual([]);
	});

	it('works through n8n-core’s real LoadOptionsContext with the node’s selected credential', async () => {
		const options = await loadOptions('getSecretNames', { credentials: { [SECRETS_CREDENTIAL_TYPE]: { vault: secretsJson } } });
		expect(options.map((option) => option.value)).toEqual(['CRM Token', 'Order API Key', 'Stripe API Key']);
		for (const value of Object.values(SECRETS)) expect(JSON.stringify(options)).not.toContain(value);
		expect(await loadOptions('getSecretNames', { attachCredentials: false })).toEqual([]);
	});
});

describe('credential test (redFlareSecretsTest)', () => {
	it('accepts one JSON object of name → text value and counts the secrets', async () => {
		expect(await testCredential({ vault: secretsJson })).toEqual({ status: 'OK', message: expect.stringContaining('3 secrets') });
		expect(await testCredential({ vault: '{"Only": "one-value"}' })).toEqual({ status: 'OK', message: expect.stringContaining('1 secret') });
	});

	it.each([
		['invalid JSON', '{"Stripe API Key": "sk_live_a1b2c3",}', /not valid JSON/],
		['not an object', '["sk_live_a1b2c3"]', /one JSON object/],
		['an empty name', '{"": "sk_live_a1b2c3"}', /empty name/],
		['a blank name', '{"  ": "sk_live_a1b2c3"}', /empty name/],
		['a duplicate name', '{"Stripe API Key": "sk_live_a1b2c3", "Stripe API Key": "sk_live_other"}', /"Stripe API Key" is used more than once/],
		['a value that is not text', '{"Nested": {"v": "sk_live_a1b2c3"}}', /must be text/],
	])('rejects %s, without echoing a value', async (_label, secrets, message) => {
		const result = await testCredential({ vault: secrets });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('sk_live');
	});
});

describe('credential test: values that cannot be used safely (issue 8)', () => {
	it.each([
		['a secret shorter than 8 characters', '{"Stripe API Key": "sk_live_a1b2c3", "PIN": "4711"}', /"PIN" is shorter than 8 characters/],
		['a name with a space at the end', '{"Stripe API Key ": "sk_live_a1b2c3"}', /"Stripe API Key " starts or ends with a space/],
		['a name with a space at the start', '{" Stripe API Key": "sk_live_a1b2c3"}', /" Stripe API Key" starts or ends with a space/],
		['a value that is not well-formed text', '{"Stripe API Key": "sk_live_\\ud800_a1b2c3"}', /"Stripe API Key" is not well-formed text/],
	])('rejects %s, naming the secret and never showing its value', async (_label, secrets, message) => {
		const result = await testCredential({ vault: secrets });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toMatch(/4711|sk_live/);
	});
});
