/**
 * RedFlare Webhook Tool calls through n8n-core's real engine, both ways n8n calls a tool: Agent v3's
 * engine request (the tool node's execute(), arguments read with $fromAI) and invoke() (MCP Server
 * Trigger, sub-agents, older agents). Values come only from the model's arguments, every call answers
 * with an agent result, and each call is logged with its input and output.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../helpers/harness';
import { AGENT, SECRETS, agentView, agentWorkflow, credentials, lookupParameters, ticketParameters, toolLog, toolNode } from './workflow';
import { useServer } from './use-server';

const server = useServer((started) => {
	started.route('/tickets', (request) => ({ status: 201, body: { ticket: 'T-1', received: JSON.parse(request.text) as unknown } }));
	started.route('/orders/BROKEN', { status: 500, body: { error: 'ledger_offline' } });
	started.route('/orders/SLOW', { hang: true });
});

const tools = () => [toolNode('Lookup Order', lookupParameters(server().origin)), toolNode('Create Ticket', ticketParameters(server().origin))];

/** The agent's own input item: a decoy `params` object and decoy top-level values next to the chat input. */
const DECOY_ITEM = {
	chatInput: 'Where is my order?',
	params: { order_number: 'DECOY-PARAMS', email: 'decoy@evil.example', priority: 3 },
	order_number: 'DECOY-TOP',
	email: 'decoy-top@evil.example',
	priority: 1,
	urgent: false,
};

describe('Agent v3: the engine runs the tool node with the model’s arguments', () => {
	it('typed arguments reach the server (path value, integer, boolean, secret header); the model gets each agent result by call id', async () => {
		const result = await runWorkflow(
			agentWorkflow(tools(), [
				{ id: 'call_1', tool: 'Lookup_Order', arguments: { order_number: 'A 1/2' } },
				{ id: 'call_2', tool: 'Create_Ticket', arguments: { email: 'ada@example.com', priority: 2, urgent: true } },
			]),
			{ credentials, triggerItems: [DECOY_ITEM] },
		);
		expect(result.error).toBeUndefined();
		expect(server().requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /orders/A%201%2F2', 'POST /tickets']);
		expect(server().requests[1].text).toBe('{"customer":{"email":"ada@example.com"},"priority":2,"urgent":true}');
		expect(server().requests.every((request) => request.headers['x-api-key'] === SECRETS['Orders Key'])).toBe(true);
		expect(agentView(result).answers).toEqual({
			call_1: [{ ok: true, status: 200, data: { ok: true } }],
			call_2: [{ ok: true, status: 201, data: { ticket: 'T-1', received: { customer: { email: 'ada@example.com' }, priority: 2, urgent: true } } }],
		});
	});

	it('never reads the agent’s own item: a left-out argument is missing_params although the item has a value for it, nothing is sent', async () => {
		const result = await runWorkflow(
			agentWorkflow(tools(), [
				{ id: 'call_1', tool: 'Lookup_Order', arguments: {} },
				{ id: 'call_2', tool: 'Create_Ticket', arguments: { email: 'grace@example.com' } },
			]),
			{ credentials, triggerItems: [DECOY_ITEM] },
		);
		expect(result.error).toBeUndefined();
		expect(server().requests).toHaveLength(0);
		expect(agentView(result).answers).toEqual({
			call_1: [
				{ ok: false, error: { code: 'missing_params', message: 'Missing required value: order_number. Ask the customer for it and try again.', missing: ['order_number'] } },
			],
			call_2: [{ ok: false, error: { code: 'missing_params', message: 'Missing required value: priority. Ask the customer for it and try again.', missing: ['priority'] } }],
		});
	});

	it('logs each call with the model’s arguments as input and the agent result as output', async () => {
		const result = await runWorkflow(
			agentWorkflow(tools(), [
				{ id: 'call_1', tool: 'Create_Ticket', arguments: { email: 'ada@example.com', priority: '3' } },
				{ id: 'call_2', tool: 'Create_Ticket', arguments: { email: 'bob@example.com', priority: 'high' } },
			]),
			{ credentials, triggerItems: [DECOY_ITEM] },
		);
		expect(toolLog(result, 'Create Ticket')).toEqual([
			{
				input: { email: 'ada@example.com', priority: '3' },
				output: { ok: true, status: 201, data: { ticket: 'T-1', received: { customer: { email: 'ada@example.com' }, priority: 3 } } },
			},
			{
				input: { email: 'bob@example.com', priority: 'high' },
				output: { ok: false, error: { code: 'invalid_value', message: 'Invalid value for priority: "high" is not a whole number.' } },
			},
		]);
		expect(server().requests).toHaveLength(1);
	});

	it('answers failures as agent results whatever the node’s error settings: HTTP 500, timeout, refused connection', async () => {
		const settings = { onError: 'stopWorkflow' as const, retryOnFail: false };
		const timeoutTool = toolNode('Slow Quote', { ...lookupParameters(server().origin), timeout: 1, options: { onFailure: 'fail' } }, settings);
		const refused = toolNode('Offline', { ...lookupParameters('http://127.0.0.1:1'), options: { onFailure: 'fail' } }, settings);
		const result = await runWorkflow(
			agentWorkflow(
				[toolNode('Lookup Order', { ...lookupParameters(server().origin), options: { onFailure: 'fail' } }, settings), timeoutTool, refused],
				[
					{ id: 'call_500', tool: 'Lookup_Order', arguments: { order_number: 'BROKEN' } },
					{ id: 'call_slow', tool: 'Slow_Quote', arguments: { order_number: 'SLOW' } },
					{ id: 'call_refused', tool: 'Offline', arguments: { order_number: 'A-1' } },
				],
			),
			{ credentials },
		);
		expect(result.error).toBeUndefined();
		const { answers } = agentView(result);
		expect(answers.call_500).toEqual([
			{ ok: false, error: { code: 'http_error', status: 500, message: expect.stringContaining('HTTP 500'), details: { error: 'ledger_offline' } } },
		]);
		expect(answers.call_slow).toEqual([{ ok: false, error: { code: 'timeout', message: expect.stringContaining('within 1 s') } }]);
		expect(answers.call_refused).toEqual([{ ok: false, error: { code: 'network_error', message: expect.any(String) } }]);
	});

	it('n8n’s own Retry On Fail re-runs a call that answered ok: false (the README says to use the Retries option instead)', async () => {
		const retried = toolNode('Lookup Order', lookupParameters(server().origin), { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 });
		const result = await runWorkflow(agentWorkflow([retried], [{ id: 'call', tool: 'Lookup_Order', arguments: { order_number: 'BROKEN' } }]), { credentials });
		expect(result.error).toBeUndefined();
		expect(server().requests.map((request) => request.url)).toEqual(['/orders/BROKEN', '/orders/BROKEN']);
		expect(agentView(result).answers.call).toMatchObject([{ ok: false, error: { code: 'http_error', status: 500 } }]);
	});

	it('hostile arguments of any JSON shape: always an agent result, never an error; what is sent is typed', async () => {
		const argument = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('2', ' 3 ', '1e0', 'yes', 'NO', '', null, 2.5, -0, 2 ** 53));
		await fc.assert(
			fc.asyncProperty(fc.record({ email: argument, priority: argument, urgent: argument }, { requiredKeys: [] }), async (args) => {
				server().requests.length = 0;
				const result = await runWorkflow(agentWorkflow(tools(), [{ id: 'call', tool: 'Create_Ticket', arguments: args as IDataObject }]), {
					credentials,
					triggerItems: [DECOY_ITEM],
				});
				expect(result.error).toBeUndefined();
				const [answer] = agentView(result).answers.call as Array<{ ok: boolean; error?: { code: string } }>;
				if (!answer.ok) {
					expect(['missing_params', 'invalid_value']).toContain(answer.error?.code);
					expect(server().requests).toHaveLength(0);
					return;
				}
				const sent = JSON.parse(server().requests[0].text) as { customer: { email: unknown }; priority: unknown; urgent?: unknown };
				expect(typeof sent.customer.email).toBe('string');
				expect(Number.isSafeInteger(sent.priority)).toBe(true);
				if ('urgent' in sent) expect(typeof sent.urgent).toBe('boolean');
				expect(JSON.stringify(sent)).not.toContain('decoy');
			}),
			{ numRuns: 40 },
		);
	});
});

