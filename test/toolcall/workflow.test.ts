/**
 * The Tool Call node in real workflows, run by n8n-core's WorkflowExecute with the package loaded from
 * dist/ (run `npm run build` first), against a real local HTTP server:
 *
 *   Webhook → Tool Call (Route) ─ lookup_order ─→ Lookup Order ─┐
 *                               ├ create_ticket → Create Ticket ┤→ Merge (append, 3 inputs) → Tool Call (Reply) → Respond
 *                               └ Not Routed ──────────────────-┘
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { IConnections, IDataObject, INodeParameters } from 'n8n-workflow';

import { agentReply, DEFINITION_NODE_TYPE, fields, params, runWorkflow, type RunResult, type WorkflowJson, type WorkflowNode } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';
import { sentResponses, webhookRequest } from '../helpers/test-nodes';

const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';
const SECRET = 'sk_test_orders_5f3a9c';
const credentials = { redFlareSecretsApi: { vault: JSON.stringify({ 'Orders API Key': SECRET }) } };

let server: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer({ status: 404, body: { error: 'not found' } });
	server.route('/orders/A-1001', (request) => ({
		body: { order_number: 'A-1001', status: 'shipped', carrier: 'UPS', seenKey: request.headers['x-api-key'] === SECRET },
	}));
	server.route('/tickets', (request) => ({ status: 201, body: { ticket_id: 'T-77', received: JSON.parse(request.text) as unknown } }));
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

beforeEach(() => {
	server.requests.length = 0;
	sentResponses.length = 0;
});

function lookupOrder(origin: string): INodeParameters {
	return {
		webhookName: 'Order Status Lookup',
		webhookDescription: 'Look up the status of an existing order by its order number',
		method: 'GET',
		url: `${origin}/orders/{order_number}`,
		timeout: 5,
		dynamicParams: params({ name: 'order_number', dataType: 'string', description: 'The order number, e.g. A-1001', required: true }),
		pathParams: fields({ name: 'order_number', dataType: 'string', valueType: 'dynamic' }),
		headers: fields({ name: 'X-API-Key', valueType: 'secret', secretName: 'Orders API Key' }),
	};
}

function createTicket(origin: string): INodeParameters {
	return {
		webhookName: 'Create Support Ticket',
		webhookDescription: 'Open a support ticket for the customer',
		method: 'POST',
		url: `${origin}/tickets`,
		timeout: 5,
		dynamicParams: params(
			{ name: 'subject', dataType: 'string', description: 'What the problem is', required: true },
			{ name: 'priority', dataType: 'integer', description: '1 (low) to 3 (urgent)', required: false },
			{ name: 'callback', dataType: 'boolean', description: 'Whether the customer wants a call back', required: false },
			{ name: 'email', dataType: 'string', description: 'The customer email', required: true },
		),
		body: fields(
			{ name: 'subject', dataType: 'string' },
			{ name: 'priority', dataType: 'integer' },
			{ name: 'callback', dataType: 'boolean' },
			{ name: 'customer.email', dataType: 'string', dynamicParam: 'email' },
			{ name: 'source', dataType: 'string', valueType: 'static', value: 'voice-agent' },
		),
		headers: fields({ name: 'X-API-Key', valueType: 'secret', secretName: 'Orders API Key' }),
	};
}

interface Options {
	/** Tools rows (default lookup_order → Lookup Order, create_ticket → Create Ticket). */
	rows?: Array<{ name: string; webhook: string }>;
	/** Which node each tool output feeds, in row order (default the row's own webhook). */
	wiring?: string[];
	describe?: boolean;
	extraNodes?: WorkflowNode[];
	replyFormat?: string;
}

const main = (node: string, index = 0) => ({ node, type: 'main' as const, index });

