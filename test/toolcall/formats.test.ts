/**
 * Every agent platform's payload and reply format through the Tool Call node, each as a full workflow
 * run by n8n-core's WorkflowExecute (package loaded from dist/: run `npm run build` first) against a
 * real local HTTP server, with the exact request on the wire asserted:
 *
 *   Webhook → Tool Call (Route, format) ─ lookup_order  → Lookup Order  ─┐
 *                                      ├ create_ticket → Create Ticket ─┤→ Merge (append, 3) → Tool Call (Reply, format) → Respond
 *                                      └ Not Routed ────────────────────┘
 */
import type { IConnections, IDataObject, INodeParameters } from 'n8n-workflow';

import { agentReply, DEFINITION_NODE_TYPE, fields, params, runWorkflow, type RunResult, type WorkflowJson } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type RecordedRequest, type TestServer } from '../../scripts/test-server';
import { sentResponses, webhookRequest } from '../helpers/test-nodes';

const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';
const SECRET = 'sk_test_formats_71c2e0';
const credentials = { redFlareSecretsApi: { vault: JSON.stringify({ 'Orders API Key': SECRET }) } };

const ORDER = { order_number: 'A-1001', status: 'shipped', eta: '2026-12-02' };
const TICKET = { ticket_id: 'T-77' };

let server: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer({ status: 404, body: { error: 'not found' } });
	server.route('/orders/A-1001', { body: ORDER });
	server.route('/tickets', { status: 201, body: TICKET });
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

beforeEach(() => {
	server.requests.length = 0;
	sentResponses.length = 0;
});

const main = (node: string, index = 0) => ({ node, type: 'main' as const, index });

function lookupOrder(): INodeParameters {
	return {
		webhookName: 'Order Status',
		webhookDescription: 'Look up an order by its number',
		method: 'GET',
		url: `${server.origin}/orders/{order_number}`,
		timeout: 5,
		dynamicParams: params({ name: 'order_number', required: true }),
		pathParams: fields({ name: 'order_number' }),
		queryParams: fields({ name: 'expand', valueType: 'static', value: 'eta' }),
		headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders API Key' }),
	};
}

function createTicket(): INodeParameters {
	return {
		webhookName: 'Create Ticket',
		webhookDescription: 'Open a support ticket',
		method: 'POST',
		url: `${server.origin}/tickets`,
		timeout: 5,
		dynamicParams: params(
			{ name: 'subject', required: true },
			{ name: 'priority', dataType: 'integer', required: false },
			{ name: 'callback', dataType: 'boolean', required: false },
			{ name: 'email', required: true },
		),
		body: fields(
			{ name: 'subject' },
			{ name: 'priority', dataType: 'integer' },
			{ name: 'callback', dataType: 'boolean' },
			{ name: 'customer.email', dynamicParam: 'email' },
			{ name: 'source', valueType: 'static', value: 'voice-agent' },
		),
		headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders API Key' }),
	};
}

/** The full workflow around a Route node reading `route` and a Reply node answering in `replyFormat`. */
function formatWorkflow(route: INodeParameters, replyFormat: string): WorkflowJson {
	const connections: IConnections = {
		Webhook: { main: [[main('Route Tool Calls')]] },
		'Route Tool Calls': { main: [[main('Lookup Order')], [main('Create Ticket')], [main('Merge', 2)], []] },
		'Lookup Order': { main: [[main('Merge', 0)]] },
		'Create Ticket': { main: [[main('Merge', 1)]] },
		Merge: { main: [[main('Reply to Agent')]] },
		'Reply to Agent': { main: [[main('Respond to Webhook')]] },
	};
	return {
		name: `Tool call formats: ${String(route.payloadFormat)} → ${replyFormat}`,
		nodes: [
			{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { httpMethod: 'POST', path: 'agent-tools', responseMode: 'responseNode', options: {} } },
			{
				name: 'Route Tool Calls',
				type: TOOL_CALL,
				parameters: {
					operation: 'route',
					tools: {
						tool: [
							{ name: 'lookup_order', webhook: 'Lookup Order' },
							{ name: 'create_ticket', webhook: 'Create Ticket' },
						],
					},
					...route,
				},
			},
			{ name: 'Lookup Order', type: DEFINITION_NODE_TYPE, parameters: lookupOrder() },
			{ name: 'Create Ticket', type: DEFINITION_NODE_TYPE, parameters: createTicket() },
			{ name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters: { mode: 'append', numberInputs: 3 } },
			{ name: 'Reply to Agent', type: TOOL_CALL, parameters: { operation: 'reply', replyFormat } },
			{ name: 'Respond to Webhook', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, parameters: { respondWith: 'firstIncomingItem', options: {} } },
		],
		connections,
	};
}