describe('invoke(): MCP Server Trigger, sub-agents and older agents', () => {
	it('answers the agent result as JSON text and logs the call (input: the arguments, output: the result)', async () => {
		const result = await runWorkflow(
			agentWorkflow(
				tools(),
				[
					{ id: 'call_1', tool: 'Create_Ticket', arguments: { email: 'ada@example.com', priority: 1 } },
					{ id: 'call_2', tool: 'Lookup_Order', arguments: { order_number: 'BROKEN' } },
				],
				'invoke',
			),
			{ credentials, triggerItems: [DECOY_ITEM] },
		);
		expect(result.error).toBeUndefined();
		const ticket = { ok: true, status: 201, data: { ticket: 'T-1', received: { customer: { email: 'ada@example.com' }, priority: 1 } } };
		const broken = { ok: false, error: { code: 'http_error', status: 500, message: expect.stringContaining('HTTP 500'), details: { error: 'ledger_offline' } } };
		expect(agentView(result).answers).toEqual({ call_1: ticket, call_2: broken });
		expect(toolLog(result, 'Create Ticket')).toEqual([{ input: { email: 'ada@example.com', priority: 1 }, output: ticket }]);
		expect(toolLog(result, 'Lookup Order')).toEqual([{ input: { order_number: 'BROKEN' }, output: broken }]);
		expect(result.executedNodes).toContain(AGENT);
	});

	it('arguments that are not an object of named values → invalid_value, nothing sent', async () => {
		const result = await runWorkflow(
			agentWorkflow(tools(), [{ id: 'call_1', tool: 'Lookup_Order', arguments: ['A-1001'] as unknown as IDataObject }], 'invoke'),
			{ credentials },
		);
		expect(agentView(result).answers.call_1).toEqual({ ok: false, error: { code: 'invalid_value', message: expect.stringContaining('not an object of named values') } });
		expect(server().requests).toHaveLength(0);
	});
});
