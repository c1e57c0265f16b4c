/**
 * Rules the other node tests leave open, through n8n-core's real engine and the node as n8n loads it
 * from dist/ (run `npm run build` first): the URL as an n8n expression, the Timeout parameter and its
 * default, the editor's display rules (evaluated by n8n-workflow's own NodeHelpers), statelessness
 * across runs and items, and retries inside the timeout (one deadline for every attempt, network errors).
 */
import {
	NodeHelpers,
	type IConnections,
	type IDataObject,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	DEFINITION_NODE_TYPE,
	definitionWorkflow,
	fields,
	loadPackage,
	params,
	runWorkflow,
	type RunOptions,
	type RunResult,
	type WorkflowJson,
} from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type Handler, type TestServer } from '../../scripts/test-server';
import { webhookRequest } from '../helpers/test-nodes';

const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';

let server: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer();
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

beforeEach(() => {
	server.requests.length = 0;
});

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; elapsed: number }> {
	const started = Date.now();
	const value = await run();
	return { value, elapsed: Date.now() - started };
}

async function call(parameters: INodeParameters, items: IDataObject[], options: RunOptions = {}): Promise<IDataObject[]> {
	const result = await runWorkflow(definitionWorkflow(parameters), { triggerItems: items, ...options });
	expect(result.error).toBeUndefined();
	return result.outputOf('Webhook');
}

const sent = () => server.requests.map((request) => `${request.method} ${request.url}`);

async function definitionDescription(): Promise<INodeTypeDescription> {
	const { nodeTypes } = await loadPackage();
	return (nodeTypes[DEFINITION_NODE_TYPE] as INodeType).description;
}

function property(description: INodeTypeDescription, name: string): INodeProperties {
	const found = description.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`The node has no "${name}" parameter`);
	return found;
}

describe('URL as an n8n expression', () => {
	const orderLookup = (url: string): INodeParameters => ({
		method: 'GET',
		url,
		dynamicParams: params({ name: 'order_number' }),
		pathParams: fields({ name: 'order_number' }),
	});

	it('is evaluated per item ($json.base), and the placeholders in the resolved path are still filled by Path Params', async () => {
		const outputs = await call(orderLookup('={{ $json.base }}/orders/{order_number}'), [
			{ base: `${server.origin}/tenant-a`, order_number: 'A/1' },
			{ base: `${server.origin}/tenant-b`, order_number: 'B-2' },
		]);
		expect(outputs).toEqual([
			{ ok: true, status: 200, data: { ok: true } },
			{ ok: true, status: 200, data: { ok: true } },
		]);
		// Each item its own base; the value is still encoded as one segment.
		expect(sent()).toEqual(['GET /tenant-a/orders/A%2F1', 'GET /tenant-b/orders/B-2']);
	});

	it('a whole-string expression with the placeholder inside it works the same', async () => {
		await call(orderLookup(`={{ "${server.origin}" + "/v" + (1 + 1) + "/orders/{order_number}" }}`), [{ order_number: 'C-3' }]);
		expect(sent()).toEqual(['GET /v2/orders/C-3']);
	});

	it('a resolved URL with a placeholder in the host or port is still refused: config_error, nothing sent', async () => {
		const outputs = await call(
			{
				method: 'GET',
				url: '={{ $json.base }}/orders',
				dynamicParams: params({ name: 'port' }),
				pathParams: fields({ name: 'port' }),
			},
			[{ base: 'http://127.0.0.1:{port}', port: String(server.port) }],
		);
		expect(outputs).toEqual([
			{ ok: false, error: { code: 'config_error', message: expect.stringContaining('{placeholders} are allowed in the path only') } },
		]);
		expect(outputs[0].error).toMatchObject({ message: expect.stringContaining('http://127.0.0.1:{port}/orders') });
		expect(server.requests).toHaveLength(0);
	});
});

