/**
 * The workflows in examples/, imported and run in real n8n against a local API (./examples.ts): one per
 * platform the Agent Tool Call node speaks, built with version 2 of the package's nodes (links written as
 * expressions, Reply Format Same as Request, Dynamic fields typed by their params, the URL placeholder
 * filled without a Path Params row). Each gets the requests its platform sends (shapes from the
 * platform's documentation) and must answer the way that platform reads a reply: the reply shape, each
 * result paired with its call's id, values typed as their Dynamic Params say when they reach the API, the
 * secret from the credential in the API key header, and a missing argument answered without a request.
 * Afterwards n8n is stopped and its whole folder, database and output are searched for the secret.
 *
 * Run: npx jest -c jest.e2e.config.js test/e2e/examples.e2e.ts   (E2E_KEEP=1 keeps n8n's user folder)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

import { TOOL_CALL_EXAMPLES, startExamples, type ExampleSetup, type RunningExamples } from './examples';
import { describeSnapshot, findLeaks, snapshotUserFolder } from './leaks';
import type { ReceivedRequest } from './local-server';
import { progress } from './progress';
import { PACKAGE_ROOT } from './runtime';

const { log, timed } = progress('examples');

const DEMO_KEY = 'demo_e2e_Xk42vQ7pLm9s'; // the value of the "Demo API Key" secret
const SECRETS = { 'Demo API Key': DEMO_KEY };
const ORDER = { order: 'A-1001', status: 'shipped', eta: '2026-12-02' };
/** Sent as a dynamic value once: the leak search must find it stored, so that it looks in the right place. */
const MARKER_EMAIL = `marker-${randomBytes(6).toString('hex')}@example.com`;

const EXAMPLES: ExampleSetup[] = TOOL_CALL_EXAMPLES.map(({ file }) => ({ file, secrets: { 'RedFlare Demo Secrets': SECRETS } }));

/**
 * The shop API the examples are written against (scripts/demo-api.js, reduced): the key header, one
 * order, and tickets whose body must be typed as the demo API demands (422 otherwise).
 */
function shopApi(request: ReceivedRequest) {
	if (request.headers['x-api-key'] !== DEMO_KEY) return { status: 401, json: { error: 'unauthorized' } };
	if (request.method === 'GET' && request.url === '/orders/A-1001') return { json: ORDER };
	if (request.method === 'POST' && request.url === '/tickets') {
		const body = JSON.parse(request.text) as { customer?: { email?: unknown }; priority?: unknown; urgent?: unknown };
		const typed = typeof body.customer?.email === 'string' && Number.isInteger(body.priority) && ['undefined', 'boolean'].includes(typeof body.urgent);
		return typed ? { status: 201, json: { ticket: 'T-1', priority: body.priority } } : { status: 422, json: { error: 'validation_failed' } };
	}
	return { status: 404, json: { error: 'not found' } };
}

const ticketBody = (email: string, priority: number, channel: string, urgent?: boolean) =>
	JSON.stringify({ customer: { email }, priority, ...(urgent === undefined ? {} : { urgent }), channel });
const ticket = (priority: number) => ({ ticket: 'T-1', priority });

let examples: RunningExamples | undefined;

function running(): RunningExamples {
	if (!examples) throw new Error('setup failed: the examples are not running');
	return examples;
}

/** POSTs to a trigger; returns the reply and the requests the API received meanwhile. */
async function call(path: string, body: unknown) {
	const before = running().api.requests.length;
	const reply = await running().post(path, body);
	return { reply, sent: running().requestsSince(before) };
}

const described = (requests: ReceivedRequest[]) => requests.map((request) => `${request.method} ${request.url}`).sort();
const keyed = (requests: ReceivedRequest[]) => requests.every((request) => request.headers['x-api-key'] === DEMO_KEY);