async function run(route: INodeParameters, replyFormat: string, body: IDataObject): Promise<RunResult> {
	const result = await runWorkflow(formatWorkflow(route, replyFormat), { credentials, triggerItems: [webhookRequest(body)] });
	expect(result.error).toBeUndefined();
	// The secret reaches the server only: never the reply nor the stored run data.
	expect(JSON.stringify(result.runData)).not.toContain(SECRET);
	return result;
}


function byMethod(method: string): RecordedRequest {
	const found = server.requests.filter((request) => request.method === method);
	expect(found).toHaveLength(1);
	return found[0];
}

/** The lookup went out exactly as configured: filled path, static query, secret header, no body. */
function expectLookupRequest(): void {
	const request = byMethod('GET');
	expect(request.url).toBe('/orders/A-1001?expand=eta');
	expect(request.headers['x-api-key']).toBe(SECRET);
	expect(request.body.length).toBe(0);
	expect(request.headers['content-type']).toBeUndefined();
}

/** The ticket went out exactly as configured: typed, nested JSON body with the static field, secret header. */
function expectTicketRequest(body: IDataObject): void {
	const request = byMethod('POST');
	expect(request.url).toBe('/tickets');
	expect(request.headers['x-api-key']).toBe(SECRET);
	expect(request.headers['content-type']).toBe('application/json');
	expect(request.text).toBe(JSON.stringify(body));
}

const TICKET_ARGS = { subject: 'Lid arrived cracked', priority: '2', callback: 'no', email: 'jo@example.com' };
const TICKET_BODY = { subject: 'Lid arrived cracked', priority: 2, callback: false, customer: { email: 'jo@example.com' }, source: 'voice-agent' };

describe('ElevenLabs server tool', () => {
	test('the body is the params, the tool name is configured; the reply is the bare result object', async () => {
		const result = await run({ payloadFormat: 'elevenlabs', elevenLabsTool: 'create_ticket' }, 'elevenlabs', TICKET_ARGS);
		expect(result.outputOf('Route Tool Calls', 1)).toEqual([
			{ toolCallId: null, tool: 'create_ticket', params: TICKET_ARGS, conversationId: null, webhook: 'Create Ticket' },
		]);
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([]);
		expect(server.requests).toHaveLength(1);
		expectTicketRequest(TICKET_BODY);
		expect(agentReply(result)).toEqual({ ok: true, status: 201, data: TICKET });
	});

	test('a missing required value: the reply is the bare failure object, nothing sent', async () => {
		const result = await run({ payloadFormat: 'elevenlabs', elevenLabsTool: 'create_ticket' }, 'elevenlabs', { subject: 'Lid arrived cracked' });
		expect(server.requests).toHaveLength(0);
		expect(agentReply(result)).toEqual({
			ok: false,
			error: { code: 'missing_params', message: 'Missing required value: email. Ask the customer for it and try again.', missing: ['email'] },
			tool: 'create_ticket',
		});
	});
});

describe('Retell custom function', () => {
	const retell = { name: 'lookup_order', args: { order_number: 'A-1001' }, call: { call_id: 'call_retell_42', agent_id: 'agent_9', call_status: 'ongoing' } };

	test.each(['retell', 'auto'])('{ name, args, call: { call_id } } read as %s; the reply is the result object', async (payloadFormat) => {
		const result = await run({ payloadFormat }, 'retell', retell);
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: null, tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: 'call_retell_42', webhook: 'Lookup Order' },
		]);
		expect(server.requests).toHaveLength(1);
		expectLookupRequest();
		expect(agentReply(result)).toEqual({ ok: true, status: 200, data: ORDER });
	});
});