describe('Timeout parameter', () => {
	it('is described as default 10, min 1, max 300 seconds', async () => {
		const timeout = property(await definitionDescription(), 'timeout');
		expect(timeout).toMatchObject({ type: 'number', default: 10, typeOptions: { minValue: 1, maxValue: 300 } });
	});

	it('a node without a timeout parameter waits longer than 1 s: a server answering after 1.5 s succeeds, where 1 s times out', async () => {
		server.route('/slow', { delayMs: 1500, body: { late: true } });
		const parameters: INodeParameters = { method: 'GET', url: `${server.origin}/slow` };
		expect(await call(parameters, [{}])).toEqual([{ ok: true, status: 200, data: { late: true } }]);
		expect(await call({ ...parameters, timeout: 1 }, [{}])).toEqual([
			{
				ok: false,
				error: { code: 'timeout', message: 'The "test_webhook" service did not answer within 1 s, so the call was abandoned.' },
			},
		]);
	});

	it('the timeout message names the configured seconds', async () => {
		server.route('/hang', { hang: true });
		const { value: outputs, elapsed } = await timed(() => call({ method: 'GET', url: `${server.origin}/hang`, timeout: 2 }, [{}]));
		expect(outputs[0].error).toEqual({ code: 'timeout', message: expect.stringContaining('within 2 s') });
		expect(elapsed).toBeGreaterThanOrEqual(1950);
		// Where the server holds the connection, so a slow start of the run on a busy machine does not count.
		const held = await server.ended(0);
		expect(held.aborted).toBe(true);
		expect(held.ms).toBeLessThan(3000);
	});

	it('without a timeout parameter the budget is exactly 10 s (seen through the retry budget, without waiting 10 s)', async () => {
		// A Retry-After wait is taken only while it fits the timeout: 9 s fits a 10 s budget, 10 s does not.
		const busy = (seconds: number) => {
			let calls = 0;
			return () => (++calls === 1 ? { status: 503, headers: { 'Retry-After': String(seconds) }, body: 'busy' } : { body: { ok: 'later' } });
		};
		server.route('/busy-10', busy(10));
		server.route('/busy-9', busy(9));
		const parameters = (path: string): INodeParameters => ({ method: 'GET', url: `${server.origin}${path}`, options: { retries: 1 } });

		// 10 s does not fit: the 503 is answered at once.
		const { value: outputs, elapsed } = await timed(() => call(parameters('/busy-10'), [{}]));
		expect(outputs).toEqual([{ ok: false, error: expect.objectContaining({ code: 'http_error', status: 503 }) }]);
		expect(elapsed).toBeLessThan(5000); // waiting would have taken 10 s
		expect(server.requests).toHaveLength(1);

		// 9 s fits: the node waits to retry (still waiting after 500 ms); cancelling the execution ends the wait.
		server.requests.length = 0;
		const cancel = new AbortController();
		let settled = false;
		const running = runWorkflow(definitionWorkflow(parameters('/busy-9')), { triggerItems: [{}], cancelSignal: cancel.signal }).finally(() => {
			settled = true;
		});
		await server.waitForRequests(1);
		await new Promise((done) => setTimeout(done, 500));
		expect(settled).toBe(false);
		cancel.abort();
		const result = await running;
		expect(result.run.status).toBe('canceled');
		expect(server.requests).toHaveLength(1);
	});
});