/** The voice-agent workflow around the Tool Call node. */
function toolWorkflow(options: Options = {}): WorkflowJson {
	const rows = options.rows ?? [
		{ name: 'lookup_order', webhook: 'Lookup Order' },
		{ name: 'create_ticket', webhook: 'Create Ticket' },
	];
	const wiring = options.wiring ?? rows.map((row) => row.webhook);
	const definitions = ['Lookup Order', 'Create Ticket'];
	const toolOutputs = wiring.map((target) => [main(target)]);
	const connections: IConnections = {
		Webhook: { main: [[main('Route Tool Calls')]] },
		'Route Tool Calls': { main: [...toolOutputs, [main('Merge', 2)], []] },
		'Lookup Order': { main: [[main('Merge', 0)]] },
		'Create Ticket': { main: [[main('Merge', 1)]] },
		Merge: { main: [[main('Reply to Agent')]] },
		'Reply to Agent': { main: [[main('Respond to Webhook')]] },
	};
	return {
		name: 'Voice agent tools (test)',
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				parameters: { httpMethod: 'POST', path: 'agent-tools', responseMode: 'responseNode', options: {} },
			},
			{
				name: 'Route Tool Calls',
				type: TOOL_CALL,
				parameters: { operation: 'route', payloadFormat: 'auto', tools: { tool: rows }, describe: options.describe ?? false },
			},
			{ name: definitions[0], type: DEFINITION_NODE_TYPE, parameters: lookupOrder(server.origin) },
			{ name: definitions[1], type: DEFINITION_NODE_TYPE, parameters: createTicket(server.origin) },
			{ name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters: { mode: 'append', numberInputs: 3 } },
			{ name: 'Reply to Agent', type: TOOL_CALL, parameters: { operation: 'reply', replyFormat: options.replyFormat ?? 'vapi' } },
			{ name: 'Respond to Webhook', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, parameters: { respondWith: 'firstIncomingItem', options: {} } },
			...(options.extraNodes ?? []),
		],
		connections,
	};
}

function vapi(...calls: Array<{ id: string; name: string; arguments: IDataObject }>): IDataObject {
	return webhookRequest({
		message: {
			timestamp: 1718000000123,
			type: 'tool-calls',
			toolCallList: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
			call: { id: 'call-7d2c1f', orgId: 'org-1', type: 'webPhoneCall' },
		},
	});
}

async function run(workflow: WorkflowJson, request: IDataObject): Promise<RunResult> {
	const result = await runWorkflow(workflow, { credentials, triggerItems: [request] });
	expect(result.error).toBeUndefined();
	return result;
}


