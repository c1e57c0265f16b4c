/**
 * The workflows in examples/, imported and run in real n8n against a local API (./examples.ts): each
 * example answers its platform's tool calls as the README says it does, with the secret from its
 * credential, and without the secret in the reply.
 *
 * Run: npx jest -c jest.e2e.config.js test/e2e/examples.e2e.ts   (E2E_KEEP=1 keeps n8n's user folder)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { startExamples, type RunningExamples } from './examples';
import type { ReceivedRequest } from './local-server';
import { progress } from './progress';
import { PACKAGE_ROOT } from './runtime';

const { log, timed } = progress('examples');

const DEMO_KEY = 'demo_e2e_Xk42vQ7pLm9s'; // the value of the "Demo API Key" secret
const ORDER = { order: 'A-1001', status: 'shipped', eta: '2026-12-02' };

/** The shop API examples/voice-agent-two-tools.json is written against (scripts/demo-api.js, reduced). */
function shopApi(request: ReceivedRequest) {
	if (request.headers['x-api-key'] !== DEMO_KEY) return { status: 401, json: { error: 'unauthorized' } };
	if (request.method === 'GET' && request.url === '/orders/A-1001') return { json: ORDER };
	if (request.method === 'POST' && request.url === '/tickets') {
		const body = JSON.parse(request.text) as { priority?: number };
		return { status: 201, json: { ticket: 'T-1', priority: body.priority } };
	}
	return { status: 404, json: { error: 'not found' } };
}

const vapiToolCalls = (...calls: Array<{ id: string; name: string; arguments: Record<string, unknown> }>) => ({
	message: {
		type: 'tool-calls',
		call: { id: 'call-7' },
		toolCallList: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
	},
});

let examples: RunningExamples | undefined;

function running(): RunningExamples {
	if (!examples) throw new Error('setup failed: the examples are not running');
	return examples;
}

beforeAll(async () => {
	await timed('npm run build', () => promisify(execFile)('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	examples = await timed('n8n with the examples imported, published and started', () =>
		startExamples([{ file: 'voice-agent-two-tools.json', secrets: { 'RedFlare Demo Secrets': { 'Demo API Key': DEMO_KEY } } }], shopApi, log),
	);
}, 60 * 60 * 1000);

afterAll(async () => await examples?.stop(), 60000);

describe('examples/voice-agent-two-tools.json (Vapi)', () => {
	test("the README's conversation turn: two tool calls, both answered in one Vapi reply", async () => {
		const before = running().api.requests.length;
		const reply = await running().post(
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
					{ toolCallId: 'tc-2', result: JSON.stringify({ ticket: 'T-1', priority: 2 }) },
				],
			},
		});
		const sent = running().requestsSince(before);
		expect(sent.map((request) => `${request.method} ${request.url}`).sort()).toEqual(['GET /orders/A-1001', 'POST /tickets']);
		expect(sent.every((request) => request.headers['x-api-key'] === DEMO_KEY)).toBe(true);
		// "2" from the conversation arrives as the integer 2; the unset optional `urgent` is left out.
		expect(sent.find((request) => request.method === 'POST')?.text).toBe('{"customer":{"email":"ada@example.com"},"priority":2,"channel":"voice"}');
		expect(JSON.stringify(reply)).not.toContain(DEMO_KEY);
	});

	test('a call without the order number: the agent is told what to ask for, and nothing is sent', async () => {
		const before = running().api.requests.length;
		const reply = await running().post('vapi/tools', vapiToolCalls({ id: 'tc-3', name: 'lookup_order', arguments: {} }));
		expect(reply.status).toBe(200);
		const [result] = (reply.json as { results: Array<{ toolCallId: string; result: string }> }).results;
		expect(result.toolCallId).toBe('tc-3');
		expect(result.result).toMatch(/order_number/);
		expect(running().requestsSince(before)).toEqual([]);
	});

	test('n8n printed nothing of the secret', () => {
		expect(running().output()).not.toContain(DEMO_KEY);
	});
});