describe('OpenAI Responses function_call items', () => {
	const response = {
		id: 'resp_1',
		object: 'response',
		output: [
			{ type: 'reasoning', id: 'rs_1', summary: [] },
			{ type: 'function_call', id: 'fc_1', call_id: 'call_lookup', name: 'lookup_order', arguments: '{"order_number":"A-1001"}', status: 'completed' },
			{ type: 'function_call', id: 'fc_2', call_id: 'call_ticket', name: 'create_ticket', arguments: JSON.stringify(TICKET_ARGS), status: 'completed' },
		],
	};

	test.each(['openaiResponses', 'auto'])('two calls read as %s: both sent; reply { input: [function_call_output by call_id] }', async (payloadFormat) => {
		const result = await run({ payloadFormat }, 'openaiResponses', response);
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'call_lookup', tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: null, webhook: 'Lookup Order' },
		]);
		expect(result.outputOf('Route Tool Calls', 1)).toEqual([
			{ toolCallId: 'call_ticket', tool: 'create_ticket', params: TICKET_ARGS, conversationId: null, webhook: 'Create Ticket' },
		]);
		expect(server.requests).toHaveLength(2);
		expectLookupRequest();
		expectTicketRequest(TICKET_BODY);
		expect(agentReply(result)).toEqual({
			input: [
				{ type: 'function_call_output', call_id: 'call_lookup', output: JSON.stringify(ORDER) },
				{ type: 'function_call_output', call_id: 'call_ticket', output: JSON.stringify(TICKET) },
			],
		});
	});
});

describe('OpenAI Chat Completions tool_calls', () => {
	const completion = {
		id: 'chatcmpl-1',
		object: 'chat.completion',
		choices: [
			{
				index: 0,
				finish_reason: 'tool_calls',
				message: {
					role: 'assistant',
					content: null,
					tool_calls: [
						{ id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_number":"A-1001"}' } },
						{ id: 'call_2', type: 'function', function: { name: 'create_ticket', arguments: JSON.stringify(TICKET_ARGS) } },
						{ id: 'call_3', type: 'function', function: { name: 'refund_order', arguments: '{"order_number":"A-1001"}' } },
					],
				},
			},
		],
	};

	test.each(['openaiChat', 'auto'])('three calls read as %s: two sent, one unknown; reply role:"tool" messages by tool_call_id', async (payloadFormat) => {
		const result = await run({ payloadFormat }, 'openaiChat', completion);
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'call_1', tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: null, webhook: 'Lookup Order' },
		]);
		expect(result.outputOf('Route Tool Calls', 1)).toEqual([expect.objectContaining({ toolCallId: 'call_2', tool: 'create_ticket' })]);
		expect(result.outputOf('Route Tool Calls', 2)).toEqual([expect.objectContaining({ toolCallId: 'call_3', error: expect.objectContaining({ code: 'tool_unavailable' }) })]);
		expect(server.requests).toHaveLength(2);
		expectLookupRequest();
		expectTicketRequest(TICKET_BODY);
		expect(agentReply(result)).toEqual({
			messages: [
				{ role: 'tool', tool_call_id: 'call_1', content: JSON.stringify(ORDER) },
				{ role: 'tool', tool_call_id: 'call_2', content: JSON.stringify(TICKET) },
				{ role: 'tool', tool_call_id: 'call_3', content: 'The tool "refund_order" cannot be used right now: no such tool is configured.' },
			],
		});
	});
});