describe('Route → Definitions → Merge → Reply', () => {
	test('a Vapi request with two tool calls: both webhooks called, one Vapi reply with both results', async () => {
		const result = await run(
			toolWorkflow(),
			vapi(
				{ id: 'toolu_lookup_1', name: 'lookup_order', arguments: { order_number: 'A-1001' } },
				{ id: 'toolu_ticket_2', name: 'create_ticket', arguments: { subject: 'Lid arrived "cracked"', priority: '3', callback: 'yes', email: 'jo@example.com' } },
			),
		);

		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'toolu_lookup_1', tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: 'call-7d2c1f', webhook: 'Lookup Order' },
		]);
		expect(result.outputOf('Route Tool Calls', 1)).toEqual([
			expect.objectContaining({ toolCallId: 'toolu_ticket_2', tool: 'create_ticket', webhook: 'Create Ticket' }),
		]);
		expect(result.outputOf('Route Tool Calls', 2)).toEqual([]);

		expect(server.requests.map((request) => `${request.method} ${request.url}`).sort()).toEqual(['GET /orders/A-1001', 'POST /tickets']);
		const ticket = server.requests.find((request) => request.method === 'POST');
		// Typed JSON body: integer and boolean converted, nested email, static source.
		expect(JSON.parse(ticket?.text ?? '')).toEqual({
			subject: 'Lid arrived "cracked"',
			priority: 3,
			callback: true,
			customer: { email: 'jo@example.com' },
			source: 'voice-agent',
		});
		expect(server.requests.every((request) => request.headers['x-api-key'] === SECRET)).toBe(true);

		expect(result.outputOf('Lookup Order')).toEqual([
			{ ok: true, status: 200, data: { order_number: 'A-1001', status: 'shipped', carrier: 'UPS', seenKey: true }, toolCallId: 'toolu_lookup_1' },
		]);
		expect(result.outputOf('Merge')).toHaveLength(2);

		expect(agentReply(result)).toEqual({
			results: [
				{ toolCallId: 'toolu_lookup_1', result: JSON.stringify({ order_number: 'A-1001', status: 'shipped', carrier: 'UPS', seenKey: true }) },
				{
					toolCallId: 'toolu_ticket_2',
					result: JSON.stringify({
						ticket_id: 'T-77',
						received: { subject: 'Lid arrived "cracked"', priority: 3, callback: true, customer: { email: 'jo@example.com' }, source: 'voice-agent' },
					}),
				},
			],
		});
		// The secret never reaches the agent nor the stored run data.
		expect(JSON.stringify(result.runData)).not.toContain(SECRET);
	});

	test('a Vapi request with four tool calls to one webhook: the four calls run in parallel, the reply keeps the calls’ order', async () => {
		const orders = ['A-2001', 'A-2002', 'A-2003', 'A-2004'];
		// Each request waits until all four are in flight at the server (a node sending one at a time
		// would never get there: each would be released by the fallback alone, one by one).
		for (const order of orders) {
			server.route(`/orders/${order}`, async () => {
				const giveUp = Date.now() + 1000;
				while (server.inFlight() < orders.length && Date.now() < giveUp) await new Promise((done) => setTimeout(done, 2));
				return { body: { order_number: order, status: 'packed' } };
			});
		}
		const result = await run(toolWorkflow(), vapi(...orders.map((order, index) => ({ id: `toolu_${index}`, name: 'lookup_order', arguments: { order_number: order } }))));

		expect(server.requests.map((request) => request.url).sort()).toEqual(orders.map((order) => `/orders/${order}`));
		expect(Math.max(...server.requests.map((request) => request.inFlightOnArrival))).toBe(orders.length);
		// One execution, one credential read for the four calls.
		expect(result.credentialReads).toHaveLength(1);
		expect(agentReply(result)).toEqual({
			results: orders.map((order, index) => ({ toolCallId: `toolu_${index}`, result: JSON.stringify({ order_number: order, status: 'packed' }) })),
		});
	});

	test('a call to an unlinked tool: tool_unavailable on Not Routed and in the reply, the server never hit', async () => {
		const result = await run(toolWorkflow(), vapi({ id: 'toolu_refund', name: 'refund_order', arguments: { order_number: 'A-1001' } }));
		expect(result.outputOf('Route Tool Calls', 2)).toEqual([
			{
				ok: false,
				error: { code: 'tool_unavailable', message: 'The tool "refund_order" cannot be used right now: no such tool is configured.' },
				toolCallId: 'toolu_refund',
				tool: 'refund_order',
			},
		]);
		expect(result.executedNodes).not.toContain('Lookup Order');
		expect(result.executedNodes).not.toContain('Create Ticket');
		expect(server.requests).toHaveLength(0);
		expect(agentReply(result)).toEqual({
			results: [{ toolCallId: 'toolu_refund', result: 'The tool "refund_order" cannot be used right now: no such tool is configured.' }],
		});
	});

	test('a tool linked to a disabled Definition node is not routed (n8n would pass the call through it unsent)', async () => {
		const workflow = toolWorkflow();
		(workflow.nodes.find((candidate) => candidate.name === 'Lookup Order') as WorkflowNode).disabled = true;
		const result = await run(workflow, vapi({ id: 'toolu_d', name: 'lookup_order', arguments: { order_number: 'A-1001' } }));
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([]);
		expect(server.requests).toHaveLength(0);
		expect(agentReply(result)).toEqual({
			results: [{ toolCallId: 'toolu_d', result: 'The tool "lookup_order" cannot be used right now: it is not available (linked webhook "Lookup Order" is disabled).' }],
		});
	});

	test('a tool linked to a node that is not downstream is not routed', async () => {
		const result = await run(
			toolWorkflow({ rows: [{ name: 'lookup_order', webhook: 'Order Lookup (deleted)' }, { name: 'create_ticket', webhook: 'Create Ticket' }], wiring: ['Lookup Order', 'Create Ticket'] }),
			vapi({ id: 'toolu_m', name: 'lookup_order', arguments: { order_number: 'A-1001' } }),
		);
		expect(server.requests).toHaveLength(0);
		expect(result.outputOf('Route Tool Calls', 2)).toEqual([
			expect.objectContaining({ toolCallId: 'toolu_m', error: expect.objectContaining({ code: 'tool_unavailable', message: expect.stringContaining('is not a node downstream') }) }),
		]);
	});

	test('only one tool branch has items: Merge (append, requiredInputs 1) still runs and the reply comes out', async () => {
		const result = await run(toolWorkflow(), vapi({ id: 'toolu_only', name: 'lookup_order', arguments: { order_number: 'A-1001' } }));
		expect(result.executedNodes).toContain('Lookup Order');
		expect(result.executedNodes).not.toContain('Create Ticket');
		expect(server.requests).toHaveLength(1);
		expect(agentReply(result)).toEqual({ results: [{ toolCallId: 'toolu_only', result: expect.stringContaining('"status":"shipped"') }] });
	});

	test('one routed call and one refused call in the same request: both answered, routed first (Merge input order)', async () => {
		const result = await run(
			toolWorkflow(),
			vapi({ id: 'toolu_bad', name: 'create_ticket', arguments: { subject: 'x' } }, { id: 'toolu_ok', name: 'lookup_order', arguments: { order_number: 'A-1001' } }),
		);
		expect(server.requests.map((request) => request.url)).toEqual(['/orders/A-1001']);
		const { results } = agentReply(result) as { results: Array<{ toolCallId: string; result: string }> };
		expect(results.map((entry) => entry.toolCallId)).toEqual(['toolu_ok', 'toolu_bad']);
		expect(results[1].result).toBe('Missing required value: email. Ask the customer for it and try again.');
	});

	test('missing required arguments → missing_params naming them, the server never hit', async () => {
		const result = await run(toolWorkflow(), vapi({ id: 'toolu_t', name: 'create_ticket', arguments: { priority: 2 } }));
		expect(result.outputOf('Route Tool Calls', 2)).toEqual([
			{
				ok: false,
				error: { code: 'missing_params', message: 'Missing required values: subject, email. Ask the customer for them and try again.', missing: ['subject', 'email'] },
				toolCallId: 'toolu_t',
				tool: 'create_ticket',
			},
		]);
		expect(result.executedNodes).not.toContain('Create Ticket');
		expect(server.requests).toHaveLength(0);
		expect(agentReply(result)).toEqual({ results: [{ toolCallId: 'toolu_t', result: 'Missing required values: subject, email. Ask the customer for them and try again.' }] });
	});

	test('an argument of the wrong type → invalid_value, the server never hit', async () => {
		const result = await run(toolWorkflow(), vapi({ id: 'toolu_p', name: 'create_ticket', arguments: { subject: 'x', email: 'a@b.c', priority: 'high' } }));
		expect(result.outputOf('Route Tool Calls', 2)).toEqual([expect.objectContaining({ ok: false, toolCallId: 'toolu_p', error: expect.objectContaining({ code: 'invalid_value' }) })]);
		expect(server.requests).toHaveLength(0);
	});

	test('OpenAI arguments that are not JSON → invalid_value in an OpenAI reply, the server never hit', async () => {
		const request = webhookRequest({
			role: 'assistant',
			content: null,
			tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'lookup_order', arguments: '{"order_number": "A-10' } }],
		});
		const result = await run(toolWorkflow({ replyFormat: 'openaiChat' }), request);
		expect(server.requests).toHaveLength(0);
		expect(agentReply(result)).toEqual({
			messages: [{ role: 'tool', tool_call_id: 'call_x', content: 'The arguments of the call to lookup_order are not valid JSON.' }],
		});
	});

	test('a miswired output (lookup_order wired to Create Ticket and back) is refused by the Definition node', async () => {
		const result = await run(
			toolWorkflow({ wiring: ['Create Ticket', 'Lookup Order'] }),
			vapi({ id: 'toolu_w', name: 'lookup_order', arguments: { order_number: 'A-1001' } }),
		);
		expect(result.outputOf('Create Ticket')).toEqual([
			{
				ok: false,
				error: {
					code: 'tool_unavailable',
					message:
						'The tool "lookup_order" is linked to the webhook "Lookup Order", but its call reached "Create Ticket"; the workflow is wired wrongly, so the call was not sent.',
				},
				toolCallId: 'toolu_w',
			},
		]);
		expect(server.requests).toHaveLength(0);
		expect(agentReply(result)).toEqual({ results: [{ toolCallId: 'toolu_w', result: expect.stringContaining('wired wrongly') }] });
	});
});