describe('editor display rules (evaluated by n8n-workflow NodeHelpers)', () => {
	const SECTIONS = [
		{ name: 'headers', displayName: 'Headers', placeholder: 'Add Header' },
		{ name: 'queryParams', displayName: 'Query Params', placeholder: 'Add Query Param' },
		{ name: 'pathParams', displayName: 'Path Params', placeholder: 'Add Path Param' },
		{ name: 'body', displayName: 'Body', placeholder: 'Add Body Field' },
	];

	it('the four field collections have the same row shape and their "Add …" placeholders', async () => {
		const description = await definitionDescription();
		const sections = SECTIONS.map((section) => property(description, section.name));
		for (const [index, section] of sections.entries()) {
			expect(section).toMatchObject({ ...SECTIONS[index], type: 'fixedCollection', typeOptions: { multipleValues: true }, default: {} });
		}
		const [first, ...others] = sections.map((section) => section.options);
		for (const rows of others) expect(rows).toEqual(first);
		const row = (first as Array<{ name: string; values: INodeProperties[] }>)[0];
		expect(row.name).toBe('field');
		// Reading order, which is also the alphabetical order n8n's lint asks for; Type twice: one per version.
		expect(row.values.map((value) => [value.displayName, value.name])).toEqual([
			['Field Name', 'name'],
			['Fill With', 'valueType'],
			['From Dynamic Param Name or ID', 'dynamicParam'],
			['Secret Name or ID', 'secretName'],
			['Static Value', 'value'],
			['Type', 'dataType'],
			['Type', 'dataType'],
		]);
		const byName = Object.fromEntries(row.values.map((value) => [value.name, value]));
		expect(byName.dataType.options).toEqual([
			{ name: 'String', value: 'string' },
			{ name: 'Number', value: 'number' },
			{ name: 'Integer', value: 'integer' },
			{ name: 'Boolean', value: 'boolean' },
		]);
		expect((byName.valueType.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['dynamic', 'static', 'secret']);
		expect(byName.valueType.default).toBe('dynamic');
		expect(byName.secretName).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'getSecretNames' } });
		expect(byName.dynamicParam).toMatchObject({ type: 'options', default: '', typeOptions: { loadOptionsMethod: 'getDynamicParams' } });
	});

	it.each([
		[1, 'static', ['dataType', 'name', 'value', 'valueType']],
		[1, 'secret', ['dataType', 'name', 'secretName', 'valueType']],
		[1, 'dynamic', ['dataType', 'dynamicParam', 'name', 'valueType']],
		[2, 'static', ['dataType', 'name', 'value', 'valueType']],
		[2, 'secret', ['dataType', 'name', 'secretName', 'valueType']],
		// One type per value: the field takes its Dynamic Param's.
		[2, 'dynamic', ['dynamicParam', 'name', 'valueType']],
	])('version %i, in a row with valueType %s, n8n shows exactly %j', async (typeVersion, valueType, shown) => {
		const description = await definitionDescription();
		const node = { typeVersion };
		for (const section of SECTIONS) {
			const row = { name: 'X-Key', dataType: 'string', valueType, value: 'v', secretName: 'Key', dynamicParam: 'key' };
			const nodeValues: INodeParameters = { method: 'POST', url: 'https://api.example.com', [section.name]: { field: [row] } };
			const values = (property(description, section.name).options as Array<{ values: INodeProperties[] }>)[0].values;
			// The editor's own check for a parameter inside a collection row.
			const visible = values.filter((value) =>
				NodeHelpers.displayParameterPath({ parameters: nodeValues }, value, `parameters.${section.name}.field[0]`, node, description),
			);
			expect(visible.map((value) => value.name).sort()).toEqual(shown);
			// And what n8n keeps of the row when it resolves the node's parameters.
			const resolved = NodeHelpers.getNodeParameters(description.properties, nodeValues, true, false, node, description) as INodeParameters;
			const [kept] = (resolved[section.name] as { field: INodeParameters[] }).field;
			expect(Object.keys(kept).sort()).toEqual(shown);
		}
	});

	it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])('Body and Body Content Type for %s', async (method) => {
		const description = await definitionDescription();
		const node = { typeVersion: 1 };
		const nodeValues: INodeParameters = { method, url: 'https://api.example.com' };
		const shown = method !== 'GET';
		for (const name of ['body', 'bodyContentType']) {
			expect(NodeHelpers.displayParameter(nodeValues, property(description, name), node, description)).toBe(shown);
		}
		// Headers, Query and Path Params show for every method.
		for (const name of ['headers', 'queryParams', 'pathParams', 'timeout', 'url']) {
			expect(NodeHelpers.displayParameter(nodeValues, property(description, name), node, description)).toBe(true);
		}
		const resolved = NodeHelpers.getNodeParameters(description.properties, nodeValues, true, false, node, description) as INodeParameters;
		expect('body' in resolved).toBe(shown);
		expect('bodyContentType' in resolved).toBe(shown);
	});
});

