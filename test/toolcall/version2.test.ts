/**
 * Issue 10 in the Tool Call node, through n8n-core's real engine and the built package: version 2
 * replies in the request's format ("Same as Request", the platform carried Route → Definition → Merge →
 * Reply), lists the tools as one item ready to register, links survive a rename when written as an
 * expression, and a run says what went wrong without failing (hints). Version 1 is unchanged.
 */
import type { IConnections, IDataObject, INodeParameters } from 'n8n-workflow';

import { agentReply, DEFINITION_NODE_TYPE, fields, params, renamed, runWorkflow, type RunResult, type WorkflowJson, type WorkflowNode } from '../helpers/harness';
import { serverForFile } from '../helpers/network';
import { sentResponses, webhookRequest } from '../helpers/test-nodes';

const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';

const server = serverForFile({ status: 404, body: { error: 'not found' } });

beforeEach(() => {
	sentResponses.length = 0;
	server().route('/orders/A-1001', { body: { order: 'A-1001', status: 'shipped' } });
	server().route('/tickets', (request) => ({ status: 201, body: { ticket: 'T-1', received: JSON.parse(request.text) as unknown } }));
});

const lookupOrder = (): INodeParameters => ({
	webhookName: 'Order Status',
	webhookDescription: 'Look up an order by its number',
	method: 'GET',
	url: `${server().origin}/orders/{order_number}`,
	dynamicParams: params({ name: 'order_number', description: 'The order number' }),
});

const createTicket = (): INodeParameters => ({
	webhookName: 'Create Ticket',
	webhookDescription: 'Open a support ticket',
	method: 'POST',
	url: `${server().origin}/tickets`,
	dynamicParams: params({ name: 'email' }, { name: 'priority', dataType: 'integer', required: false }),
	body: fields({ name: 'customer.email', dynamicParam: 'email' }, { name: 'priority' }),
});

const main = (node: string, index = 0) => ({ node, type: 'main' as const, index });

interface Options {
	/** The Tool Call nodes' version (default 2; the Definition nodes are version 2 too). */
	typeVersion?: number;
	rows?: Array<{ name: string; webhook: string }>;
	route?: INodeParameters;
	reply?: INodeParameters;
	/** Whether the reply has the Merge in front of it (default true). */
	merge?: boolean;
}

/** Webhook → Route → Lookup Order / Create Ticket / Not Routed → Merge (append) → Reply → Respond. */
function agentWorkflow(options: Options = {}): WorkflowJson {
	const typeVersion = options.typeVersion ?? 2;
	const rows = options.rows ?? [
		{ name: 'lookup_order', webhook: 'Lookup Order' },
		{ name: 'create_ticket', webhook: 'Create Ticket' },
	];
	const gather = options.merge === false ? 'Reply to Agent' : 'Merge';
	const connections: IConnections = {
		Webhook: { main: [[main('Route Tool Calls')]] },
		'Route Tool Calls': { main: [[main('Lookup Order')], [main('Create Ticket')], [main(gather, options.merge === false ? 0 : 2)], []] },
		'Lookup Order': { main: [[main(gather, 0)]] },
		'Create Ticket': { main: [[main(gather, options.merge === false ? 0 : 1)]] },
		...(options.merge === false ? {} : { Merge: { main: [[main('Reply to Agent')]] } }),
		'Reply to Agent': { main: [[main('Respond to Webhook')]] },
	};
	return {
		nodes: [
			{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { httpMethod: 'POST', path: 'agent-tools', responseMode: 'responseNode' } },
			{ name: 'Route Tool Calls', type: TOOL_CALL, typeVersion, parameters: { operation: 'route', tools: { tool: rows }, ...options.route } },
			{ name: 'Lookup Order', type: DEFINITION_NODE_TYPE, typeVersion: 2, parameters: lookupOrder() },
			{ name: 'Create Ticket', type: DEFINITION_NODE_TYPE, typeVersion: 2, parameters: createTicket() },
			...(options.merge === false ? [] : [{ name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters: { mode: 'append', numberInputs: 3 } }]),
			{ name: 'Reply to Agent', type: TOOL_CALL, typeVersion, parameters: { operation: 'reply', ...options.reply } },
			{ name: 'Respond to Webhook', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, parameters: { respondWith: 'firstIncomingItem' } },
		],
		connections,
	};
}

async function run(workflow: WorkflowJson, body: IDataObject): Promise<RunResult> {
	const result = await runWorkflow(workflow, { triggerItems: [webhookRequest(body)] });
	expect(result.error).toBeUndefined();
	return result;
}

const vapiRequest = (...calls: Array<{ id: string; name: string; arguments: IDataObject }>): IDataObject => ({
	message: {
		type: 'tool-calls',
		call: { id: 'call-7' },
		toolCallList: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
	},
});

