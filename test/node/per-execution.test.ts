/**
 * What the Definition node reads once per execution instead of once per item, through n8n-core's real
 * engine (the node loaded from dist/) against a real local server: the secrets credential (read once,
 * never kept for the next execution), and the definition and options when none of their parameters is
 * an expression; an expression is still evaluated for every item.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import * as builtDefinition from '../../dist/engine/definition';
import { definitionWorkflow, fields, params, runWorkflow } from '../helpers/harness';
import { serverForFile } from '../helpers/network';
import type { TestServer } from '../../scripts/test-server';

const ORDER_KEY = 'sk_live_orders_4f9a1c';
const SECOND_KEY = 'tok_second_77e2b0a9';
const vault = (secrets: Record<string, string>) => ({ redFlareSecretsApi: { vault: JSON.stringify(secrets) } });
const credentials = vault({ 'Orders API Key': ORDER_KEY, 'Second Key': SECOND_KEY, 'Unused Key': 'unused_value_123' });

const testServer = serverForFile((request) => ({
	body: { path: request.url, key: request.headers['x-api-key'] ?? null, tenant: request.headers['x-tenant'] ?? null, extra: 'x' },
}));
let server: TestServer;

beforeEach(() => {
	server = testServer();
});

afterEach(() => {
	jest.restoreAllMocks();
});

const lookup = (extra: INodeParameters = {}): INodeParameters => ({
	webhookName: 'order_lookup',
	method: 'GET',
	url: `${server.origin}/orders/{id}`,
	dynamicParams: params({ name: 'id', dataType: 'integer' }),
	pathParams: fields({ name: 'id', dataType: 'integer' }),
	headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders API Key' }),
	...extra,
});

const ids = (count: number) => Array.from({ length: count }, (_, id) => ({ id }));

/** Counts n8n-core's parameter reads by name and each zod validation of a definition, during `work`. */
async function counting<T>(work: () => Promise<T>): Promise<{ value: T; reads: (name: string) => number; validations: () => number }> {
	const contextPrototype = ExecuteContext.prototype as unknown as { _getNodeParameter(name: string): unknown };
	const read = jest.spyOn(contextPrototype, '_getNodeParameter');
	const validate = jest.spyOn(builtDefinition, 'parseDefinition');
	const value = await work();
	return {
		value,
		reads: (name) => read.mock.calls.filter(([parameter]) => parameter === name).length,
		validations: () => validate.mock.calls.length,
	};
}

describe('the secrets credential', () => {
	it('is read and decrypted once for an execution of many items, and every call carries the secret', async () => {
		const result = await runWorkflow(definitionWorkflow(lookup()), { credentials, triggerItems: ids(25) });

		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(25);
		expect(server.requests.every((request) => request.headers['x-api-key'] === ORDER_KEY)).toBe(true);
		expect(result.credentialReads).toEqual([expect.objectContaining({ type: 'redFlareSecretsApi' })]);
	});

	it('is read once even when each item picks its secret by expression; each call gets its own', async () => {
		const parameters = lookup({
			headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: '={{ $json.id % 2 ? "Second Key" : "Orders API Key" }}' }),
		});
		const result = await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: ids(10) });

		expect(result.error).toBeUndefined();
		expect(result.credentialReads).toHaveLength(1);
		const keyOf = (id: number) => server.requests.find((request) => request.url === `/orders/${id}`)?.headers['x-api-key'];
		expect(ids(10).map(({ id }) => keyOf(id))).toEqual(ids(10).map(({ id }) => (id % 2 ? SECOND_KEY : ORDER_KEY)));
	});

	it('is not kept for the next execution: a changed value is used at once', async () => {
		const first = await runWorkflow(definitionWorkflow(lookup()), { credentials, triggerItems: ids(3) });
		const changed = vault({ 'Orders API Key': 'sk_live_rotated_0b7d55' });
		const second = await runWorkflow(definitionWorkflow(lookup()), { credentials: changed, triggerItems: ids(3) });

		expect([first.credentialReads.length, second.credentialReads.length]).toEqual([1, 1]);
		expect(server.requests.map((request) => request.headers['x-api-key'])).toEqual([...Array(3).fill(ORDER_KEY), ...Array(3).fill('sk_live_rotated_0b7d55')]);
	});

	it('a secret missing from the credential fails only the items that use it', async () => {
		const parameters = lookup({
			headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: '={{ $json.id === 2 ? "Gone Key" : "Orders API Key" }}' }),
		});
		const result = await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: ids(4) });

		const outputs = result.outputOf('Webhook');
		expect(outputs.map((json) => json.ok)).toEqual([true, true, false, true]);
		expect(outputs[2].error).toEqual(expect.objectContaining({ code: 'config_error', message: expect.stringContaining('"Gone Key"') }));
		expect(result.credentialReads).toHaveLength(1);
	});
});

describe('the definition and options', () => {
	it('are read and validated once for all items when no parameter is an expression', async () => {
		const { value: result, reads, validations } = await counting(
			async () => await runWorkflow(definitionWorkflow(lookup({ options: { keepFields: 'path' } })), { credentials, triggerItems: ids(30) }),
		);

		expect(result.error).toBeUndefined();
		expect(result.outputOf('Webhook')).toEqual(ids(30).map(({ id }) => ({ ok: true, status: 200, data: { path: `/orders/${id}` } })));
		expect([reads('url'), reads('headers'), reads('options'), validations()]).toEqual([1, 1, 1, 1]);
	});

	it('an expression in the URL is evaluated for every item, and the definition validated for each', async () => {
		const parameters = lookup({ url: `={{ "${server.origin}/" + $json.area + "/{id}" }}` });
		const items = ids(12).map(({ id }) => ({ id, area: id % 3 ? 'orders' : 'returns' }));
		const { value: result, reads, validations } = await counting(async () => await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: items }));

		expect(result.error).toBeUndefined();
		expect(server.requests.map((request) => request.url).sort()).toEqual(items.map(({ id, area }) => `/${area}/${id}`).sort());
		expect([reads('url'), validations()]).toEqual([12, 12]);
		expect(result.credentialReads).toHaveLength(1);
	});

	it('an expression in a static field’s value is evaluated for every item', async () => {
		const parameters = lookup({
			headers: fields(
				{ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders API Key' },
				{ name: 'X-Tenant', valueType: 'static', value: '={{ "tenant-" + $json.tenant }}' },
			),
		});
		const items = ids(6).map(({ id }) => ({ id, tenant: `t${id * 7}` }));
		const result = await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: items });

		expect(result.outputOf('Webhook').map((json) => (json.data as IDataObject).tenant)).toEqual(items.map(({ tenant }) => `tenant-${tenant}`));
	});

	it('an expression in the options is evaluated for every item', async () => {
		const parameters = lookup({ options: { keepFields: '={{ $json.keep }}' } });
		const items = [
			{ id: 1, keep: 'path' },
			{ id: 2, keep: 'key' },
			{ id: 3, keep: 'path,extra' },
		];
		const { value: result, reads } = await counting(async () => await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: items }));

		expect(result.outputOf('Webhook').map((json) => json.data)).toEqual([{ path: '/orders/1' }, { key: '[redacted]' }, { path: '/orders/3', extra: 'x' }]);
		expect(reads('options')).toBe(3);
		// The definition itself has no expression: read once.
		expect(reads('url')).toBe(1);
	});
});