describe('statelessness', () => {
	const keyed = (): INodeParameters => ({
		method: 'GET',
		url: `${server.origin}/keyed`,
		headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Api Key' }),
	});
	const vault = (key: string) => ({ redFlareSecretsApi: { vault: JSON.stringify({ 'Api Key': key }) } });

	it('the same workflow run twice with different credential data sends the new secret the second time', async () => {
		const workflow = definitionWorkflow(keyed());
		const first = await runWorkflow(workflow, { credentials: vault('sk_first_111') });
		const second = await runWorkflow(workflow, { credentials: vault('sk_second_222') });
		expect(first.outputOf('Webhook')).toEqual([{ ok: true, status: 200, data: { ok: true } }]);
		expect(second.outputOf('Webhook')).toEqual([{ ok: true, status: 200, data: { ok: true } }]);
		expect(server.requests.map((request) => request.headers['x-api-key'])).toEqual(['sk_first_111', 'sk_second_222']);
		expect(JSON.stringify(second.runData)).not.toContain('sk_');
	});

	it('items in one run each get their own request; an absent optional value is not carried over from the item before', async () => {
		const outputs = await call(
			{
				method: 'GET',
				url: `${server.origin}/customers/{id}`,
				dynamicParams: params({ name: 'id', dataType: 'integer' }, { name: 'note', required: false }, { name: 'lang', required: false }),
				pathParams: fields({ name: 'id', dataType: 'integer' }),
				queryParams: fields({ name: 'note' }),
				headers: fields({ name: 'Accept-Language', dynamicParam: 'lang' }),
			},
			[
				{ id: '1', note: 'first', lang: 'de', toolCallId: 'c1' },
				{ id: 2, toolCallId: 'c2' },
				{ id: '3', note: 'third', toolCallId: 'c3' },
			],
		);
		expect(outputs.map((output) => [output.toolCallId, output.ok])).toEqual([
			['c1', true],
			['c2', true],
			['c3', true],
		]);
		expect(sent()).toEqual(['GET /customers/1?note=first', 'GET /customers/2', 'GET /customers/3?note=third']);
		expect(server.requests.map((request) => request.headers['accept-language'])).toEqual(['de', undefined, undefined]);
	});

	describe('through the Tool Call node', () => {
		const main = (node: string, index = 0) => ({ node, type: 'main' as const, index });

		/** Webhook → Route (lookup_order → `linked`) → `definitionName` → Merge → Reply → Respond. */
		function toolWorkflow(definition: INodeParameters, options: { definitionName?: string; linked?: string; describe?: boolean } = {}): WorkflowJson {
			const definitionName = options.definitionName ?? 'Lookup Order';
			const connections: IConnections = {
				Webhook: { main: [[main('Route Tool Calls')]] },
				'Route Tool Calls': { main: [[main(definitionName)], [main('Merge', 1)], []] },
				[definitionName]: { main: [[main('Merge', 0)]] },
				Merge: { main: [[main('Reply to Agent')]] },
				'Reply to Agent': { main: [[main('Respond to Webhook')]] },
			};
			return {
				nodes: [
					{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { httpMethod: 'POST', path: 'tools', responseMode: 'responseNode' } },
					{
						name: 'Route Tool Calls',
						type: TOOL_CALL,
						parameters: {
							operation: 'route',
							payloadFormat: 'auto',
							tools: { tool: [{ name: 'lookup_order', webhook: options.linked ?? 'Lookup Order' }] },
							describe: options.describe ?? false,
						},
					},
					{ name: definitionName, type: DEFINITION_NODE_TYPE, parameters: definition },
					{ name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters: { mode: 'append', numberInputs: 2 } },
					{ name: 'Reply to Agent', type: TOOL_CALL, parameters: { operation: 'reply', replyFormat: 'redflare' } },
					{ name: 'Respond to Webhook', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, parameters: { respondWith: 'firstIncomingItem' } },
				],
				connections,
			};
		}

		const lookup = (version: string, extraParams: Array<{ name: string; required: boolean }> = []): INodeParameters => ({
			webhookName: 'Order Status',
			webhookDescription: 'Look up an order',
			method: 'GET',
			url: `${server.origin}/${version}/orders/{order_number}`,
			dynamicParams: params({ name: 'order_number', required: true }, ...extraParams),
			pathParams: fields({ name: 'order_number' }),
			headers: fields({ name: 'X-Version', valueType: 'static', value: version }),
		});

		const request = (args: IDataObject, id = 'tc-1') => webhookRequest({ tool: 'lookup_order', params: args, toolCallId: id });

		async function run(workflow: WorkflowJson, trigger: IDataObject): Promise<RunResult> {
			const result = await runWorkflow(workflow, { triggerItems: [trigger] });
			expect(result.error).toBeUndefined();
			return result;
		}

		it('a Definition edited between two runs is picked up at once, by the route check and by the call', async () => {
			await run(toolWorkflow(lookup('v1')), request({ order_number: 'A-1' }));
			expect(sent()).toEqual(['GET /v1/orders/A-1']);
			expect(server.requests[0].headers['x-version']).toBe('v1');

			// Edited: another path and header value, and a new required Dynamic Param.
			server.requests.length = 0;
			const edited = toolWorkflow(lookup('v2', [{ name: 'email', required: true }]));
			const refused = await run(edited, request({ order_number: 'A-1' }, 'tc-2'));
			expect(refused.outputOf('Route Tool Calls', 1)).toEqual([
				expect.objectContaining({ ok: false, toolCallId: 'tc-2', error: expect.objectContaining({ code: 'missing_params', missing: ['email'] }) }),
			]);
			expect(server.requests).toHaveLength(0);

			const sentNow = await run(edited, request({ order_number: 'A-1', email: 'a@b.c' }, 'tc-3'));
			expect(sentNow.outputOf('Reply to Agent')).toEqual([{ ok: true, status: 200, data: { ok: true }, toolCallId: 'tc-3' }]);
			expect(sent()).toEqual(['GET /v2/orders/A-1']);
			expect(server.requests[0].headers['x-version']).toBe('v2');
		});

		it('renaming the Definition node without updating the Tools row: Describe reports the broken link, routing gives tool_unavailable', async () => {
			const renamed = { definitionName: 'Order Lookup (renamed)', linked: 'Lookup Order' };
			const described = await run(toolWorkflow(lookup('v1'), { ...renamed, describe: true }), webhookRequest({}));
			expect(described.outputOf('Route Tool Calls', 2)).toEqual([
				{ tool: 'lookup_order', webhook: 'Lookup Order', status: 'linked webhook "Lookup Order" is not a node downstream of this one' },
			]);

			const routed = await run(toolWorkflow(lookup('v1'), renamed), request({ order_number: 'A-1' }, 'tc-r'));
			expect(routed.outputOf('Route Tool Calls', 0)).toEqual([]);
			expect(routed.executedNodes).not.toContain('Order Lookup (renamed)');
			expect(routed.outputOf('Reply to Agent')).toEqual([
				{
					ok: false,
					error: {
						code: 'tool_unavailable',
						message: 'The tool "lookup_order" cannot be used right now: it is not available (linked webhook "Lookup Order" is not a node downstream of this one).',
					},
					toolCallId: 'tc-r',
					tool: 'lookup_order',
				},
			]);
			expect(server.requests).toHaveLength(0);
		});
	});
});