const ORDER = JSON.stringify({ order: 'A-1001', status: 'shipped' });

describe('Reply Format "Same as Request" (version 2’s default)', () => {
	it('answers a Vapi request in Vapi’s format: the platform travels Route → Definition → Merge → Reply', async () => {
		const result = await run(
			agentWorkflow(),
			vapiRequest({ id: 'tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } }, { id: 'tc-2', name: 'create_ticket', arguments: { priority: 2 } }),
		);
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'tc-1', tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: 'call-7', webhook: 'Lookup Order', format: 'vapi' },
		]);
		expect(result.outputOf('Lookup Order')).toEqual([{ ok: true, status: 200, data: { order: 'A-1001', status: 'shipped' }, toolCallId: 'tc-1', format: 'vapi' }]);
		expect(agentReply(result)).toEqual({
			results: [
				{ toolCallId: 'tc-1', result: ORDER },
				{ toolCallId: 'tc-2', result: 'Missing required value: email. Ask the customer for it and try again.' },
			],
		});
		expect(result.hintsOf('Reply to Agent')).toEqual([]);
	});

	it('answers an OpenAI Chat Completions request with tool messages', async () => {
		const request = { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_number":"A-1001"}' } }] };
		expect(agentReply(await run(agentWorkflow(), request))).toEqual({ messages: [{ role: 'tool', tool_call_id: 'call_1', content: ORDER }] });
	});

	it('answers a Retell request with the result object itself, without the platform field', async () => {
		const request = { name: 'lookup_order', args: { order_number: 'A-1001' }, call: { call_id: 'retell-1' } };
		expect(agentReply(await run(agentWorkflow(), request))).toEqual({ ok: true, status: 200, data: { order: 'A-1001', status: 'shipped' } });
	});

	it('a request whose platform nothing names (a version 1 route) is answered in the RedFlare format, and the run says why', async () => {
		const workflow = agentWorkflow();
		const route = workflow.nodes.find((node) => node.name === 'Route Tool Calls') as WorkflowNode;
		route.typeVersion = 1;
		const result = await run(workflow, vapiRequest({ id: 'tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } }));
		expect(agentReply(result)).toEqual({ ok: true, status: 200, data: { order: 'A-1001', status: 'shipped' }, toolCallId: 'tc-1' });
		expect(result.hintsOf('Reply to Agent')).toEqual([expect.stringContaining('No result says which platform the request came from')]);
	});

	it('a chosen Reply Format still wins', async () => {
		const result = await run(agentWorkflow({ reply: { replyFormat: 'redflare' } }), vapiRequest({ id: 'tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } }));
		expect(agentReply(result)).toEqual({ ok: true, status: 200, data: { order: 'A-1001', status: 'shipped' }, toolCallId: 'tc-1' });
	});
});

describe('version 1 is unchanged', () => {
	it('routes without the platform, and replies in the RedFlare format by default', async () => {
		const result = await run(agentWorkflow({ typeVersion: 1 }), vapiRequest({ id: 'tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } }));
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'tc-1', tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: 'call-7', webhook: 'Lookup Order' },
		]);
		expect(agentReply(result)).toEqual({ ok: true, status: 200, data: { order: 'A-1001', status: 'shipped' }, toolCallId: 'tc-1' });
	});

	it('lists the tools one item each, a broken one with its reason as its status', async () => {
		const rows = [
			{ name: 'lookup_order', webhook: 'Lookup Order' },
			{ name: 'refund', webhook: 'Refunds' },
		];
		const result = await run(agentWorkflow({ typeVersion: 1, rows, route: { describe: true } }), { message: { type: 'tool-list-request' } });
		const list = result.outputOf('Route Tool Calls', 3);
		expect(list.map((entry) => [entry.tool, entry.status, 'openai' in entry])).toEqual([
			['lookup_order', 'ok', true],
			['refund', 'linked webhook "Refunds" is not a node downstream of this one', false],
		]);
	});
});

describe('Describe Tools (version 2): one item, the full list and the lists ready to register', () => {
	it('every tool with its status, and OpenAI and MCP lists of the working ones only', async () => {
		const rows = [
			{ name: 'lookup_order', webhook: 'Lookup Order' },
			{ name: 'create_ticket', webhook: 'Create Ticket' },
			{ name: 'refund', webhook: 'Refunds' },
		];
		const workflow = agentWorkflow({ rows, route: { describe: true } });
		workflow.connections['Route Tool Calls'].main = [[main('Lookup Order')], [main('Create Ticket')], [], [main('Merge', 2)], []];
		const result = await run(workflow, { message: { type: 'tool-list-request' } });
		const [list, ...more] = result.outputOf('Route Tool Calls', 4);
		expect(more).toEqual([]);
		expect((list.tools as IDataObject[]).map((entry) => [entry.tool, entry.status, entry.reason])).toEqual([
			['lookup_order', 'ok', undefined],
			['create_ticket', 'ok', undefined],
			['refund', 'broken', 'linked webhook "Refunds" is not a node downstream of this one'],
		]);
		expect((list.openai as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toEqual(['lookup_order', 'create_ticket']);
		expect((list.mcp as Array<{ name: string }>).map((tool) => tool.name)).toEqual(['lookup_order', 'create_ticket']);
		expect(list.openai).toEqual((list.tools as IDataObject[]).slice(0, 2).map((entry) => entry.openai));
		expect(list.mcp).toEqual((list.tools as IDataObject[]).slice(0, 2).map((entry) => entry.mcp));
		expect(result.hintsOf('Route Tool Calls')).toEqual(['Tools with a broken link (their calls go to Not Routed): refund: linked webhook "Refunds" is not a node downstream of this one']);
	});
});

describe('links that survive a rename', () => {
	const byExpression = [
		{ name: 'lookup_order', webhook: "={{ $('Lookup Order').params.webhookName }}" },
		{ name: 'create_ticket', webhook: 'Create Ticket' },
	];

	it('a Linked Webhook written as an expression follows its node when it is renamed', async () => {
		const workflow = renamed(agentWorkflow({ rows: byExpression }), [['Lookup Order', 'Order Lookup (EU)']]);
		const route = workflow.nodes.find((node) => node.name === 'Route Tool Calls') as WorkflowNode;
		expect((route.parameters?.tools as { tool: Array<{ webhook: string }> }).tool[0].webhook).toBe("={{ $('Order Lookup (EU)').params.webhookName }}");
		const result = await run(workflow, vapiRequest({ id: 'tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } }));
		expect(result.outputOf('Route Tool Calls', 0)).toEqual([expect.objectContaining({ toolCallId: 'tc-1', webhook: 'Order Lookup (EU)' })]);
		expect(agentReply(result)).toEqual({ results: [{ toolCallId: 'tc-1', result: ORDER }] });
		expect(result.hintsOf('Route Tool Calls')).toEqual([]);
	});

	it('a plain node name does not: the link breaks, its calls go to Not Routed, and the run says so', async () => {
		const workflow = renamed(agentWorkflow({ rows: byExpression }), [['Create Ticket', 'New Ticket']]);
		const result = await run(workflow, vapiRequest({ id: 'tc-2', name: 'create_ticket', arguments: { email: 'a@b.co' } }));
		expect(server().requests).toEqual([]);
		expect(agentReply(result)).toEqual({
			results: [
				{
					toolCallId: 'tc-2',
					result: 'The tool "create_ticket" cannot be used right now: it is not available (linked webhook "Create Ticket" is not a node downstream of this one).',
				},
			],
		});
		expect(result.hintsOf('Route Tool Calls')).toEqual([
			'Tools with a broken link (their calls go to Not Routed): create_ticket: linked webhook "Create Ticket" is not a node downstream of this one',
			'1 call went to Not Routed: create_ticket (tool_unavailable)',
		]);
	});

	it('an expression naming a node that is not there is broken, named after that node', async () => {
		const rows = [{ name: 'lookup_order', webhook: "={{ $('Gone').params.webhookName }}" }];
		const result = await run(agentWorkflow({ rows, route: { describe: true } }), {});
		const [list] = result.outputOf('Route Tool Calls', 2);
		expect(list.tools).toEqual([{ tool: 'lookup_order', webhook: 'Gone', status: 'broken', reason: 'linked webhook "Gone" is not a node downstream of this one' }]);
	});
});

describe('hints after a run: what went wrong without failing', () => {
	it('calls that went to Not Routed are counted and named on the route', async () => {
		const result = await run(
			agentWorkflow(),
			vapiRequest({ id: 'tc-1', name: 'refund', arguments: {} }, { id: 'tc-2', name: 'create_ticket', arguments: { email: 'a@b.co', priority: 'high' } }),
		);
		expect(result.hintsOf('Route Tool Calls')).toEqual(['2 calls went to Not Routed: refund (tool_unavailable); create_ticket (invalid_value)']);
	});

	it('a reply without a Merge (Append) in front of it says that results on other branches get replies of their own', async () => {
		const result = await run(agentWorkflow({ merge: false }), vapiRequest({ id: 'tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } }));
		expect(result.hintsOf('Reply to Agent')).toEqual([expect.stringContaining('No Merge node in Append mode is in front of this node')]);
	});
});
