/**
 * End to end in REAL n8n (the pinned 2.41.1, cached outside the repo): the BUILT package is packed and
 * installed into a fresh user folder the way n8n installs a community package, with the default SQLite
 * database and execution data saved for every execution. Credentials and workflows are imported with
 * n8n's CLI; two workflows run with `n8n execute`, three are published and answer real HTTP tool calls
 * under `n8n start`. Every outbound call lands on a local server on 127.0.0.1 that records the bytes.
 * Finally, with n8n stopped, the whole user folder and all n8n output are searched for the secrets.
 *
 * Run: npm run test:e2e   (keep the user folder for inspection: E2E_KEEP=1 npm run test:e2e)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

import { describeSnapshot, filesContaining, findLeaks, snapshotUserFolder } from './leaks';
import { startLocalServer, type LocalServer, type ReceivedRequest } from './local-server';
import { PACKAGE_ROOT, runtime, stopN8n, tearDown, type CliResult, type ExecuteResult, type RunningN8n } from './runtime';
import { TOOL_ROWS, agentWorkflow, definitionCases, type Credential, type Workflow } from './workflows';
import { newId, progress } from './progress';

const run = promisify(execFile);

// Distinctive secret values: if any byte sequence of them (raw, URL/form-encoded, JSON-escaped,
// base64) shows up anywhere n8n wrote or printed, the leak check fails.
const SECRETS = {
	'Orders API Key': 'sk_e2e_Qv7mT2xL9pRwK4',
	'Partner Token': 'pt/E2E+tok=en 9K&zY3', // differs in every encoding
	'Payments Key': 'pk_e2e_Zr81QmHd4NcV6',
};
const ORDERS_KEY = SECRETS['Orders API Key'];
const PARTNER_TOKEN = SECRETS['Partner Token'];
const PAYMENTS_KEY = SECRETS['Payments Key'];
// Non-secret markers sent as dynamic values: they MUST be found in the stored executions.
const MARKER_EXECUTE = 'e2e-marker-execute-7c1d9f42';
const MARKER_WEBHOOK = 'e2e-marker-webhook-3b8a2e61';

const { log, timed } = progress('e2e');

// ---------------------------------------------------------------------------------------------
// The local API the webhooks call.

const ORDER = { order: 'A-1001', status: 'shipped', eta: '2026-12-02' };

function answer(request: ReceivedRequest) {
	const url = new URL(request.url, 'http://127.0.0.1');
	const keyOk = request.headers['x-api-key'] === ORDERS_KEY;
	if (url.pathname.startsWith('/typed/')) {
		if (!keyOk || url.searchParams.get('token') !== PARTNER_TOKEN) return { status: 401, json: { error: 'unauthorized' } };
		return { json: { accepted: true, order: decodeURIComponent(url.pathname.split('/')[2]) } };
	}
	if (url.pathname.startsWith('/slow/')) return 'hang' as const;
	if (url.pathname === '/charge') {
		// Echoes the key it got: the node must scrub it from what the agent (and n8n) sees.
		return { status: 500, json: { error: 'ledger_offline', message: 'The ledger is offline', receivedKey: request.headers['x-payments-key'] } };
	}
	if (!keyOk) return { status: 401, json: { error: 'unauthorized' } };
	if (request.method === 'GET' && url.pathname === '/orders/A-1001') return { json: ORDER };
	if (request.method === 'POST' && url.pathname === '/tickets') {
		const body = JSON.parse(request.text) as { priority?: number };
		return { status: 201, json: { ticket: 'T-1', priority: body.priority } };
	}
	return { status: 404, json: { error: 'not found' } };
}

// ---------------------------------------------------------------------------------------------
// Shared state, cleaned up in afterAll whatever happens.

let server: LocalServer | undefined;
let userFolder: string | undefined;
let n8n: RunningN8n | undefined;
const credential: Credential = { id: newId(), name: 'E2E Secrets' };
/** Everything n8n printed, for the leak check. */
const n8nOutput: string[] = [];
const ids: Record<'definitions' | 'agent' | 'vapi' | 'redflare' | 'version2', string> = {
	definitions: newId(),
	agent: newId(),
	vapi: newId(),
	redflare: newId(),
	version2: newId(),
};
const VAPI_PATH = 'e2e-vapi-tools';
const VERSION2_PATH = 'e2e-version2-tools';
const REDFLARE_PATH = 'e2e-redflare-tools';