describe('retries inside the timeout', () => {
	it('a hanging server with timeout 1 s and 3 retries: one timeout result after about 1 s, not 4 s', async () => {
		server.route('/hang-retry', { hang: true });
		const { value: outputs, elapsed } = await timed(() =>
			call({ method: 'GET', url: `${server.origin}/hang-retry`, timeout: 1, options: { retries: 3 } }, [{}]),
		);
		expect(outputs).toEqual([{ ok: false, error: { code: 'timeout', message: expect.stringContaining('within 1 s') } }]);
		expect(elapsed).toBeGreaterThanOrEqual(950);
		// No retry after the deadline: one request, abandoned after about 1 s.
		expect(server.requests).toHaveLength(1);
		const held = await server.ended(0);
		expect(held.aborted).toBe(true);
		expect(held.ms).toBeLessThan(2000);
	});

	it('every attempt shares the one deadline: 503s after 0.6 s with timeout 1 s and 3 retries end in timeout at about 1 s after exactly 2 requests', async () => {
		// With a deadline per attempt this would be 4 requests and an http_error 503 after about 2.4 s.
		server.route('/slow-busy', { delayMs: 600, status: 503, headers: { 'Retry-After': '0' }, body: 'busy' });
		const { value: outputs, elapsed } = await timed(() =>
			call({ method: 'GET', url: `${server.origin}/slow-busy`, timeout: 1, options: { retries: 3 } }, [{}]),
		);
		expect(outputs).toEqual([{ ok: false, error: { code: 'timeout', message: expect.stringContaining('within 1 s') } }]);
		expect(elapsed).toBeGreaterThanOrEqual(950);
		expect(sent()).toEqual(['GET /slow-busy', 'GET /slow-busy']);
		// The second attempt was cut by the shared deadline, not answered.
		expect((await server.ended(1)).aborted).toBe(true);
	});

	it('a connection reset is retried: the first request dropped, the second answered 200 → ok after 2 attempts', async () => {
		// Each path drops the connection of its first request without an answer (the client sees a reset).
		const dropFirst = (): Handler => {
			let seen = 0;
			return () => (++seen === 1 ? { drop: true } : { body: { ok: 'after reset' } });
		};
		server.route('/once/orders/A-1', dropFirst());
		server.route('/again/orders/A-1', dropFirst());
		const parameters = (path: string, retries: number): INodeParameters => ({ method: 'GET', url: `${server.origin}${path}`, timeout: 5, options: { retries } });

		// Without retries the reset is the answer: a network_error after one request.
		expect(await call(parameters('/once/orders/A-1', 0), [{}])).toEqual([
			{ ok: false, error: { code: 'network_error', message: 'The "test_webhook" service could not be reached (ECONNRESET).' } },
		]);
		expect(sent()).toEqual(['GET /once/orders/A-1']);

		// With retries the same reset is tried again, once.
		expect(await call(parameters('/again/orders/A-1', 3), [{}])).toEqual([{ ok: true, status: 200, data: { ok: 'after reset' } }]);
		expect(sent()).toEqual(['GET /once/orders/A-1', 'GET /again/orders/A-1', 'GET /again/orders/A-1']);
	});

	it('a 429 with Retry-After: 0, then 200: ok, with exactly 2 requests', async () => {
		let calls = 0;
		server.route('/rate-limited', () => (++calls === 1 ? { status: 429, headers: { 'Retry-After': '0' }, body: { error: 'slow down' } } : { body: { ok: 'now' } }));
		expect(await call({ method: 'GET', url: `${server.origin}/rate-limited`, options: { retries: 3 } }, [{}])).toEqual([
			{ ok: true, status: 200, data: { ok: 'now' } },
		]);
		expect(sent()).toEqual(['GET /rate-limited', 'GET /rate-limited']);
	});

	it('a Retry-After longer than the time left is not waited for: the 429 is answered at once', async () => {
		server.route('/later', { status: 429, headers: { 'Retry-After': '5' }, body: 'later' });
		const { value: outputs, elapsed } = await timed(() =>
			call({ method: 'GET', url: `${server.origin}/later`, timeout: 3, options: { retries: 3 } }, [{}]),
		);
		expect(outputs).toEqual([{ ok: false, error: expect.objectContaining({ code: 'http_error', status: 429 }) }]);
		expect(elapsed).toBeLessThan(2900); // waiting would have run into the 3 s timeout
		expect(server.requests).toHaveLength(1);
	});

	it.each(['POST', 'PATCH'])('a %s answered 503 is retried only with Retry POST and PATCH on', async (method) => {
		let calls = 0;
		server.route('/orders', () => (++calls % 2 === 1 ? { status: 503, headers: { 'Retry-After': '0' }, body: 'busy' } : { status: 201, body: { id: 7 } }));
		const parameters = (retryNonIdempotent: boolean): INodeParameters => ({
			method,
			url: `${server.origin}/orders`,
			dynamicParams: params({ name: 'item' }),
			body: fields({ name: 'item' }),
			options: { retries: 2, retryNonIdempotent },
		});

		expect(await call(parameters(false), [{ item: 'lid' }])).toEqual([
			{ ok: false, error: expect.objectContaining({ code: 'http_error', status: 503 }) },
		]);
		expect(sent()).toEqual([`${method} /orders`]);

		calls = 0;
		server.requests.length = 0;
		expect(await call(parameters(true), [{ item: 'lid' }])).toEqual([{ ok: true, status: 201, data: { id: 7 } }]);
		expect(sent()).toEqual([`${method} /orders`, `${method} /orders`]);
		// The repeat carries the same body.
		expect(server.requests.map((request) => request.text)).toEqual(['{"item":"lid"}', '{"item":"lid"}']);
	});
});
