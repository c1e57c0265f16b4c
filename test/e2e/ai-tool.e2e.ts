/**
 * The RedFlare Webhook Tool in REAL n8n (the pinned 2.41.1), with no internet:
 *
 * - n8n's AI Agent (v3.1) with n8n's OpenAI Chat Model, whose credential points at a scripted mock of
 *   `/v1/chat/completions` on 127.0.0.1 (Responses API off), and the two tools of
 *   examples/ai-agent-webhook-tools.json (GET with a path value; POST with Integer and Boolean body
 *   values and a Secret header), run with `n8n execute`. The mock records what the model is sent: the
 *   tools, the tool messages and their ids; the local API records what the tools send.
 * - examples/mcp-webhook-tools.json (MCP Server Trigger + the same tools), published and served by
 *   `n8n start`, spoken to over streamable HTTP: initialize, notifications/initialized, tools/list,
 *   tools/call.
 * - The secret hunt of the other suites over the user folder, every n8n output, and everything the
 *   model and the MCP client received.
 *
 * Run: npm run test:e2e   (keep the user folder for inspection: E2E_KEEP=1 npm run test:e2e)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { agentExample, example, mockOpenAiCredential, storedRunData, toolCalls, type Json, type ToolRun, type WorkflowJson } from './ai-examples';
import { describeSnapshot, filesContaining, findLeaks, snapshotUserFolder, type UserFolderSnapshot } from './leaks';
import { startLocalServer, type LocalServer, type ReceivedRequest } from './local-server';
import { answered, messageText, startMockOpenAi, toolMessages, type ChatRequest, type MockOpenAi, type ModelTurn } from './mock-openai';
import { PACKAGE_ROOT, runtime, stopN8n, tearDown, type ExecuteResult, type RunningN8n } from './runtime';
import { newId, progress } from './progress';

const run = promisify(execFile);
const { log, timed } = progress('e2e ai-tool');

const SECRETS = { 'Demo API Key': 'sk_e2e_ai_K7pLw2/Qx9+Rv4=' };
const API_KEY = SECRETS['Demo API Key'];
// Sent as a ticket subject by the model: it MUST be found in the stored executions (the hunt looks in the right place).
const MARKER = 'e2e-ai-marker-5d2c9a17';
const MCP_PATH = 'redflare-shop';
const OWNER = { email: 'e2e-ai-owner@example.com', password: 'E2e-ai-owner-password-1', firstName: 'E2E', lastName: 'Owner' };

// ---------------------------------------------------------------------------------------------
// The local API the tools call.

const ORDERS: Record<string, object> = {
	'A-1001': { order: 'A-1001', status: 'shipped', eta: '2026-12-02' },
	'A-1002': { order: 'A-1002', status: 'processing', eta: null },
};

function answer(request: ReceivedRequest) {
	if (request.headers['x-api-key'] !== API_KEY) return { status: 401, json: { error: 'unauthorized' } };
	const url = new URL(request.url, 'http://127.0.0.1');
	const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
	if (request.method === 'GET' && order) {
		const number = decodeURIComponent(order[1]);
		if (number === 'BROKEN-500') return { status: 500, json: { error: 'ledger_offline', message: 'The order service is down' } };
		return ORDERS[number] ? { json: ORDERS[number] } : { status: 404, json: { error: 'order_not_found' } };
	}
	if (request.method === 'POST' && url.pathname === '/tickets') {
		const body = JSON.parse(request.text) as { priority: unknown; urgent: unknown };
		return { status: 201, json: { ticket: 'T-1', priority: body.priority, urgent: body.urgent } };
	}
	return { status: 404, json: { error: 'not found' } };
}

// ---------------------------------------------------------------------------------------------
// The model: scripted by conversation (the tag in the user message) and by the tool calls answered so far.

const HAPPY_INPUT = '[happy] Where is my order A-1001? And the lid of my kettle cracked: please open a ticket, I am ada@example.com.';
const FAILURES_INPUT = '[failures] Open a ticket for grace@example.com about a cracked lid, and check order BROKEN-500.';

/** The name the model is offered for a tool, found by its description (as a model picks a tool). */
function offered(request: ChatRequest, descriptionStart: string): string {
	const tool = (request.tools ?? []).find((candidate) => (candidate.function.description ?? '').startsWith(descriptionStart));
	return tool?.function.name ?? `no tool described as "${descriptionStart}"`;
}