function folder(): string {
	if (!userFolder) throw new Error('setup failed: no n8n user folder');
	return userFolder;
}

function origin(): string {
	if (!server) throw new Error('setup failed: no local server');
	return server.origin;
}

function keep(label: string, result: CliResult): void {
	n8nOutput.push(`$ n8n ${label}\n${result.stdout}\n${result.stderr}`);
}

async function cli(args: string[]): Promise<CliResult> {
	const result = await runtime.runN8n(folder(), args);
	keep(args.join(' '), result);
	if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
	return result;
}

/** `n8n import:<kind>` from a temporary file OUTSIDE the user folder (it holds plain secrets). */
async function importJson(kind: 'workflow' | 'credentials', data: object[]): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'redflare-e2e-import-'));
	try {
		const file = join(dir, `${kind}.json`);
		writeFileSync(file, JSON.stringify(data));
		await cli([`import:${kind}`, `--input=${file}`]);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function execute(id: string): Promise<ExecuteResult> {
	const result = await runtime.executeWorkflow(folder(), id, { timeoutMs: 180000 });
	keep(`execute --id=${id}`, result);
	if (!result.run) throw new Error(`n8n execute printed no run (exit ${result.code}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	return result;
}

function output(result: ExecuteResult, node: string, index = 0) {
	const items = runtime.nodeOutput(result.run, node, index);
	if (items === undefined) {
		const ran = Object.keys(result.run?.data.resultData.runData ?? {});
		throw new Error(`Node "${node}" did not run (ran: ${ran.join(', ')}); error: ${JSON.stringify(result.error)}`);
	}
	return items;
}

const requestsSince = (count: number) => (server ? server.requests.slice(count) : []);

async function post(path: string, body: unknown) {
	if (!n8n) throw new Error('n8n is not running');
	const response = await runtime.request(n8n.webhookUrl(path), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		timeoutMs: 30000,
	});
	let json: unknown;
	try {
		json = JSON.parse(response.body);
	} catch {
		json = response.body;
	}
	return { status: response.status, json };
}

const vapi = (callId: string, ...calls: Array<{ id: string; name: string; arguments: Record<string, unknown> }>) => ({
	message: {
		type: 'tool-calls',
		timestamp: 1718000000123,
		call: { id: callId, orgId: 'org-e2e', type: 'webPhoneCall' },
		toolCallList: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
	},
});
const TOOL_LIST_REQUEST = { message: { type: 'tool-list-request', call: { id: 'call-e2e-list' } } };

// ---------------------------------------------------------------------------------------------
// Setup: build, n8n, fresh user folder, packed package, credentials, workflows.

beforeAll(async () => {
	await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	const n8nPaths = await timed(`ensure n8n ${runtime.N8N_VERSION} (installs into the cache on first use: several minutes)`, () =>
		runtime.ensureN8n({ log: (message) => log(`  ${message}`) }),
	);
	log(`  n8n: ${n8nPaths.n8nBin}`);
	server = await startLocalServer(answer);
	userFolder = runtime.createUserFolder('redflare-e2e-');
	log(`local API at ${server.origin}; n8n user folder ${userFolder}`);
	const installed = await timed('install the packed package as a community package', () =>
		runtime.installCommunityPackage(folder(), PACKAGE_ROOT, { log: (message) => log(`  ${message}`) }),
	);
	log(`  installed ${installed.name}@${installed.version} in ${relative(folder(), installed.dir)}`);

	await timed('import the credential', () =>
		importJson('credentials', [{ ...credential, type: 'redFlareSecretsApi', data: { vault: JSON.stringify(SECRETS) } }]),
	);
	const workflows: Workflow[] = [
		{
			...definitionCases(origin(), credential, {
				typed: [
					{ toolCallId: 'e2e-typed', params: { order_id: 'E2E-ORDER 7', qty: '3', price: ' 9.50 ', gift: 'Yes', express: 0, note: MARKER_EXECUTE } },
					{ toolCallId: 'e2e-missing', params: { order_id: 'E2E-ORDER 8', qty: 1, gift: true, express: false } },
					{ toolCallId: 'e2e-invalid', params: { order_id: 'E2E-ORDER 9', qty: '2.5', price: 1, gift: 'no', express: 'no', note: 'x' } },
				],
				slow: [{ toolCallId: 'e2e-slow', params: { sku: 'SKU-42' } }],
				failing: [{ toolCallId: 'e2e-charge', params: { amount: '12.5', currency: 'EUR' } }],
			}),
			id: ids.definitions,
		},
		{
			...agentWorkflow({
				name: 'E2E: Agent tool calls (execute)',
				origin: origin(),
				credential,
				replyFormat: 'vapi',
				items: [
					vapi(
						'call-e2e-1',
						{ id: 'vapi-tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } },
						{ id: 'vapi-tc-2', name: 'create_ticket', arguments: { email: 'ada@example.com', subject: 'Lid cracked', priority: '2', urgent: 'no' } },
					),
					TOOL_LIST_REQUEST,
				],
			}),
			id: ids.agent,
		},
		{ ...agentWorkflow({ name: 'E2E: Vapi tools (webhook)', origin: origin(), credential, replyFormat: 'vapi', webhookPath: VAPI_PATH }), id: ids.vapi },
		{ ...agentWorkflow({ name: 'E2E: RedFlare tools (webhook)', origin: origin(), credential, replyFormat: 'redflare', webhookPath: REDFLARE_PATH }), id: ids.redflare },
		// Version 2 nodes, Reply Format left at its default (Same as Request).
		{ ...agentWorkflow({ name: 'E2E: version 2 (webhook)', origin: origin(), credential, webhookPath: VERSION2_PATH, version: 2 }), id: ids.version2 },
	];
	await timed(`import ${workflows.length} workflows`, () => importJson('workflow', workflows.map((workflow) => ({ active: false, ...workflow }))));
	await timed('publish the three webhook workflows', async () => {
		await cli(['publish:workflow', `--id=${ids.vapi}`]);
		await cli(['publish:workflow', `--id=${ids.redflare}`]);
		await cli(['publish:workflow', `--id=${ids.version2}`]);
	});
}, 60 * 60 * 1000);

afterAll(async () => await tearDown({ n8n, server, userFolder }, log), 60000);

// ---------------------------------------------------------------------------------------------

describe('n8n execute: Definition nodes fed agent items', () => {
	let result: ExecuteResult;
	let requests: ReceivedRequest[];

	beforeAll(async () => {
		const before = server?.requests.length ?? 0;
		result = await timed('n8n execute (Definition cases)', () => execute(ids.definitions));
		requests = requestsSince(before);
	}, 300000);

	test('the execution succeeded (failures are agent results, not n8n errors)', () => {
		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
	});

	test('typed values reach the server byte for byte (path, query, header, JSON body), secrets accepted', () => {
		const typed = requests.filter((request) => request.url.startsWith('/typed/'));
		expect(typed).toHaveLength(1); // the missing and the invalid item sent nothing
		const [request] = typed;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/typed/E2E-ORDER%207/qty/3/price/9.50/gift/true?source=e2e&qty=3&price=9.50&gift=true&token=pt%2FE2E%2Btok%3Den+9K%26zY3');
		expect(request.text).toBe(`{"qty":3,"price":9.50,"gift":true,"express":false,"note":"${MARKER_EXECUTE}","channel":"voice","lines":2}`);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['x-qty']).toBe('3');
		expect(request.headers['x-api-key']).toBe(ORDERS_KEY);
		expect(new URL(request.url, 'http://x').searchParams.get('token')).toBe(PARTNER_TOKEN);

		expect(output(result, 'Typed Order')[0]).toEqual({ ok: true, status: 200, data: { accepted: true, order: 'E2E-ORDER 7' }, toolCallId: 'e2e-typed' });
	});

	test('a required value missing → missing_params naming it, nothing sent; a value that does not convert → invalid_value', () => {
		const [, missing, invalid] = output(result, 'Typed Order');
		expect(missing).toEqual({
			ok: false,
			error: { code: 'missing_params', message: 'Missing required values: price, note. Ask the customer for them and try again.', missing: ['price', 'note'] },
			toolCallId: 'e2e-missing',
		});
		expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_value' }, toolCallId: 'e2e-invalid' });
		expect(String((invalid.error as { message: string }).message)).toMatch(/qty/);
	});

	test('a server that never answers → timeout after the 1 s webhook timeout, the connection abandoned', () => {
		expect(output(result, 'Slow Quote')).toEqual([
			{ ok: false, error: { code: 'timeout', message: 'The "Slow Quote" service did not answer within 1 s, so the call was abandoned.' }, toolCallId: 'e2e-slow' },
		]);
		const slow = requests.filter((request) => request.url === '/slow/SKU-42');
		expect(slow).toHaveLength(1);
		expect(slow[0].headers['x-api-key']).toBe(ORDERS_KEY);
		// n8n closed the connection at the timeout, before the answer.
		expect(slow[0].aborted).toBe(true);
		expect(slow[0].ms).toBeGreaterThanOrEqual(900);
		expect(slow[0].ms).toBeLessThan(5000);
	});

	test('HTTP 500 → http_error with status and the parsed body in details; the echoed key is scrubbed', () => {
		const [charge] = output(result, 'Charge Card');
		expect(charge).toEqual({
			ok: false,
			error: {
				code: 'http_error',
				status: 500,
				message: expect.stringContaining('HTTP 500'),
				details: { error: 'ledger_offline', message: 'The ledger is offline', receivedKey: '[redacted]' },
			},
			toolCallId: 'e2e-charge',
		});
		const sent = requests.filter((request) => request.url === '/charge');
		expect(sent).toHaveLength(1);
		expect(sent[0].text).toBe('{"amount":12.5,"currency":"EUR"}');
		expect(sent[0].headers['x-payments-key']).toBe(PAYMENTS_KEY);
	});
});

describe('n8n execute: Agent Tool Call (a Vapi payload with two calls, and a tool-list request)', () => {
	let result: ExecuteResult;
	let requests: ReceivedRequest[];

	beforeAll(async () => {
		const before = server?.requests.length ?? 0;
		result = await timed('n8n execute (Agent tool calls)', () => execute(ids.agent));
		requests = requestsSince(before);
	}, 300000);

	test('the execution succeeded', () => {
		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
	});

	test('Route → two Definitions → Merge (append) → Reply: both calls sent, one Vapi reply with both ids', () => {
		expect(output(result, 'Route Tool Calls', 0)).toEqual([
			{ toolCallId: 'vapi-tc-1', tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: 'call-e2e-1', webhook: 'Lookup Order' },
		]);
		expect(output(result, 'Route Tool Calls', 1)).toEqual([
			{
				toolCallId: 'vapi-tc-2',
				tool: 'create_ticket',
				params: { email: 'ada@example.com', subject: 'Lid cracked', priority: '2', urgent: 'no' },
				conversationId: 'call-e2e-1',
				webhook: 'Create Ticket',
			},
		]);
		expect(output(result, 'Route Tool Calls', 4)).toEqual([]); // Not Routed

		expect(requests.map((request) => `${request.method} ${request.url}`).sort()).toEqual(['GET /orders/A-1001', 'POST /tickets']);
		const ticket = requests.find((request) => request.method === 'POST');
		expect(ticket?.text).toBe('{"customer":{"email":"ada@example.com"},"subject":"Lid cracked","priority":2,"urgent":false,"channel":"voice"}');
		expect(requests.every((request) => request.headers['x-api-key'] === ORDERS_KEY)).toBe(true);

		expect(output(result, 'Merge')).toHaveLength(2);
		expect(output(result, 'Reply to Agent')).toEqual([
			{
				results: [
					{ toolCallId: 'vapi-tc-1', result: JSON.stringify(ORDER) },
					{ toolCallId: 'vapi-tc-2', result: JSON.stringify({ ticket: 'T-1', priority: 2 }) },
				],
			},
		]);
	});

	test('Describe Tools (per item, by expression): OpenAI strict and MCP schemas, broken links reported', () => {
		const list = output(result, 'Route Tool Calls', 5);
		expect(list.map((entry) => [entry.tool, entry.status])).toEqual([
			['lookup_order', 'ok'],
			['create_ticket', 'ok'],
			['cancel_order', 'linked webhook "Cancel Order" is disabled'],
			['refund_order', 'linked webhook "Refund Order" is not a node downstream of this one'],
		]);
		const lookupDescription = 'Look up the status of an existing order by its order number';
		const orderNumber = { type: 'string', description: 'The order number, e.g. A-1001' };
		expect(list[0]).toEqual({
			tool: 'lookup_order',
			description: lookupDescription,
			method: 'GET',
			url: `${origin()}/orders/{order_number}`,
			webhook: 'Lookup Order',
			status: 'ok',
			openai: {
				type: 'function',
				function: {
					name: 'lookup_order',
					description: lookupDescription,
					parameters: { type: 'object', properties: { order_number: orderNumber }, required: ['order_number'], additionalProperties: false },
					strict: true,
				},
			},
			mcp: { name: 'lookup_order', description: lookupDescription, inputSchema: { type: 'object', properties: { order_number: orderNumber }, required: ['order_number'] } },
		});
		const ticket = list[1] as { openai: { function: { parameters: unknown } }; mcp: { inputSchema: unknown } };
		expect(ticket.openai.function.parameters).toEqual({
			type: 'object',
			properties: {
				email: { type: 'string', description: "The caller's email address" },
				subject: { type: 'string', description: 'What the problem is' },
				priority: { type: 'integer', description: '1 (low) to 3 (urgent)' },
				urgent: { type: ['boolean', 'null'], description: 'Whether the caller needs an answer today' },
			},
			required: ['email', 'subject', 'priority', 'urgent'],
			additionalProperties: false,
		});
		expect(ticket.mcp.inputSchema).toMatchObject({ required: ['email', 'subject', 'priority'], properties: { urgent: { type: 'boolean' } } });
		expect(list[2]).toEqual({ tool: 'cancel_order', webhook: 'Cancel Order', status: 'linked webhook "Cancel Order" is disabled' });
		expect(list[3]).toEqual({ tool: 'refund_order', webhook: 'Refund Order', status: 'linked webhook "Refund Order" is not a node downstream of this one' });
		expect(TOOL_ROWS).toHaveLength(list.length);
	});
});

describe('n8n start: published webhook workflows answer real HTTP tool calls', () => {
	beforeAll(async () => {
		n8n = await timed('n8n start (until ready with both webhooks registered)', () =>
			runtime.startN8n(folder(), { webhookPaths: [VAPI_PATH, REDFLARE_PATH, VERSION2_PATH], timeoutMs: 240000, log: (message) => log(`  ${message}`) }),
		);
	}, 300000);

	afterAll(async () => {
		if (n8n) await stopN8n(n8n, n8nOutput, timed);
	}, 60000);

	test('Vapi: two tool calls → 200 { results } with both ids, in order; typed body sent with the secret', async () => {
		const before = server?.requests.length ?? 0;
		const reply = await post(
			VAPI_PATH,
			vapi(
				'call-live-1',
				{ id: 'vapi-live-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } },
				{ id: 'vapi-live-2', name: 'create_ticket', arguments: { email: 'grace@example.com', subject: MARKER_WEBHOOK, priority: 3, urgent: 'YES' } },
			),
		);
		expect(reply).toEqual({
			status: 200,
			json: {
				results: [
					{ toolCallId: 'vapi-live-1', result: JSON.stringify(ORDER) },
					{ toolCallId: 'vapi-live-2', result: JSON.stringify({ ticket: 'T-1', priority: 3 }) },
				],
			},
		});
		const sent = requestsSince(before);
		expect(sent.map((request) => `${request.method} ${request.url}`).sort()).toEqual(['GET /orders/A-1001', 'POST /tickets']);
		expect(sent.find((request) => request.method === 'POST')?.text).toBe(
			`{"customer":{"email":"grace@example.com"},"subject":"${MARKER_WEBHOOK}","priority":3,"urgent":true,"channel":"voice"}`,
		);
		expect(sent.every((request) => request.headers['x-api-key'] === ORDERS_KEY)).toBe(true);
	});

	test('Vapi: an unknown tool and a tool with a broken link → tool_unavailable messages in the reply, server not hit', async () => {
		const before = server?.requests.length ?? 0;
		const reply = await post(
			VAPI_PATH,
			vapi(
				'call-live-2',
				{ id: 'vapi-live-3', name: 'delete_account', arguments: { confirm: true } },
				{ id: 'vapi-live-4', name: 'refund_order', arguments: { order_number: 'A-1001' } },
			),
		);
		expect(reply).toEqual({
			status: 200,
			json: {
				results: [
					{ toolCallId: 'vapi-live-3', result: 'The tool "delete_account" cannot be used right now: no such tool is configured.' },
					{
						toolCallId: 'vapi-live-4',
						result: 'The tool "refund_order" cannot be used right now: it is not available (linked webhook "Refund Order" is not a node downstream of this one).',
					},
				],
			},
		});
		expect(requestsSince(before)).toHaveLength(0);
	});

	test('Vapi: a tool-list request is answered with the tool list (Respond with all Tool List items)', async () => {
		const reply = await post(VAPI_PATH, TOOL_LIST_REQUEST);
		expect(reply.status).toBe(200);
		const list = reply.json as Array<{ tool: string; status: string; openai?: unknown; mcp?: unknown }>;
		expect(list.map((entry) => [entry.tool, entry.status === 'ok'])).toEqual([
			['lookup_order', true],
			['create_ticket', true],
			['cancel_order', false],
			['refund_order', false],
		]);
		expect(list[0].openai).toMatchObject({ type: 'function', function: { name: 'lookup_order', strict: true } });
		expect(list[0].mcp).toMatchObject({ name: 'lookup_order', inputSchema: { required: ['order_number'] } });
	});

	test('version 2, Same as Request: one workflow answers a Vapi request in Vapi’s format and an OpenAI one in OpenAI’s', async () => {
		const vapiReply = await post(
			VERSION2_PATH,
			vapi('call-v2', { id: 'v2-tc-1', name: 'lookup_order', arguments: { order_number: 'A-1001' } }, { id: 'v2-tc-2', name: 'create_ticket', arguments: { email: 'ada@example.com' } }),
		);
		expect(vapiReply).toEqual({
			status: 200,
			json: {
				results: [
					{ toolCallId: 'v2-tc-1', result: JSON.stringify(ORDER) },
					{ toolCallId: 'v2-tc-2', result: 'Missing required values: subject, priority. Ask the customer for them and try again.' },
				],
			},
		});
		const openaiReply = await post(VERSION2_PATH, {
			role: 'assistant',
			content: null,
			tool_calls: [{ id: 'call_v2', type: 'function', function: { name: 'lookup_order', arguments: '{"order_number":"A-1001"}' } }],
		});
		expect(openaiReply).toEqual({ status: 200, json: { messages: [{ role: 'tool', tool_call_id: 'call_v2', content: JSON.stringify(ORDER) }] } });
	});

	test('version 2: a tool-list request is answered with one item, the lists to register beside the full one', async () => {
		const reply = await post(VERSION2_PATH, TOOL_LIST_REQUEST);
		expect(reply.status).toBe(200);
		const [list] = reply.json as Array<{ tools: Array<{ tool: string; status: string; reason?: string }>; openai: Array<{ function: { name: string } }>; mcp: Array<{ name: string }> }>;
		expect(list.tools.map((entry) => [entry.tool, entry.status])).toEqual([
			['lookup_order', 'ok'],
			['create_ticket', 'ok'],
			['cancel_order', 'broken'],
			['refund_order', 'broken'],
		]);
		expect(list.openai.map((tool) => tool.function.name)).toEqual(['lookup_order', 'create_ticket']);
		expect(list.mcp.map((tool) => tool.name)).toEqual(['lookup_order', 'create_ticket']);
	});

	test('RedFlare: an unknown tool → the result object with tool_unavailable, server not hit', async () => {
		const before = server?.requests.length ?? 0;
		const reply = await post(REDFLARE_PATH, { tool: 'delete_account', params: { confirm: true }, toolCallId: 'rf-1', conversationId: 'conv-e2e' });
		expect(reply).toEqual({
			status: 200,
			json: {
				ok: false,
				error: { code: 'tool_unavailable', message: 'The tool "delete_account" cannot be used right now: no such tool is configured.' },
				toolCallId: 'rf-1',
				tool: 'delete_account',
			},
		});
		expect(requestsSince(before)).toHaveLength(0);
	});

	test('RedFlare: a call → { ok, status, data, toolCallId }; a missing value → missing_params, server not hit', async () => {
		const before = server?.requests.length ?? 0;
		const ok = await post(REDFLARE_PATH, { tool: 'lookup_order', params: { order_number: 'A-1001' }, toolCallId: 'rf-2', conversationId: 'conv-e2e' });
		expect(ok).toEqual({ status: 200, json: { ok: true, status: 200, data: ORDER, toolCallId: 'rf-2' } });
		expect(requestsSince(before).map((request) => request.url)).toEqual(['/orders/A-1001']);

		const missing = await post(REDFLARE_PATH, { tool: 'lookup_order', params: {}, toolCallId: 'rf-3' });
		expect(missing.status).toBe(200);
		expect(missing.json).toMatchObject({ ok: false, error: { code: 'missing_params', missing: ['order_number'] }, toolCallId: 'rf-3' });
		expect(requestsSince(before)).toHaveLength(1);
	});
});

// ---------------------------------------------------------------------------------------------
// Secret leak check: n8n is stopped (SQLite flushed); search everything it wrote and printed.

describe('secret leak check (n8n stopped)', () => {
	test('no secret value, in any encoding, anywhere in the user folder or in n8n output; the markers ARE in the database', async () => {
		await n8n?.stop(); // normally stopped already, by the n8n start block
		const snapshot = await snapshotUserFolder(folder());
		const { dbFiles, dump } = snapshot;
		log(`leak check: ${describeSnapshot(snapshot, n8nOutput)}`);
		const executions = snapshot.tables.execution_entity as Array<{ workflowId: string; mode: string; status: string }>;
		log(`stored executions: ${JSON.stringify(executions.map((e) => [e.workflowId === ids.definitions ? 'definitions' : e.workflowId === ids.agent ? 'agent' : e.workflowId === ids.vapi ? 'vapi' : 'redflare', e.mode, e.status]))}`);

		// The search looks at the right place: markers sent as dynamic values are found there.
		for (const marker of [MARKER_EXECUTE, MARKER_WEBHOOK]) {
			expect(filesContaining(dbFiles, marker).length).toBeGreaterThan(0);
			expect(dump).toContain(marker);
		}
		// ...and `n8n execute` printed the run data (with the marker) into the output searched below.
		expect(n8nOutput.some((text) => text.includes(MARKER_EXECUTE))).toBe(true);
		// Saved executions: both `n8n execute` runs and the 5 webhook calls.
		expect(executions.filter((e) => e.workflowId === ids.definitions || e.workflowId === ids.agent)).toHaveLength(2);
		expect(executions.filter((e) => e.workflowId === ids.vapi || e.workflowId === ids.redflare)).toHaveLength(6);

		const leaks = findLeaks(SECRETS, snapshot, n8nOutput);
		expect(leaks).toEqual([]);
	}, 120000);
});
