/**
 * The RedFlare Webhook Tool as n8n loads it from the built package: an AI sub-node with the Definition
 * node's webhook parameters (the same objects, from the shared factory), the same credential and the
 * same load-options methods; and the Definition node no longer offered as a tool of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, type INodeParameters, type INodeProperties, type INodeType, type IVersionedNodeType } from 'n8n-workflow';

import { DEFINITION_NODE_TYPE, PACKAGE_ROOT, loadOptions, loadPackage, testCredential } from '../helpers/harness';
import { SECRETS, TOOL_TYPE, credentials } from './workflow';

async function nodeType(name: string): Promise<INodeType> {
	const found: INodeType | IVersionedNodeType | undefined = (await loadPackage()).nodeTypes[name];
	if (!found || !('description' in found) || 'nodeVersions' in found) throw new Error(`${name} is not a plain node type`);
	return found as INodeType;
}

/** Every loadOptionsMethod named anywhere in a property tree. */
function loadOptionsMethods(properties: INodeProperties[]): string[] {
	return properties.flatMap((property) => {
		const own = property.typeOptions?.loadOptionsMethod ? [property.typeOptions.loadOptionsMethod] : [];
		const nested = (property.options ?? []).flatMap((option) => {
			if ('values' in option) return loadOptionsMethods(option.values);
			if ('type' in option) return loadOptionsMethods([option as INodeProperties]);
			return [];
		});
		return [...own, ...nested];
	});
}

describe('RedFlare Webhook Tool: an AI sub-node', () => {
	it('has no main input, one ai_tool output, the secrets credential, and is filed under AI › Tools', async () => {
		const { description } = await nodeType(TOOL_TYPE);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['ai_tool']);
		expect(description.version).toBe(1);
		expect(description.credentials).toEqual([{ name: 'redFlareSecretsApi', required: false, testedBy: 'redFlareSecretsTest' }]);
		// n8n must not wrap a tool in another tool.
		expect(description.usableAsTool).toBeUndefined();
		const codex = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'dist/nodes/RedFlareWebhookTool/RedFlareWebhookTool.node.json'), 'utf8')) as Record<string, unknown>;
		expect(codex).toMatchObject({ node: TOOL_TYPE, categories: ['AI'], subcategories: { AI: ['Tools'] } });
	});

	it('shows the Definition node’s webhook parameters, without Name, as its version 2 shows them', async () => {
		const tool = (await nodeType(TOOL_TYPE)).description;
		const definition = (await nodeType(DEFINITION_NODE_TYPE)).description;
		const webhookParameters = definition.properties.map((property) => property.name).filter((name) => name !== 'webhookName' && name !== 'options');
		expect(tool.properties.map((property) => property.name)).toEqual(['toolNamingNotice', ...webhookParameters, 'options']);
		// What n8n keeps of the same parameters on a tool node (version 1) and a version 2 Definition node.
		const row = (valueType: string) => ({ name: `X-${valueType}`, valueType, dataType: 'integer', value: '7', secretName: 'Key', dynamicParam: 'p' });
		const parameters: INodeParameters = {
			method: 'POST',
			url: 'https://api.example.com/{p}',
			dynamicParams: { param: [{ name: 'p', dataType: 'integer', description: 'A number', required: false }] },
			...Object.fromEntries(['headers', 'queryParams', 'pathParams', 'body'].map((section) => [section, { field: ['dynamic', 'static', 'secret'].map(row) }])),
		};
		const resolved = (description: typeof tool, typeVersion: number) => {
			const all = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, { typeVersion }, description) as INodeParameters;
			return Object.fromEntries(webhookParameters.map((name) => [name, all[name]]));
		};
		const onTool = resolved(tool, 1);
		expect(onTool).toEqual(resolved(definition, 2));
		// A Dynamic field has no Type of its own there (version 1 of the Definition node has one).
		expect((onTool.headers as { field: INodeParameters[] }).field[0]).toEqual({ name: 'X-dynamic', valueType: 'dynamic', dynamicParam: 'p' });
		expect((resolved(definition, 1).headers as { field: INodeParameters[] }).field[0]).toEqual({ name: 'X-dynamic', valueType: 'dynamic', dynamicParam: 'p', dataType: 'integer' });
	});

	it('offers the call options, but not Dynamic Values Path or On Failure (a tool answers the model, always)', async () => {
		const options = (await nodeType(TOOL_TYPE)).description.properties.find((property) => property.name === 'options');
		expect((options?.options ?? []).map((option) => option.name)).toEqual([
			'includeHeaders',
			'maxResponseBytes',
			'maxResultChars',
			'keepFields',
			'retries',
			'retryNonIdempotent',
		]);
	});

	it.each([TOOL_TYPE, DEFINITION_NODE_TYPE])('%s registers every load-options method its parameters use', async (name) => {
		const type = await nodeType(name);
		const used = loadOptionsMethods(type.description.properties);
		expect(used.length).toBeGreaterThan(0);
		for (const method of used) expect(Object.keys(type.methods?.loadOptions ?? {})).toContain(method);
	});

	it('the Secret picker lists the credential’s secret names, and the credential test runs, as on the Definition node', async () => {
		expect(await loadOptions('getSecretNames', { nodeType: TOOL_TYPE, credentials })).toEqual(Object.keys(SECRETS).map((name) => ({ name, value: name })));
		expect(await testCredential({ vault: JSON.stringify(SECRETS) }, { nodeType: TOOL_TYPE })).toEqual({ status: 'OK', message: '1 secret found.' });
	});
});

describe('RedFlare Webhook Definition as a tool', () => {
	it('is not offered: n8n generates a "…Tool" variant only for a truthy usableAsTool', async () => {
		const { description } = await nodeType(DEFINITION_NODE_TYPE);
		expect('usableAsTool' in description).toBe(true);
		expect(description.usableAsTool).toBeFalsy();
	});
});