beforeAll(async () => {
	await timed('npm run build', () => promisify(execFile)('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	examples = await timed('n8n with the examples imported, published and started', () => startExamples(EXAMPLES, shopApi, log));
}, 60 * 60 * 1000);

afterAll(async () => await examples?.stop(), 60000);

// ---------------------------------------------------------------------------------------------
// Vapi: a "tool-calls" server message (ServerMessageToolCalls); the reply { results: [{ toolCallId, result }] }.

const vapiToolCalls = (...calls: Array<{ id: string; name: string; arguments: Record<string, unknown> }>) => ({
	message: {
		timestamp: 1718000000123,
		type: 'tool-calls',
		toolCallList: calls.map((entry) => ({ id: entry.id, type: 'function', function: { name: entry.name, arguments: entry.arguments } })),
		call: { id: 'call-6f1d7c2e-4b1a-4f0e-9d55-2f1b0c7a9e31', orgId: 'org-1', type: 'inboundPhoneCall' },
	},
});

describe('examples/voice-agent-two-tools.json (Vapi)', () => {
	test("the README's conversation turn: two tool calls, both answered in one Vapi reply", async () => {
		const { reply, sent } = await call(
			'vapi/tools',
			vapiToolCalls(
				{ id: 'tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } },
				{ id: 'tc-2', name: 'create_ticket', arguments: { email: 'ada@example.com', priority: '2' } },
			),
		);
		expect(reply).toEqual({
			status: 200,
			json: {
				results: [
					{ toolCallId: 'tc-1', result: JSON.stringify(ORDER) },
					{ toolCallId: 'tc-2', result: JSON.stringify(ticket(2)) },
				],
			},
		});
		expect(described(sent)).toEqual(['GET /orders/A-1001', 'POST /tickets']);
		expect(keyed(sent)).toBe(true);
		// "2" from the conversation arrives as the integer 2; the unset optional `urgent` is left out.
		expect(sent.find((request) => request.method === 'POST')?.text).toBe(ticketBody('ada@example.com', 2, 'voice'));
	});

	test('a call without the order number: the agent is told what to ask for, and nothing is sent', async () => {
		const { reply, sent } = await call('vapi/tools', vapiToolCalls({ id: 'tc-3', name: 'lookup_order', arguments: {} }));
		expect(reply.status).toBe(200);
		const [result] = (reply.json as { results: Array<{ toolCallId: string; result: string }> }).results;
		expect(result.toolCallId).toBe('tc-3');
		expect(result.result).toMatch(/order_number/);
		expect(sent).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// Retell: a custom function request { name, call, args } (call: the call object with its live
// transcript); the response body is what the agent reads, one call per request, no call ids.

const retellCall = {
	call_type: 'phone_call',
	from_number: '+12137771234',
	to_number: '+12137771235',
	direction: 'inbound',
	call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6',
	agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
	call_status: 'ongoing',
	start_timestamp: 1718000000000,
	transcript: 'Agent: Hi, how can I help you today?\nUser: My headphones arrived broken, can you open a ticket?',
};

describe('examples/retell-custom-functions.json (Retell)', () => {
	test('lookup_order: the response body is the result object', async () => {
		const { reply, sent } = await call('retell/tools', { name: 'lookup_order', call: retellCall, args: { order_number: 'A-1001' } });
		expect(reply).toEqual({ status: 200, json: { ok: true, status: 200, data: ORDER } });
		expect(described(sent)).toEqual(['GET /orders/A-1001']);
		expect(keyed(sent)).toBe(true);
	});

	test('create_ticket: the arguments arrive typed in the JSON body', async () => {
		const { reply, sent } = await call('retell/tools', { name: 'create_ticket', call: retellCall, args: { email: 'ada@example.com', priority: 3, urgent: true } });
		expect(reply).toEqual({ status: 200, json: { ok: true, status: 201, data: ticket(3) } });
		expect(sent.map((request) => request.text)).toEqual([ticketBody('ada@example.com', 3, 'voice', true)]);
		expect(keyed(sent)).toBe(true);
	});

	test('create_ticket without the email: missing_params names it, and nothing is sent', async () => {
		const { reply, sent } = await call('retell/tools', { name: 'create_ticket', call: retellCall, args: { priority: 1 } });
		// A call refused before routing also names its tool.
		expect(reply).toEqual({ status: 200, json: { ok: false, error: expect.objectContaining({ code: 'missing_params', missing: ['email'] }), tool: 'create_ticket' } });
		expect(sent).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// ElevenLabs: a server (webhook) tool POSTs its body parameters as the JSON body and sends no tool
// name: the example's URLs carry it as ?tool=…; the response body is what the agent reads.

describe('examples/elevenlabs-server-tools.json (ElevenLabs)', () => {
	test('?tool=lookup_order with the body parameters: the result object', async () => {
		const { reply, sent } = await call('elevenlabs/tools?tool=lookup_order', { order_number: 'A-1001' });
		expect(reply).toEqual({ status: 200, json: { ok: true, status: 200, data: ORDER } });
		expect(described(sent)).toEqual(['GET /orders/A-1001']);
		expect(keyed(sent)).toBe(true);
	});

	test('?tool=create_ticket: integer and boolean body parameters arrive as they were typed', async () => {
		const { reply, sent } = await call('elevenlabs/tools?tool=create_ticket', { email: 'grace@example.com', priority: 2, urgent: false });
		expect(reply).toEqual({ status: 200, json: { ok: true, status: 201, data: ticket(2) } });
		expect(sent.map((request) => request.text)).toEqual([ticketBody('grace@example.com', 2, 'voice', false)]);
	});

	test('a body without the order number: missing_params, nothing sent; an unknown tool: tool_unavailable', async () => {
		const missing = await call('elevenlabs/tools?tool=lookup_order', {});
		expect(missing.reply).toEqual({
			status: 200,
			json: { ok: false, error: expect.objectContaining({ code: 'missing_params', missing: ['order_number'] }), tool: 'lookup_order' },
		});
		expect(missing.sent).toEqual([]);
		const unknown = await call('elevenlabs/tools?tool=cancel_order', { order_number: 'A-1001' });
		expect(unknown.reply).toEqual({ status: 200, json: { ok: false, error: expect.objectContaining({ code: 'tool_unavailable' }), tool: 'cancel_order' } });
		expect(unknown.sent).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// OpenAI Chat Completions: the app POSTs a chat.completion whose message has tool_calls (arguments
// as JSON text; strict mode sends optional ones as null); the reply holds role "tool" messages.

const chatCompletion = (...toolCalls: Array<{ id: string; name: string; arguments: string }>) => ({
	id: 'chatcmpl-9xYz2mQ7Lr4Vt',
	object: 'chat.completion',
	created: 1718000000,
	model: 'gpt-4o-2024-08-06',
	choices: [
		{
			index: 0,
			message: {
				role: 'assistant',
				content: null,
				tool_calls: toolCalls.map((entry) => ({ id: entry.id, type: 'function', function: { name: entry.name, arguments: entry.arguments } })),
				refusal: null,
			},
			logprobs: null,
			finish_reason: 'tool_calls',
		},
	],
	usage: { prompt_tokens: 182, completion_tokens: 52, total_tokens: 234 },
});

interface ChatReply {
	messages: Array<{ role: string; tool_call_id: string; content: string }>;
}

describe('examples/openai-chat-completions-tools.json (OpenAI Chat Completions)', () => {
	test('two tool calls: one role "tool" message each, paired by tool_call_id; strict-mode null leaves the field out', async () => {
		const { reply, sent } = await call(
			'openai/chat-completions',
			chatCompletion(
				{ id: 'call_Tk3v9PqLm2', name: 'create_ticket', arguments: JSON.stringify({ email: 'ada@example.com', priority: 2, urgent: null }) },
				{ id: 'call_Wd8sX1nB0r', name: 'lookup_order', arguments: JSON.stringify({ order_number: 'A-1001' }) },
			),
		);
		expect(reply.status).toBe(200);
		const { messages } = reply.json as ChatReply;
		expect(messages).toHaveLength(2);
		expect(messages).toEqual(
			expect.arrayContaining([
				{ role: 'tool', tool_call_id: 'call_Tk3v9PqLm2', content: JSON.stringify(ticket(2)) },
				{ role: 'tool', tool_call_id: 'call_Wd8sX1nB0r', content: JSON.stringify(ORDER) },
			]),
		);
		expect(described(sent)).toEqual(['GET /orders/A-1001', 'POST /tickets']);
		expect(keyed(sent)).toBe(true);
		expect(sent.find((request) => request.method === 'POST')?.text).toBe(ticketBody('ada@example.com', 2, 'chat'));
	});

	test('a call without the order number: its message says what is missing, and nothing is sent', async () => {
		const { reply, sent } = await call('openai/chat-completions', chatCompletion({ id: 'call_Qz7', name: 'lookup_order', arguments: '{}' }));
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ messages: [{ role: 'tool', tool_call_id: 'call_Qz7', content: expect.stringMatching(/order_number/) }] });
		expect(sent).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// OpenAI Responses: the app POSTs a response whose output has function_call items (call_id,
// arguments as JSON text); the reply holds function_call_output items for the next request's input.

const responsesResponse = (...calls: Array<{ callId: string; name: string; arguments: string }>) => ({
	id: 'resp_67ccd2bed1ec8190b14f964abc054267',
	object: 'response',
	created_at: 1741476542,
	status: 'completed',
	model: 'gpt-4.1-2025-04-14',
	output: [
		{ type: 'reasoning', id: 'rs_67ccd2bf', summary: [] },
		...calls.map((entry, index) => ({ type: 'function_call', id: `fc_67ccd2c0${index}`, call_id: entry.callId, name: entry.name, arguments: entry.arguments, status: 'completed' })),
	],
	parallel_tool_calls: true,
	tool_choice: 'auto',
	usage: { input_tokens: 291, output_tokens: 23, total_tokens: 314 },
});

describe('examples/openai-responses-tools.json (OpenAI Responses)', () => {
	test('one call answered by the API, one refused for a missing argument: both function_call_output items, paired by call_id', async () => {
		const { reply, sent } = await call(
			'openai/responses',
			responsesResponse(
				{ callId: 'call_unLAR8MvFNptuiZK6K6HCy5k', name: 'lookup_order', arguments: JSON.stringify({ order_number: 'A-1001' }) },
				{ callId: 'call_p2Bq7XwS0e', name: 'create_ticket', arguments: JSON.stringify({ email: 'ada@example.com' }) },
			),
		);
		expect(reply.status).toBe(200);
		const { input } = reply.json as { input: Array<{ type: string; call_id: string; output: string }> };
		expect(input).toHaveLength(2);
		expect(input).toEqual(
			expect.arrayContaining([
				{ type: 'function_call_output', call_id: 'call_unLAR8MvFNptuiZK6K6HCy5k', output: JSON.stringify(ORDER) },
				{ type: 'function_call_output', call_id: 'call_p2Bq7XwS0e', output: expect.stringMatching(/priority/) },
			]),
		);
		expect(described(sent)).toEqual(['GET /orders/A-1001']); // the ticket without its priority was never sent
		expect(keyed(sent)).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------------
// RedFlare: { tool, params, toolCallId, conversationId }, values often as text; the reply is the
// result with its toolCallId.

describe('examples/redflare-tool-calls.json (RedFlare)', () => {
	test('create_ticket with values as text: the API gets an integer and a boolean; the reply carries the toolCallId', async () => {
		const { reply, sent } = await call('redflare/tools', {
			tool: 'create_ticket',
			params: { email: MARKER_EMAIL, priority: '2', urgent: 'yes' },
			toolCallId: 'rf-tc-1',
			conversationId: 'conv-42',
		});
		expect(reply).toEqual({ status: 200, json: { ok: true, status: 201, data: ticket(2), toolCallId: 'rf-tc-1' } });
		expect(sent.map((request) => request.text)).toEqual([ticketBody(MARKER_EMAIL, 2, 'chat', true)]);
		expect(keyed(sent)).toBe(true);
	});

	test('a missing order number and a priority that is no integer: each answered with its toolCallId, nothing sent', async () => {
		const missing = await call('redflare/tools', { tool: 'lookup_order', params: {}, toolCallId: 'rf-tc-2', conversationId: 'conv-42' });
		expect(missing.reply).toEqual({
			status: 200,
			json: { ok: false, error: expect.objectContaining({ code: 'missing_params', missing: ['order_number'] }), tool: 'lookup_order', toolCallId: 'rf-tc-2' },
		});
		expect(missing.sent).toEqual([]);
		const invalid = await call('redflare/tools', { tool: 'create_ticket', params: { email: 'ada@example.com', priority: 'high' }, toolCallId: 'rf-tc-3' });
		expect(invalid.reply).toEqual({
			status: 200,
			json: { ok: false, error: expect.objectContaining({ code: 'invalid_value', message: expect.stringMatching(/priority/) }), tool: 'create_ticket', toolCallId: 'rf-tc-3' },
		});
		expect(invalid.sent).toEqual([]);
	});

	test('an order number with a slash fills {order_number} as one path segment (no Path Params row needed); the 404 reaches the caller', async () => {
		const { reply, sent } = await call('redflare/tools', { tool: 'lookup_order', params: { order_number: 'A/1001' }, toolCallId: 'rf-tc-4' });
		expect(described(sent)).toEqual(['GET /orders/A%2F1001']);
		expect(keyed(sent)).toBe(true);
		expect(reply).toEqual({
			status: 200,
			json: { ok: false, error: expect.objectContaining({ code: 'http_error', status: 404, details: { error: 'not found' } }), toolCallId: 'rf-tc-4' },
		});
	});
});

// ---------------------------------------------------------------------------------------------
// The secret hunt (./leaks.ts), once n8n is stopped: every file of its folder, every database row
// and everything it printed, for the key in every form it could take.

describe('secret leak check (n8n stopped)', () => {
	test('the key is nowhere in n8n’s folder, database or output; the marker sent as a value is stored', async () => {
		await running().stopN8n();
		const snapshot = await snapshotUserFolder(running().userFolder);
		const outputs = [running().output()];
		log(`leak check: ${describeSnapshot(snapshot, outputs)}`);
		expect(snapshot.dump).toContain(MARKER_EMAIL); // the executions were stored where the search looks
		expect(findLeaks(SECRETS, snapshot, outputs)).toEqual([]);
	}, 120000);
});
