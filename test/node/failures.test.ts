/**
 * Failures the agent is told about (nothing half-formed is sent), secrets that never show up anywhere,
 * tool call ids and item pairing, and On Failure = fail / Continue On Fail through the real engine.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, params, runWorkflow, type RunOptions, type WorkflowNode } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';

// Slash, plus and space: so the URL-, form- and JSON-encoded forms all differ from the raw value.
const SECRET = 'sk_live/4+4 Zq9';
const OTHER_SECRET = 'tok_second_55231';
const SECRETS = { 'Order API Key': SECRET, 'Second Key': OTHER_SECRET };
const credentials = { redFlareSecretsApi: { vault: JSON.stringify(SECRETS) } };

let server: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer();
	// Echoes back everything it received, secrets included.
	server.route('/echo', (request) => ({ body: { url: request.url, headers: request.headers, body: request.text } }));
	server.route('/echo-401', (request) => ({ status: 401, body: { error: 'bad key', got: request.headers['x-api-key'], url: request.url } }));
	server.route('/fail', { status: 500, body: { error: 'database down' } });
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

beforeEach(() => {
	server.requests.length = 0;
});

const orderLookup = (extra: INodeParameters = {}): INodeParameters => ({
	webhookName: 'order_lookup',
	method: 'GET',
	url: `${server.origin}/echo`,
	dynamicParams: params({ name: 'order_id', dataType: 'integer' }, { name: 'email', required: false }),
	queryParams: fields({ name: 'order_id', dataType: 'integer' }),
	...extra,
});

async function run(parameters: INodeParameters, items: IDataObject[], node: Partial<WorkflowNode> = {}, options: RunOptions = {}) {
	return await runWorkflow(definitionWorkflow(parameters, node), { credentials, triggerItems: items, ...options });
}

/** Every way the secret could be written down. */
function expectNoSecret(value: unknown): void {
	const text = JSON.stringify(value);
	for (const secret of Object.values(SECRETS)) {
		for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) {
			expect(text).not.toContain(form);
		}
	}
}