describe('Describe Tools', () => {
	const ajv = new Ajv({ strict: true, allowUnionTypes: true });

	async function describeTools() {
		const workflow = toolWorkflow({
			describe: true,
			rows: [
				{ name: 'lookup_order', webhook: 'Lookup Order' },
				{ name: 'create_ticket', webhook: 'Create Ticket' },
				{ name: 'cancel_order', webhook: 'Cancel Order' },
			],
			wiring: ['Lookup Order', 'Create Ticket', 'Cancel Order'],
			extraNodes: [{ name: 'Cancel Order', type: DEFINITION_NODE_TYPE, disabled: true, parameters: { ...lookupOrder(server.origin), webhookName: 'Cancel Order' } }],
		});
		// Route outputs: 0 lookup_order, 1 create_ticket, 2 cancel_order, 3 Not Routed, 4 Tool List (unconnected).
		expect(workflow.connections['Route Tool Calls'].main).toEqual([[main('Lookup Order')], [main('Create Ticket')], [main('Cancel Order')], [main('Merge', 2)], []]);
		const result = await run(workflow, webhookRequest({ message: { type: 'tool-list-request' } }));
		expect(server.requests).toHaveLength(0);
		// Nothing is routed in Describe mode.
		for (const output of [0, 1, 2, 3]) expect(result.outputOf('Route Tool Calls', output)).toEqual([]);
		return result.outputOf('Route Tool Calls', 4);
	}

	test('every linked tool is listed; the broken link is reported with its status and no schema', async () => {
		const list = await describeTools();
		expect(list.map((entry) => [entry.tool, entry.status])).toEqual([
			['lookup_order', 'ok'],
			['create_ticket', 'ok'],
			['cancel_order', 'linked webhook "Cancel Order" is disabled'],
		]);
		expect(list[2]).toEqual({ tool: 'cancel_order', webhook: 'Cancel Order', status: 'linked webhook "Cancel Order" is disabled' });
		expect(list[0]).toMatchObject({
			description: 'Look up the status of an existing order by its order number',
			method: 'GET',
			url: `${server.origin}/orders/{order_number}`,
			webhook: 'Lookup Order',
		});
		expect(JSON.stringify(list)).not.toContain(SECRET);
	});

	test('the OpenAI strict and MCP schemas compile with ajv and check arguments as the platforms do', async () => {
		const list = await describeTools();
		const ticket = list.find((entry) => entry.tool === 'create_ticket') as IDataObject;
		const openai = ticket.openai as { type: string; function: { name: string; strict: boolean; parameters: object } };
		const mcp = ticket.mcp as { name: string; inputSchema: object };
		expect(openai.type).toBe('function');
		expect(openai.function).toMatchObject({ name: 'create_ticket', strict: true, description: 'Open a support ticket for the customer' });
		expect(mcp.name).toBe('create_ticket');

		const strict: ValidateFunction = ajv.compile(openai.function.parameters);
		const input: ValidateFunction = ajv.compile(mcp.inputSchema);

		const full = { subject: 'Broken lid', priority: 2, callback: false, email: 'jo@example.com' };
		expect(strict(full)).toBe(true);
		expect(input(full)).toBe(true);

		// OpenAI strict: optional keys are present and may be null; nothing else is allowed.
		expect(strict({ ...full, priority: null, callback: null })).toBe(true);
		expect(strict({ subject: 'Broken lid', email: 'jo@example.com', callback: null })).toBe(false);
		expect(strict({ ...full, extra: 'x' })).toBe(false);
		expect(strict({ ...full, priority: 2.5 })).toBe(false);
		expect(strict({ ...full, subject: null })).toBe(false);

		// MCP: required keys only; optional ones may be left out but are typed when present.
		expect(input({ subject: 'Broken lid', email: 'jo@example.com' })).toBe(true);
		expect(input({ subject: 'Broken lid' })).toBe(false);
		expect(input({ ...full, priority: 'high' })).toBe(false);
		expect(input({ ...full, callback: 'yes' })).toBe(false);

		const lookup = list.find((entry) => entry.tool === 'lookup_order') as IDataObject;
		const lookupStrict = ajv.compile((lookup.openai as { function: { parameters: object } }).function.parameters);
		const lookupInput = ajv.compile((lookup.mcp as { inputSchema: object }).inputSchema);
		expect(lookupStrict({ order_number: 'A-1001' })).toBe(true);
		expect(lookupStrict({})).toBe(false);
		expect(lookupInput({ order_number: 'A-1001' })).toBe(true);
		expect(lookupInput({ order_number: 1001 })).toBe(false);
	});
});