function model(request: ChatRequest): ModelTurn {
	const user = messageText(request.messages.find((message) => message.role === 'user') ?? { role: 'user', content: '' });
	const lookup = offered(request, 'Look up the status');
	const ticket = offered(request, 'Open a support ticket');
	if (user.startsWith('[happy]')) {
		if (answered(request, 'call_lookup_2')) return { text: 'FINAL happy: A-1001 is shipped, ticket T-1 is open, A-1002 is being processed.' };
		if (answered(request, 'call_lookup_1')) return { toolCalls: [{ id: 'call_lookup_2', name: lookup, arguments: { order_number: 'A-1002' } }] };
		return {
			toolCalls: [
				{ id: 'call_lookup_1', name: lookup, arguments: { order_number: 'A-1001' } },
				{ id: 'call_ticket_1', name: ticket, arguments: { email: 'ada@example.com', subject: MARKER, priority: 2, urgent: true } },
			],
		};
	}
	if (user.startsWith('[failures]')) {
		if (answered(request, 'call_500')) return { text: 'FINAL failures: I need the priority, and the order service is down.' };
		return {
			toolCalls: [
				// priority is required and left out; the agent's input item carries a decoy priority.
				{ id: 'call_missing', name: ticket, arguments: { email: 'grace@example.com', subject: 'Lid cracked' } },
				{ id: 'call_500', name: lookup, arguments: { order_number: 'BROKEN-500' } },
			],
		};
	}
	return { text: `unexpected conversation: ${user}` };
}

// What the agent's own input item carries next to the chat input: none of it may reach the API.
const DECOYS = {
	params: { order_number: 'DECOY-PARAMS', email: 'decoy-params@evil.example', subject: 'DECOY-PARAMS', priority: 3, urgent: false },
	order_number: 'DECOY-TOP',
	email: 'decoy-top@evil.example',
	subject: 'DECOY-TOP',
	priority: 1,
	urgent: false,
};

// The tools as the examples define them: what the model and the MCP client must be offered.
const DESCRIPTIONS: Record<string, string> = {
	Lookup_Order:
		'Look up the status and delivery date of an existing order by its order number. Use it when the customer asks where their order is.',
	Create_Ticket:
		'Open a support ticket for the customer. Use it when the customer reports a problem that cannot be solved in the chat. Ask for their email address first.',
};
const LOOKUP_SCHEMA = {
	type: 'object',
	properties: { order_number: { type: 'string', description: 'The order number the customer gives, e.g. A-1001' } },
	required: ['order_number'],
	additionalProperties: false,
};
const TICKET_SCHEMA = {
	type: 'object',
	properties: {
		email: { type: 'string', description: "The customer's email address" },
		subject: { type: 'string', description: 'What the problem is, in one sentence' },
		priority: { type: 'integer', description: '1 (low) to 3 (urgent), judged from the conversation' },
		urgent: { type: 'boolean', description: 'Whether the customer needs an answer today' },
	},
	required: ['email', 'subject', 'priority'],
	additionalProperties: false,
};

// ---------------------------------------------------------------------------------------------
// The examples, pointed at the local API and the imported credentials.

const secretsCredential = { id: newId(), name: 'E2E AI Secrets' };
const openAiCredential = { id: newId(), name: 'E2E mock OpenAI' };
const credentials = { secrets: secretsCredential, openAi: openAiCredential };

/** The AI Agent example with its Chat Trigger replaced by a Manual Trigger and a Code node emitting the chat item. */
function agentWorkflow(origin: string, name: string, chatItem: Json): WorkflowJson {
	return agentExample(name, origin, credentials, {
		before: [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
			{ name: 'Chat Input', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: `return [{ json: ${JSON.stringify(chatItem)} }];` } },
		],
	});
}

// ---------------------------------------------------------------------------------------------
// Shared state, cleaned up in afterAll whatever happens.