describe('Custom dot paths', () => {
	const route = { payloadFormat: 'custom', customToolPath: 'request.function', customArgumentsPath: 'request.input', customCallIdPath: 'meta.request_id' };

	test('tool name, arguments and call id read from their paths; the RedFlare reply carries the call id', async () => {
		const result = await run(route, 'redflare', {
			meta: { request_id: 'req-9', channel: 'sms' },
			request: { function: 'lookup_order', input: { order_number: 'A-1001' } },
		});
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'req-9', tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: null, webhook: 'Lookup Order' },
		]);
		expect(server.requests).toHaveLength(1);
		expectLookupRequest();
		expect(agentReply(result)).toEqual({ ok: true, status: 200, data: ORDER, toolCallId: 'req-9' });
	});

	test('arguments given as a JSON string at the path are parsed before sending', async () => {
		const result = await run(route, 'redflare', {
			meta: { request_id: 7 },
			request: { function: 'create_ticket', input: JSON.stringify(TICKET_ARGS) },
		});
		expect(result.outputOf('Route Tool Calls', 1)).toEqual([
			{ toolCallId: '7', tool: 'create_ticket', params: TICKET_ARGS, conversationId: null, webhook: 'Create Ticket' },
		]);
		expectTicketRequest(TICKET_BODY);
		expect(agentReply(result)).toEqual({ ok: true, status: 201, data: TICKET, toolCallId: '7' });
	});
});

describe('Default tool name: a Tools row without a Tool Name takes the linked Definition’s Name', () => {
	/** The Lookup Order row has no Tool Name (as n8n exports a row left at its default); its Definition is named "Order Status". */
	const unnamed = (row: IDataObject) => ({
		tools: { tool: [{ ...row, webhook: 'Lookup Order' }, { name: 'create_ticket', webhook: 'Create Ticket' }] },
	});

	test.each([
		['left out', {}],
		['empty', { name: '' }],
	])('Tool Name %s: a RedFlare call to order_status is routed to that output and reaches the server', async (_case, row) => {
		const result = await run({ payloadFormat: 'redflare', ...unnamed(row) }, 'redflare', {
			tool: 'order_status',
			params: { order_number: 'A-1001' },
			toolCallId: 'tc-os',
		});
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'tc-os', tool: 'order_status', params: { order_number: 'A-1001' }, conversationId: null, webhook: 'Lookup Order' },
		]);
		expect(result.outputOf('Route Tool Calls', 1)).toEqual([]);
		expect(result.outputOf('Route Tool Calls', 2)).toEqual([]);
		expect(server.requests).toHaveLength(1);
		expectLookupRequest();
		expect(agentReply(result)).toEqual({ ok: true, status: 200, data: ORDER, toolCallId: 'tc-os' });
	});

	test('the node name is not the tool name: a call to lookup_order is not routed, nothing sent', async () => {
		const result = await run({ payloadFormat: 'redflare', ...unnamed({}) }, 'redflare', {
			tool: 'lookup_order',
			params: { order_number: 'A-1001' },
			toolCallId: 'tc-lo',
		});
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([]);
		expect(server.requests).toHaveLength(0);
		expect(agentReply(result)).toEqual({
			ok: false,
			error: { code: 'tool_unavailable', message: 'The tool "lookup_order" cannot be used right now: no such tool is configured.' },
			toolCallId: 'tc-lo',
			tool: 'lookup_order',
		});
	});

	test('Describe lists it as order_status, with OpenAI and MCP schemas named order_status', async () => {
		const result = await run({ payloadFormat: 'redflare', describe: true, ...unnamed({}) }, 'redflare', {});
		const description = 'Look up an order by its number';
		const properties = { order_number: { type: 'string' } };
		// Outputs: order_status, create_ticket, Not Routed, Tool List.
		const [orderStatus, createTicketTool] = result.outputOf('Route Tool Calls', 3);
		expect(orderStatus).toEqual({
			tool: 'order_status',
			description,
			method: 'GET',
			url: `${server.origin}/orders/{order_number}`,
			webhook: 'Lookup Order',
			status: 'ok',
			openai: {
				type: 'function',
				function: { name: 'order_status', description, parameters: { type: 'object', properties, required: ['order_number'], additionalProperties: false }, strict: true },
			},
			mcp: { name: 'order_status', description, inputSchema: { type: 'object', properties, required: ['order_number'] } },
		});
		expect(createTicketTool).toMatchObject({ tool: 'create_ticket', status: 'ok', openai: { function: { name: 'create_ticket' } }, mcp: { name: 'create_ticket' } });
		expect(result.outputOf('Route Tool Calls', 3)).toHaveLength(2);
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([]);
		expect(result.executedNodes).not.toContain('Lookup Order');
		expect(server.requests).toHaveLength(0);
	});
});