describe('nothing half-formed is sent', () => {
	it('a missing required value: not sent, the result names what is missing, the secrets are not even read', async () => {
		const result = await run(orderLookup({ headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Order API Key' }) }), [
			{ email: 'ann@example.com', toolCallId: 'call_1' },
		]);
		expect(result.outputOf('Webhook')).toEqual([
			{
				ok: false,
				error: { code: 'missing_params', missing: ['order_id'], message: expect.stringContaining('order_id') },
				toolCallId: 'call_1',
			},
		]);
		expect(server.requests).toHaveLength(0);
		expect(result.credentialReads).toHaveLength(0);
	});

	it('a value that does not convert to its data type: invalid_value, nothing sent', async () => {
		const result = await run(orderLookup(), [{ order_id: '12abc' }, { order_id: '42.5' }, { order_id: true }]);
		const outputs = result.outputOf('Webhook');
		for (const output of outputs) expect(output).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
		expect((outputs[0].error as IDataObject).message).toContain('order_id');
		expect(server.requests).toHaveLength(0);
	});

	it('an unknown secret name: config_error naming it, nothing sent', async () => {
		const result = await run(orderLookup({ headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Stripe Key' }) }), [
			{ order_id: 1 },
		]);
		expect(result.outputOf('Webhook')).toEqual([
			{ ok: false, error: { code: 'config_error', message: expect.stringContaining('"Stripe Key"') } },
		]);
		expect(server.requests).toHaveLength(0);
	});

	it('a Secret field but no credential selected: config_error, nothing sent', async () => {
		const result = await run(
			orderLookup({ headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Order API Key' }) }),
			[{ order_id: 1 }],
			{},
			{ attachCredentials: false },
		);
		expect(result.outputOf('Webhook')).toEqual([
			{ ok: false, error: { code: 'config_error', message: 'This webhook uses secrets: select a RedFlare Webhook Secrets credential on the node.' } },
		]);
		expect(server.requests).toHaveLength(0);
	});

	it('a Secret field and a selected credential that cannot be read (deleted, not shared): config_error saying so, nothing sent', async () => {
		const result = await run(
			orderLookup({ headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Order API Key' }) }),
			[{ order_id: 1 }],
			{ credentials: { redFlareSecretsApi: { id: 'deleted-credential', name: 'Gone' } } },
			{ credentials: {} },
		);
		expect(result.outputOf('Webhook')).toEqual([
			{ ok: false, error: { code: 'config_error', message: expect.stringContaining('credential could not be read') } },
		]);
		expect(server.requests).toHaveLength(0);
	});

	it('a secret that would break a header or does not fit its type: config_error that never quotes the value', async () => {
		const bad = { redFlareSecretsApi: { vault: JSON.stringify({ Injected: 'abc\r\nX-Evil: 1', Word: 'not-a-number' }) } };
		const result = await runWorkflow(
			definitionWorkflow({
				...orderLookup(),
				headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Injected' }),
			}),
			{ credentials: bad, triggerItems: [{ order_id: 1 }] },
		);
		const typed = await runWorkflow(
			definitionWorkflow({
				...orderLookup(),
				headers: fields({ name: 'X-Tenant', dataType: 'integer', valueType: 'secret', secretName: 'Word' }),
			}),
			{ credentials: bad, triggerItems: [{ order_id: 1 }] },
		);
		for (const output of [...result.outputOf('Webhook'), ...typed.outputOf('Webhook')]) {
			expect(output).toMatchObject({ ok: false, error: { code: 'config_error' } });
			expect(JSON.stringify(output)).not.toMatch(/X-Evil|not-a-number/);
		}
		expect(server.requests).toHaveLength(0);
	});

	it('a webhook that is wrong as configured (placeholder in the host, placeholder without a Path Param): config_error', async () => {
		const host = await run({ webhookName: 'bad', method: 'GET', url: 'http://{tenant}.example.com/x' }, [{}]);
		const orphan = await run({ webhookName: 'bad', method: 'GET', url: `${server.origin}/orders/{id}` }, [{ id: 1 }]);
		expect(host.outputOf('Webhook')[0]).toMatchObject({ ok: false, error: { code: 'config_error' } });
		expect(orphan.outputOf('Webhook')[0]).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('{id}') } });
		expect(server.requests).toHaveLength(0);
	});
});

describe('secrets never show up', () => {
	const everywhere = (url = `${server.origin}/echo/{key}`): INodeParameters => ({
		webhookName: 'echo_service',
		method: 'POST',
		url,
		headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Order API Key' }),
		queryParams: fields({ name: 'key', valueType: 'secret', secretName: 'Order API Key' }),
		pathParams: fields({ name: 'key', valueType: 'secret', secretName: 'Second Key' }),
		body: fields({ name: 'auth.key', valueType: 'secret', secretName: 'Order API Key' }, { name: 'auth.other', valueType: 'secret', secretName: 'Second Key' }),
	});

	it('the server got them, but output items and the whole run data hold none, even when the server echoes them', async () => {
		server.route(`/echo/${encodeURIComponent(OTHER_SECRET)}`, (request) => ({
			body: { url: request.url, headers: request.headers, body: request.text, parsed: JSON.parse(request.text) as unknown },
		}));
		const result = await run(everywhere(), [{ toolCallId: 'call_s' }]);
		const [request] = server.requests;
		expect(request.headers['x-api-key']).toBe(SECRET);
		expect(request.url).toBe(`/echo/${encodeURIComponent(OTHER_SECRET)}?key=sk_live%2F4%2B4+Zq9`);
		expect(JSON.parse(request.text)).toEqual({ auth: { key: SECRET, other: OTHER_SECRET } });

		const [output] = result.outputOf('Webhook');
		expect(output).toMatchObject({ ok: true, toolCallId: 'call_s' });
		const data = output.data as IDataObject;
		expect((data.headers as IDataObject)['x-api-key']).toBe('[redacted]');
		expect(data.parsed).toEqual({ auth: { key: '[redacted]', other: '[redacted]' } });
		expectNoSecret(result.outputOf('Webhook'));
		expectNoSecret(result.run);
		// The node's parameters name the secrets only.
		expectNoSecret(result.run.data);
	});

	it('in http_error details and error messages, in "return" and in "fail" mode', async () => {
		const parameters = { ...everywhere(`${server.origin}/echo-401`), pathParams: {} };
		const returned = await run(parameters, [{}]);
		const [output] = returned.outputOf('Webhook');
		expect(output).toMatchObject({ ok: false, error: { code: 'http_error', status: 401, details: { got: '[redacted]' } } });
		expectNoSecret(returned.run);

		const failed = await run({ ...parameters, options: { onFailure: 'fail' } }, [{}]);
		expect(failed.error?.name).toBe('NodeApiError');
		expectNoSecret(failed.error);
		expectNoSecret({ message: failed.error?.message, description: failed.error?.description, stack: failed.error?.stack });
		expectNoSecret(failed.run);
	});
});

describe('agent bookkeeping', () => {
	it('carries the tool call id and pairs every output item with its input item, success or failure', async () => {
		const result = await run(orderLookup(), [
			{ order_id: 1, toolCallId: 'call_a' },
			{ toolCallId: 'call_b' },
			{ params: { order_id: '3' }, toolCallId: 'call_c' },
			{ order_id: 4 },
		]);
		const items = result.itemsOf('Webhook');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items.map((item) => [item.json.toolCallId, item.json.ok])).toEqual([
			['call_a', true],
			['call_b', false],
			['call_c', true],
			[undefined, true],
		]);
		expect('toolCallId' in items[3].json).toBe(false);
		expect(server.requests.map((request) => request.url)).toEqual(['/echo?order_id=1', '/echo?order_id=3', '/echo?order_id=4']);
	});
});

describe('On Failure', () => {
	it('"fail" stops the execution with an n8n error naming the item index; one call at a time, earlier items were sent and later ones not', async () => {
		const result = await run(orderLookup({ options: { onFailure: 'fail', maxParallelCalls: 1 } }), [{ order_id: 1 }, { email: 'x@y.z' }, { order_id: 3 }]);
		// n8n keeps the thrown error as a plain copy of its own properties, `name` included.
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toContain('order_id');
		expect(result.error?.context.itemIndex).toBe(1);
		expect(result.error?.description).toContain('missing_params');
		expect(result.run.status).toBe('error');
		expect(result.nodeError('Webhook')).toEqual(result.error);
		expect(server.requests).toHaveLength(1);
	});

	it('"fail" raises a NodeApiError with the HTTP status for an http_error', async () => {
		const result = await run(orderLookup({ url: `${server.origin}/fail`, options: { onFailure: 'fail' } }), [{ order_id: 1 }]);
		const error = result.error as unknown as { name: string; httpCode: string; context: IDataObject; message: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(0);
		expect(error.message).toContain('HTTP 500');
	});

	it.each([
		['continueOnFail: true', { continueOnFail: true }],
		['On Error: Continue', { onError: 'continueRegularOutput' as const }],
	])('"fail" with %s: the execution goes on and the item carries the error', async (_label, node) => {
		const result = await run(orderLookup({ url: `${server.origin}/fail`, options: { onFailure: 'fail' } }), [{ order_id: 1 }, { toolCallId: 't2' }], node);
		expect(result.error).toBeUndefined();
		const items = result.itemsOf('Webhook');
		expect(items.map((item) => item.json)).toEqual([
			{ ok: false, error: expect.objectContaining({ code: 'http_error', status: 500, details: { error: 'database down' } }) },
			{ ok: false, error: expect.objectContaining({ code: 'missing_params', missing: ['order_id'] }), toolCallId: 't2' },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('"fail" with On Error: Continue (using error output): failed items go to the error output, paired', async () => {
		const workflow = definitionWorkflow(orderLookup({ url: `${server.origin}/echo`, options: { onFailure: 'fail' } }), {
			onError: 'continueErrorOutput',
		});
		workflow.nodes.push({ name: 'Answered', type: 'n8n-nodes-base.noOp' }, { name: 'Failed', type: 'n8n-nodes-base.noOp' });
		workflow.connections.Webhook = {
			main: [[{ node: 'Answered', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]],
		};
		const result = await runWorkflow(workflow, { credentials, triggerItems: [{ order_id: 1, toolCallId: 'a' }, { toolCallId: 'b' }] });
		expect(result.error).toBeUndefined();
		expect(result.outputOf('Answered')).toEqual([expect.objectContaining({ ok: true, toolCallId: 'a' })]);
		const failed = result.itemsOf('Webhook', 1);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json.error).toEqual(expect.stringContaining('order_id'));
		expect(result.outputOf('Failed')).toHaveLength(1);
	});

	it('"return" (the default) never fails the execution', async () => {
		const result = await run(orderLookup({ url: `${server.origin}/fail` }), [{ order_id: 1 }, {}]);
		expect(result.error).toBeUndefined();
		expect(result.outputOf('Webhook').map((item) => (item.error as IDataObject).code)).toEqual(['http_error', 'missing_params']);
	});
});