let api: LocalServer | undefined;
let openAi: MockOpenAi | undefined;
let userFolder: string | undefined;
let n8n: RunningN8n | undefined;
const n8nOutput: string[] = [];
/** Everything the MCP client received. */
const mcpReplies: string[] = [];
const ids = { happy: newId(), failures: newId(), mcp: newId() };

function folder(): string {
	if (!userFolder) throw new Error('setup failed: no n8n user folder');
	return userFolder;
}

function apiRequests(): ReceivedRequest[] {
	if (!api) throw new Error('setup failed: no local API');
	return api.requests;
}

function modelRequests(): ChatRequest[] {
	if (!openAi) throw new Error('setup failed: no mock OpenAI');
	return openAi.requests;
}

async function execute(id: string): Promise<ExecuteResult> {
	const result = await runtime.executeWorkflow(folder(), id, { timeoutMs: 240000 });
	n8nOutput.push(`$ n8n execute --id=${id}\n${result.stdout}\n${result.stderr}`);
	if (!result.run) throw new Error(`n8n execute printed no run (exit ${result.code}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	return result;
}

/** One conversation: its run, and what the model and the local API were sent during it. */
async function converse(label: string, id: string): Promise<{ result: ExecuteResult; model: ChatRequest[]; sent: ReceivedRequest[] }> {
	const [modelBefore, apiBefore] = [modelRequests().length, apiRequests().length];
	const result = await timed(`n8n execute (${label})`, () => execute(id));
	return { result, model: modelRequests().slice(modelBefore), sent: apiRequests().slice(apiBefore) };
}

function output(result: ExecuteResult, node: string) {
	const items = runtime.nodeOutput(result.run, node);
	if (items === undefined) {
		const ran = Object.keys(result.run?.data.resultData.runData ?? {});
		throw new Error(`Node "${node}" did not run (ran: ${ran.join(', ')}); error: ${JSON.stringify(result.error)}`);
	}
	return items;
}

/** The tool names the model sees in the history (n8n rebuilds earlier tool calls on every turn). */
function historyToolNames(request: ChatRequest): string[] {
	return request.messages.flatMap((message) => (message.tool_calls ?? []).map((call) => call.function.name));
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
	await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	await timed(`ensure n8n ${runtime.N8N_VERSION}`, () => runtime.ensureN8n({ log: (message) => log(`  ${message}`) }));
	api = await startLocalServer(answer);
	const mock = await startMockOpenAi(model);
	openAi = mock;
	userFolder = runtime.createUserFolder('redflare-e2e-ai-');
	log(`local API at ${api.origin}; mock OpenAI at ${mock.baseUrl}; n8n user folder ${userFolder}`);
	await timed('install the packed package as a community package', () => runtime.installCommunityPackage(folder(), PACKAGE_ROOT));
	await timed('import the credentials', () =>
		runtime.importCredentials(folder(), [
			{ ...secretsCredential, type: 'redFlareSecretsApi', data: { vault: JSON.stringify(SECRETS) } },
			mockOpenAiCredential(openAiCredential, mock),
		]),
	);
	const origin = api.origin;
	await timed('import the workflows', () =>
		runtime.importWorkflows(folder(), [
			{ ...agentWorkflow(origin, 'E2E: AI Agent with two RedFlare Webhook Tools', { chatInput: HAPPY_INPUT, sessionId: 'e2e-happy', ...DECOYS }), id: ids.happy },
			{ ...agentWorkflow(origin, 'E2E: AI Agent, tool failures', { chatInput: FAILURES_INPUT, sessionId: 'e2e-failures', ...DECOYS }), id: ids.failures },
			{ ...example('mcp-webhook-tools.json', origin, credentials), id: ids.mcp },
		]),
	);
	await timed('publish the MCP workflow', () => runtime.publishWorkflow(folder(), ids.mcp));
}, 60 * 60 * 1000);

afterAll(async () => {
	await tearDown({ n8n, server: api, userFolder }, log);
	await openAi?.close().catch(() => undefined);
}, 60000);

// ---------------------------------------------------------------------------------------------

describe('AI Agent v3.1 + OpenAI Chat Model (mock) + two RedFlare Webhook Tools: a conversation in two rounds', () => {
	let result: ExecuteResult;
	let model: ChatRequest[];
	let sent: ReceivedRequest[];

	beforeAll(async () => {
		({ result, model, sent } = await converse('happy conversation', ids.happy));
	}, 300000);

	test('the agent finished with the final text; three model turns', () => {
		expect(result.error).toBeUndefined();
		expect(output(result, 'AI Agent')).toEqual([{ output: 'FINAL happy: A-1001 is shipped, ticket T-1 is open, A-1002 is being processed.' }]);
		expect(model).toHaveLength(3);
		expect(model.every((request) => request.stream !== true)).toBe(true);
	});

	test('the model is offered both tools: names from the node names, descriptions, exact JSON Schema types and required lists', () => {
		const tools = model[0].tools ?? [];
		log(`the tools array the mock received:\n${JSON.stringify(tools, null, 2)}`);
		// n8n converts the tool's JSON Schema to zod and langchain writes it back as draft-07 JSON Schema.
		const asOpenAi = (name: string, schema: Json) => ({
			type: 'function',
			function: { name, description: DESCRIPTIONS[name], parameters: { ...schema, $schema: 'http://json-schema.org/draft-07/schema#' }, strict: false },
		});
		expect([...tools].sort((a, b) => a.function.name.localeCompare(b.function.name))).toEqual([
			asOpenAi('Create_Ticket', TICKET_SCHEMA),
			asOpenAi('Lookup_Order', LOOKUP_SCHEMA),
		]);
		// Every later turn offers the same tools.
		expect(model.map((request) => request.tools)).toEqual([tools, tools, tools]);
	});

	test('typed arguments reach the API: path value, integer as a number, boolean as a boolean, the secret header; no decoy', () => {
		expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /orders/A-1001', 'POST /tickets', 'GET /orders/A-1002']);
		const ticket = sent[1];
		expect(ticket.text).toBe(`{"customer":{"email":"ada@example.com"},"subject":"${MARKER}","priority":2,"urgent":true,"channel":"chat"}`);
		expect(ticket.headers['content-type']).toBe('application/json');
		expect(sent.every((request) => request.headers['x-api-key'] === API_KEY)).toBe(true);
		expect(sent.some((request) => /DECOY/i.test(`${request.url} ${request.text}`))).toBe(false);
	});

	test('the model receives each agent result as its tool message, paired by tool_call_id', () => {
		expect(toolMessages(model[1])).toEqual({
			call_lookup_1: [{ ok: true, status: 200, data: ORDERS['A-1001'] }],
			call_ticket_1: [{ ok: true, status: 201, data: { ticket: 'T-1', priority: 2, urgent: true } }],
		});
		expect(toolMessages(model[2])).toEqual({
			call_lookup_1: [{ ok: true, status: 200, data: ORDERS['A-1001'] }],
			call_ticket_1: [{ ok: true, status: 201, data: { ticket: 'T-1', priority: 2, urgent: true } }],
			call_lookup_2: [{ ok: true, status: 200, data: ORDERS['A-1002'] }],
		});
	});

	test('naming trap: on every later turn, the earlier calls n8n rebuilds carry names of tools the model is offered', () => {
		const offered = (model[0].tools ?? []).map((tool) => tool.function.name);
		expect(historyToolNames(model[1]).sort()).toEqual(['Create_Ticket', 'Lookup_Order']);
		expect(historyToolNames(model[2]).sort()).toEqual(['Create_Ticket', 'Lookup_Order', 'Lookup_Order']);
		for (const name of [...historyToolNames(model[1]), ...historyToolNames(model[2])]) expect(offered).toContain(name);
		// ...and the second-round call to Lookup_Order went through.
		expect(sent[2].url).toBe('/orders/A-1002');
	});

	test('each call is in the execution log with its input (the model’s arguments) and its output (the agent result)', () => {
		const runs = result.run?.data.resultData.runData['Create Ticket'] as unknown as ToolRun[];
		expect(runs).toHaveLength(1);
		expect(runs[0].inputOverride?.ai_tool?.[0]?.[0]?.json).toEqual({ email: 'ada@example.com', subject: MARKER, priority: 2, urgent: true });
		expect(runs[0].data?.ai_tool?.[0]?.[0]?.json).toEqual({ ok: true, status: 201, data: { ticket: 'T-1', priority: 2, urgent: true } });
		expect(result.run?.data.resultData.runData['Lookup Order']).toHaveLength(2);
	});
});

describe('AI Agent: a required argument left out, and an endpoint that answers 500', () => {
	let result: ExecuteResult;
	let model: ChatRequest[];
	let sent: ReceivedRequest[];

	beforeAll(async () => {
		({ result, model, sent } = await converse('failures', ids.failures));
	}, 300000);

	test('the agent still finishes with its final text', () => {
		expect(result.error).toBeUndefined();
		expect(output(result, 'AI Agent')).toEqual([{ output: 'FINAL failures: I need the priority, and the order service is down.' }]);
		expect(model).toHaveLength(2);
	});

	test('missing priority → missing_params naming it, the API never hit (the decoy priority in the agent’s item is not used)', () => {
		expect(toolMessages(model[1]).call_missing).toEqual([
			{
				ok: false,
				error: { code: 'missing_params', message: 'Missing required value: priority. Ask the customer for it and try again.', missing: ['priority'] },
			},
		]);
		expect(sent.filter((request) => request.url === '/tickets')).toHaveLength(0);
	});

	test('HTTP 500 → http_error with the status and the parsed body', () => {
		expect(toolMessages(model[1]).call_500).toEqual([
			{
				ok: false,
				error: {
					code: 'http_error',
					status: 500,
					message: expect.stringContaining('HTTP 500'),
					details: { error: 'ledger_offline', message: 'The order service is down' },
				},
			},
		]);
		expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /orders/BROKEN-500']);
	});
});

// ---------------------------------------------------------------------------------------------
// MCP over streamable HTTP.

interface McpClient {
	request(method: string, params?: Json): Promise<{ status: number; body: Json | undefined }>;
	notify(method: string): Promise<number>;
}

/** The JSON-RPC message of a streamable-HTTP answer: plain JSON, or the `data:` of an SSE event. */
function rpcMessage(body: string): Json | undefined {
	const text = body.trim();
	if (text === '') return undefined;
	if (text.startsWith('{')) return JSON.parse(text) as Json;
	const data = text
		.split('\n')
		.filter((line) => line.startsWith('data:'))
		.map((line) => line.slice(5).trim())
		.join('');
	return data ? (JSON.parse(data) as Json) : undefined;
}

async function mcpClient(url: string): Promise<McpClient> {
	let session: string | undefined;
	let nextId = 1;
	const post = async (message: Json) => {
		const response = await runtime.request(url, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Accept: 'application/json, text/event-stream',
				...(session ? { 'mcp-session-id': session } : {}),
			},
			body: JSON.stringify(message),
			timeoutMs: 60000,
		});
		mcpReplies.push(response.body);
		const header = response.headers['mcp-session-id'];
		if (typeof header === 'string') session = header;
		return response;
	};
	return {
		request: async (method, params) => {
			const response = await post({ jsonrpc: '2.0', id: nextId++, method, ...(params ? { params } : {}) });
			return { status: response.status, body: rpcMessage(response.body) };
		},
		notify: async (method) => (await post({ jsonrpc: '2.0', method })).status,
	};
}

const BROWSER = { 'browser-id': 'redflare-e2e-ai', Accept: 'application/json' };

/** The owner's session cookie for n8n's REST API (the editor's node list and execution list need one). */
async function ownerCookie(url: string): Promise<string> {
	const login = await runtime.request(`${url}/rest/login`, {
		method: 'POST',
		headers: { ...BROWSER, 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		timeoutMs: 30000,
	});
	expect(login.status).toBe(200);
	return [login.headers['set-cookie'] ?? []].flat().find((value) => value.startsWith('n8n-auth='))?.split(';', 1)[0] ?? '';
}

/**
 * n8n answers an MCP call before it has stored the call's execution: wait (30 s at most) until `count`
 * executions of the workflow are stored and none is still running, so that stopping n8n cuts none of
 * them short. What was stored is asserted after n8n stopped.
 */
async function storedExecutions(url: string, workflowId: string, count: number): Promise<void> {
	const cookie = await ownerCookie(url);
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + 30000;
	for (;;) {
		const response = await runtime.request(`${url}/rest/executions?filter=${filter}`, { headers: { ...BROWSER, Cookie: cookie }, timeoutMs: 10000 });
		const results = response.status === 200 ? ((JSON.parse(response.body) as { data?: { results?: Array<{ status: string }> } }).data?.results ?? []) : [];
		if (results.length >= count && results.every((execution) => !['new', 'running'].includes(execution.status))) return;
		if (Date.now() > deadline) {
			log(`the MCP executions were not all stored within 30 s: ${JSON.stringify(results.map((execution) => execution.status))}`);
			return;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

describe('MCP Server Trigger (published, n8n start) with the same tools, over streamable HTTP', () => {
	let client: McpClient;

	beforeAll(async () => {
		n8n = await timed('n8n start', () => runtime.startN8n(folder(), { env: runtime.ownerEnv(OWNER), timeoutMs: 240000, log: (message) => log(`  ${message}`) }));
		const url = `${n8n.url}/mcp/${MCP_PATH}`;
		// n8n activates published workflows after it reports ready: wait until the MCP endpoint answers.
		const deadline = Date.now() + 120000;
		for (;;) {
			client = await mcpClient(url);
			const init = await client.request('initialize', { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'redflare-e2e', version: '1.0.0' } });
			if (init.status === 200) {
				expect(init.body?.result).toMatchObject({ protocolVersion: '2025-03-26', capabilities: { tools: {} }, serverInfo: { name: 'MCP_Server_Trigger' } });
				break;
			}
			if (Date.now() > deadline) throw new Error(`MCP endpoint ${url} not ready: HTTP ${init.status}`);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		expect(await client.notify('notifications/initialized')).toBeLessThan(300);
	}, 300000);

	afterAll(async () => {
		// The three tools/call requests of the tests below: each is one execution of the MCP workflow.
		if (n8n) await timed('wait for the MCP executions to be stored', () => storedExecutions(n8n?.url ?? '', ids.mcp, 3));
		if (n8n) await stopN8n(n8n, n8nOutput, timed);
	}, 90000);

	test('tools/list: the two tools, their inputSchema exactly the Dynamic Params', async () => {
		const { status, body } = await client.request('tools/list');
		expect(status).toBe(200);
		log(`MCP tools/list answer:\n${JSON.stringify(body, null, 2)}`);
		// n8n writes the zod schema it made of the tool's JSON Schema back as draft 2020-12.
		const asMcp = (name: string, schema: Json) => ({
			name,
			description: DESCRIPTIONS[name],
			inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema },
		});
		const tools = (body?.result as { tools: Array<{ name: string }> }).tools;
		expect([...tools].sort((a, b) => a.name.localeCompare(b.name))).toEqual([asMcp('Create_Ticket', TICKET_SCHEMA), asMcp('Lookup_Order', LOOKUP_SCHEMA)]);
	});

	test('n8n lists the RedFlare Webhook Tool as an AI tool (AI › Tools) and offers no tool variant of the Definition node', async () => {
		// The editor's node list (what its node picker shows) needs a logged-in user.
		const cookie = await ownerCookie(n8n?.url ?? '');
		const response = await runtime.request(`${n8n?.url}/types/nodes.json`, { headers: { ...BROWSER, Cookie: cookie }, timeoutMs: 30000 });
		expect(response.status).toBe(200);
		const types = JSON.parse(response.body) as Array<{ name: string; inputs?: unknown; outputs?: unknown; codex?: Json }>;
		const ours = types.filter((type) => type.name.startsWith('n8n-nodes-redflare.'));
		expect(ours.map((type) => type.name).sort()).toEqual([
			'n8n-nodes-redflare.redFlareAgentToolCall',
			'n8n-nodes-redflare.redFlareWebhookDefinition',
			'n8n-nodes-redflare.redFlareWebhookTool',
		]);
		const tool = ours.find((type) => type.name === 'n8n-nodes-redflare.redFlareWebhookTool');
		expect(tool).toMatchObject({ inputs: [], outputs: ['ai_tool'], codex: { categories: ['AI'], subcategories: { AI: ['Tools'] } } });
	});

	test('tools/call: the agent result as the text content', async () => {
		const before = apiRequests().length;
		const { status, body } = await client.request('tools/call', { name: 'Lookup_Order', arguments: { order_number: 'A-1001' } });
		expect(status).toBe(200);
		const result = body?.result as { content: Array<{ type: string; text: string }>; isError?: boolean };
		expect(result.isError).toBeUndefined();
		expect(result.content).toHaveLength(1);
		expect(JSON.parse(result.content[0].text)).toEqual({ ok: true, status: 200, data: ORDERS['A-1001'] });
		const sent = apiRequests().slice(before);
		expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /orders/A-1001']);
		expect(sent[0].headers['x-api-key']).toBe(API_KEY);
	});

	test('tools/call with a bad argument: a result the client can show (invalid_value), nothing sent, the server still serves', async () => {
		const before = apiRequests().length;
		const bad = await client.request('tools/call', { name: 'Create_Ticket', arguments: { email: 'ada@example.com', subject: 'Lid', priority: 'high' } });
		expect(bad.status).toBe(200);
		const result = bad.body?.result as { content: Array<{ type: string; text: string }> };
		expect(JSON.parse(result.content[0].text)).toEqual({
			ok: false,
			error: { code: 'invalid_value', message: 'Invalid value for priority: "high" is not a whole number.' },
		});
		expect(apiRequests().slice(before)).toHaveLength(0);
		const again = await client.request('tools/call', { name: 'Lookup_Order', arguments: { order_number: 'A-1002' } });
		expect(JSON.parse((again.body?.result as { content: Array<{ text: string }> }).content[0].text)).toMatchObject({ ok: true, data: ORDERS['A-1002'] });
	});
});

// ---------------------------------------------------------------------------------------------

describe('after n8n stopped: the stored executions', () => {
	let snapshot: UserFolderSnapshot;

	beforeAll(async () => {
		await n8n?.stop();
		snapshot = await snapshotUserFolder(folder());
	}, 120000);

	test('each MCP tool call is a saved execution whose log shows the tool’s input (the arguments) and output (the agent result)', () => {
		const executions = snapshot.tables.execution_entity as Array<{ id: number; workflowId: string; status: string }>;
		const logged = executions
			.filter((execution) => execution.workflowId === ids.mcp)
			.map((execution) =>
				Object.entries(storedRunData(snapshot, execution.id))
					.filter(([name]) => name !== 'MCP Server Trigger')
					.map(([name, runs]) => [execution.status, name, toolCalls(runs)]),
			);
		expect(logged).toEqual([
			[['success', 'Lookup Order', [[{ order_number: 'A-1001' }, { ok: true, status: 200, data: ORDERS['A-1001'] }]]]],
			[
				[
					'success',
					'Create Ticket',
					[
						[
							{ email: 'ada@example.com', subject: 'Lid', priority: 'high' },
							{ ok: false, error: { code: 'invalid_value', message: 'Invalid value for priority: "high" is not a whole number.' } },
						],
					],
				],
			],
			[['success', 'Lookup Order', [[{ order_number: 'A-1002' }, { ok: true, status: 200, data: ORDERS['A-1002'] }]]]],
		]);
	});

	test('secret hunt: no secret value, in any encoding, in the user folder, n8n output, what the model was sent, or what the MCP client got', () => {
		const outputs = [...n8nOutput, ...modelRequests().map((request) => JSON.stringify(request)), ...mcpReplies];
		log(`leak check: ${describeSnapshot(snapshot, outputs)}`);
		// The search looks at the right place: the marker the model sent is in the stored executions.
		expect(filesContaining(snapshot.dbFiles, MARKER).length).toBeGreaterThan(0);
		expect(snapshot.dump).toContain(MARKER);
		const executions = snapshot.tables.execution_entity as Array<{ workflowId: string; status: string }>;
		expect(executions.filter((e) => e.workflowId === ids.happy || e.workflowId === ids.failures).map((e) => e.status)).toEqual(['success', 'success']);
		expect(findLeaks(SECRETS, snapshot, outputs)).toEqual([]);
	});
});
