/**
 * QUEUE MODE in real n8n (the pinned 2.41.1): "stateless, so it works unchanged in n8n queue mode".
 * n8n's own way to scale out: a main process (`n8n start`, EXECUTIONS_MODE=queue) takes the webhook
 * call, saves the execution and enqueues it in Redis (Bull); a separate `n8n worker` process picks the
 * job up, runs the workflow, and relays the Respond to Webhook answer back through Redis.
 *
 * Set up as two machines would be: each process has its OWN user folder with the packed package
 * installed the way n8n installs a community package, and they share what n8n requires them to share:
 * Redis, the database (SQLite here: n8n 2.41.1 only warns that scaling mode is "not officially
 * supported with sqlite", and the worker gets the main's database file by DB_SQLITE_DATABASE) and the
 * encryption key (N8N_ENCRYPTION_KEY, made up for the run and given to every n8n process, CLI included).
 * Redis runs on a free loopback port from a temporary folder, persistence off.
 *
 * Several Vapi tool-call requests are posted at once; every reply must carry its own ids and typed
 * results, the local API must get the secret header. Then several chat conversations at once reach a
 * second workflow, Webhook → n8n's AI Agent (v3.1, its OpenAI Chat Model pointed at a scripted mock on
 * 127.0.0.1) with the two RedFlare Webhook Tools of examples/ai-agent-webhook-tools.json → Respond to
 * Webhook: each caller must get the final text made of its own tool results, and the local API each
 * conversation's nonce once, typed, with the secret header. The worker's log must show it ran every
 * execution the main enqueued, and finally (everything stopped) no secret may appear in either user
 * folder, the database, everything that crossed Redis (MONITOR), a Redis dump, what the model was sent,
 * or any process output.
 *
 * Run: npm run test:e2e   (needs redis-server on PATH; keep the folders: E2E_KEEP=1 npm run test:e2e)
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { agentExample, mockOpenAiCredential, storedRunData, toolCalls } from './ai-examples';
import { describeSnapshot, findLeaks, snapshotUserFolder } from './leaks';
import { startLocalServer, type LocalServer, type ReceivedRequest } from './local-server';
import { answered, messageText, startMockOpenAi, toolMessages, type ChatRequest, type MockOpenAi, type ModelTurn } from './mock-openai';
import { sleep } from './processes';
import { executionIds, importJson, n8nCli, queueEnv, startWorker, type N8nProc } from './queue-mode';
import { redisVersion, startRedis, type RedisServer } from './redis';
import { PACKAGE_ROOT, postJson, runtime, type RunningN8n } from './runtime';
import { CREDENTIAL_TYPE, agentWorkflow, type Credential } from './workflows';
import { newId, progress } from './progress';

const run = promisify(execFile);

const SECRETS = {
	'Orders API Key': 'sk_queue_e2e_Tn62WbRz8Lq4',
	'Demo API Key': 'sk_queue_ai/Hq3+Zm8=Wd5', // the name examples/ai-agent-webhook-tools.json's tools use
	'Spare Key': 'sp/Queue+e2e=key 7&Vd', // in the credential, never used
};
const ORDERS_KEY = SECRETS['Orders API Key'];
const AI_KEY = SECRETS['Demo API Key'];
const HOOK_PATH = 'e2e-queue-vapi';
const CHAT_PATH = 'e2e-queue-chat';
/** The AI workflow's tools call the local API under this prefix, which wants the AI key. */
const AI_PREFIX = '/ai';
/** How many tool-call requests are posted at the same time. */
const CALLS = 6;
/** How many chat conversations are posted at the same time. */
const CONVERSATIONS = 4;
const UNKNOWN_TOOL = 'The tool "delete_account" cannot be used right now: no such tool is configured.';

const { log, timed, elapsed } = progress('e2e queue');

// ---------------------------------------------------------------------------------------------
// The local API: answers only with the right key, and echoes what identifies each call.

const fromAgent = (request: ReceivedRequest) => request.url.startsWith(`${AI_PREFIX}/`);

function answer(request: ReceivedRequest) {
	if (request.headers['x-api-key'] !== (fromAgent(request) ? AI_KEY : ORDERS_KEY)) return { status: 401, json: { error: 'unauthorized' } };
	const url = new URL(fromAgent(request) ? request.url.slice(AI_PREFIX.length) : request.url, 'http://127.0.0.1');
	const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
	if (request.method === 'GET' && order) return { json: { order: decodeURIComponent(order[1]), status: 'shipped' } };
	if (request.method === 'POST' && url.pathname === '/tickets') {
		const body = JSON.parse(request.text) as { subject: string; priority: unknown; urgent: unknown };
		return { status: 201, json: { ticket: `T-${body.subject}`, priority: body.priority, urgent: body.urgent } };
	}
	return { status: 404, json: { error: 'not found' } };
}

/** Call i: a lookup, a ticket with values to convert (priority "1".."3", urgent yes/NO), an unknown tool. */
function call(i: number) {
	const priority = (i % 3) + 1;
	const urgent = i % 2 === 1;
	return {
		payload: {
			message: {
				type: 'tool-calls',
				call: { id: `call-queue-${i}`, orgId: 'org-e2e', type: 'webPhoneCall' },
				toolCallList: [
					{ id: `q${i}-lookup`, type: 'function', function: { name: 'lookup_order', arguments: { order_number: `Q-10${i}` } } },
					{
						id: `q${i}-ticket`,
						type: 'function',
						function: { name: 'create_ticket', arguments: { email: `q${i}@example.com`, subject: `Queue ${i}`, priority: String(priority), urgent: urgent ? 'yes' : 'NO' } },
					},
					{ id: `q${i}-unknown`, type: 'function', function: { name: 'delete_account', arguments: {} } },
				],
			},
		},
		reply: {
			results: [
				{ toolCallId: `q${i}-lookup`, result: JSON.stringify({ order: `Q-10${i}`, status: 'shipped' }) },
				{ toolCallId: `q${i}-ticket`, result: JSON.stringify({ ticket: `T-Queue ${i}`, priority, urgent }) },
				{ toolCallId: `q${i}-unknown`, result: UNKNOWN_TOOL },
			],
		},
		ticketBody: `{"customer":{"email":"q${i}@example.com"},"subject":"Queue ${i}","priority":${priority},"urgent":${urgent},"channel":"voice"}`,
	};
}
const CASES = Array.from({ length: CALLS }, (_, i) => call(i));

// ---------------------------------------------------------------------------------------------
// The chat conversations: each has a nonce of its own; the scripted model calls both tools with it
// (an Integer and a Boolean that differ by conversation), then answers with the tool results it got.

/** Conversation i: its chat message, what the API must receive, and what its caller must get back. */
function conversation(i: number) {
	const nonce = `c${i}-${newId().slice(0, 10)}`;
	const ticket = { email: `c${i}@example.com`, subject: nonce, priority: (i % 3) + 1, urgent: i % 2 === 0 };
	// The agent results the tools must answer (the AI Agent hands the model a tool's items as a list).
	const lookupResult = { ok: true, status: 200, data: { order: `Q-${nonce}`, status: 'shipped' } };
	const ticketResult = { ok: true, status: 201, data: { ticket: `T-${nonce}`, priority: ticket.priority, urgent: ticket.urgent } };
	return {
		nonce,
		ticket,
		/** Each tool node's run in the stored execution: [the model's arguments, the agent result]. */
		toolRuns: { 'Lookup Order': [[{ order_number: `Q-${nonce}` }, lookupResult]], 'Create Ticket': [[ticket, ticketResult]] },
		chatInput: `[${nonce}] Where is my order Q-${nonce}? And please open a ticket.`,
		lookupUrl: `${AI_PREFIX}/orders/Q-${nonce}`,
		ticketBody: `{"customer":{"email":"${ticket.email}"},"subject":"${nonce}","priority":${ticket.priority},"urgent":${ticket.urgent},"channel":"chat"}`,
		reply: { output: finalText(nonce, { [`lookup-${nonce}`]: [lookupResult], [`ticket-${nonce}`]: [ticketResult] }) },
	};
}

/** The model's last word: its conversation's nonce and the tool results it was handed, as it got them. */
const finalText = (nonce: string, results: Record<string, unknown>) => `FINAL ${nonce}: ${JSON.stringify(results)}`;

const CONVERSATION_CASES = Array.from({ length: CONVERSATIONS }, (_, i) => conversation(i));

function model(request: ChatRequest): ModelTurn {
	const user = messageText(request.messages.find((message) => message.role === 'user') ?? { role: 'user', content: '' });
	const known = CONVERSATION_CASES.find(({ nonce }) => user.startsWith(`[${nonce}]`));
	if (!known) return { text: `unexpected conversation: ${user}` };
	const { nonce, ticket } = known;
	const ids = [`lookup-${nonce}`, `ticket-${nonce}`];
	if (ids.every((id) => answered(request, id))) return { text: finalText(nonce, toolMessages(request)) };
	return {
		toolCalls: [
			{ id: ids[0], name: 'Lookup_Order', arguments: { order_number: `Q-${nonce}` } },
			{ id: ids[1], name: 'Create_Ticket', arguments: ticket },
		],
	};
}

// ---------------------------------------------------------------------------------------------
// Shared state, cleaned up in afterAll whatever happens.

let server: LocalServer | undefined;
let openAi: MockOpenAi | undefined;
/** One temporary root: main/ and worker/ (the two user folders) and redis/ (Redis's working dir). */
let root: string | undefined;
let redis: RedisServer | undefined;
let main: RunningN8n | undefined;
let worker: N8nProc | undefined;
const credential: Credential = { id: newId(), name: 'E2E Queue Secrets' };
const openAiCredential = { id: newId(), name: 'E2E Queue mock OpenAI' };
const workflowId = newId();
const chatWorkflowId = newId();
/** Everything that was printed or answered, for the leak check. */
const outputs: string[] = [];

function dir(name: 'main' | 'worker' | 'redis'): string {
	if (!root) throw new Error('setup failed: no temporary folder');
	return join(root, name);
}

function running(): RunningN8n {
	if (!main) throw new Error('n8n main is not running');
	return main;
}

const enqueued = () => executionIds(running().output(), 'enqueued');

beforeAll(async () => {
	log(redisVersion());
	await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	await timed(`ensure n8n ${runtime.N8N_VERSION}`, () => runtime.ensureN8n({ log: (message) => log(`  ${message}`) }));
	root = runtime.createUserFolder('redflare-e2e-queue-');
	for (const name of ['main', 'worker', 'redis'] as const) mkdirSync(dir(name));
	log(`folders under ${root}`);

	await timed('local API, mock OpenAI, Redis (no persistence), the packed package installed in both user folders', async () => {
		server = await startLocalServer(answer);
		openAi = await startMockOpenAi(model);
		redis = await startRedis(dir('redis'));
		await Promise.all([runtime.installCommunityPackage(dir('main'), PACKAGE_ROOT), runtime.installCommunityPackage(dir('worker'), PACKAGE_ROOT)]);
	});

	// The worker gets the main's SQLite file: n8n 2.41.1 only warns that scaling mode is not supported with it.
	const shared = queueEnv(redis?.port ?? 0, { DB_SQLITE_DATABASE: join(dir('main'), '.n8n', 'database.sqlite') });
	await timed('import the credentials and the two webhook workflows, publish them', async () => {
		const credentials = [
			{ ...credential, type: CREDENTIAL_TYPE, data: { vault: JSON.stringify(SECRETS) } },
			...(openAi ? [mockOpenAiCredential(openAiCredential, openAi)] : []),
		];
		await importJson(dir('main'), 'credentials', credentials, shared, outputs);
		const origin = server?.origin ?? '';
		const workflow = agentWorkflow({ name: 'E2E: Vapi tools (queue mode)', origin, credential, replyFormat: 'vapi', webhookPath: HOOK_PATH });
		const chat = agentExample('E2E: AI Agent with RedFlare Webhook Tools (queue mode)', `${origin}${AI_PREFIX}`, { secrets: credential, openAi: openAiCredential }, {
			before: [
				{
					name: 'Chat Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					parameters: { httpMethod: 'POST', path: CHAT_PATH, responseMode: 'responseNode', options: {} },
					webhookId: randomUUID(),
				},
			],
			after: [{ name: 'Respond to Webhook', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, parameters: { respondWith: 'firstIncomingItem', options: {} } }],
			agent: { promptType: 'define', text: '={{ $json.body.chatInput }}' },
		});
		await importJson(dir('main'), 'workflow', [{ ...workflow, id: workflowId, active: false }, { ...chat, id: chatWorkflowId, active: false }], shared, outputs);
		for (const id of [workflowId, chatWorkflowId]) await n8nCli(dir('main'), ['publish:workflow', `--id=${id}`], shared, outputs);
	});
	await timed('n8n start (queue mode) and n8n worker, side by side, until both are ready', async () => {
		const [mainStarted, workerStarted] = await Promise.allSettled([
			// Manual (editor) runs go to the workers too: n8n's announced default, and no task runner on the main.
			runtime.startN8n(dir('main'), { env: { ...shared, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' }, webhookPaths: [HOOK_PATH, CHAT_PATH], timeoutMs: 240000 }),
			startWorker('n8n worker', dir('worker'), shared),
		]);
		if (mainStarted.status === 'fulfilled') main = mainStarted.value;
		if (workerStarted.status === 'fulfilled') worker = workerStarted.value;
		if (mainStarted.status === 'rejected') throw mainStarted.reason;
		if (workerStarted.status === 'rejected') throw workerStarted.reason;
	});
}, 60 * 60 * 1000);

afterAll(async () => {
	await Promise.all([main?.stop(), worker?.stop()].map((stopping) => stopping?.catch(() => undefined)));
	redis?.monitor.close();
	await redis?.proc.stop().catch(() => undefined);
	await server?.close().catch(() => undefined);
	await openAi?.close().catch(() => undefined);
	if (root && process.env.E2E_KEEP) log(`kept ${root}`);
	else if (root) runtime.removeUserFolder(root);
	log(`cleaned up; queue-mode file took ${elapsed()} s`);
}, 60000);

// ---------------------------------------------------------------------------------------------

describe('n8n queue mode: main enqueues, a separate worker runs the RedFlare nodes', () => {
	test(`${CALLS} Vapi tool-call requests at once → each reply pairs its own ids with its own typed results`, async () => {
		const replies = await timed(`POST ${CALLS} requests concurrently`, () =>
			Promise.all(
				CASES.map(async ({ payload }) => {
					const { status, body, json } = await postJson(running().webhookUrl(HOOK_PATH), payload, 60000);
					outputs.push(`$ POST /webhook/${HOOK_PATH} → ${status}\n${body}`);
					return { status, json };
				}),
			),
		);
		expect(replies).toEqual(CASES.map(({ reply }) => ({ status: 200, json: reply })));
	});

	test('the local API got every call once, with the secret header and the typed JSON bodies', () => {
		const requests = (server?.requests ?? []).filter((request) => !fromAgent(request));
		expect(requests).toHaveLength(2 * CALLS); // the unknown tool sent nothing
		expect(requests.every((request) => request.headers['x-api-key'] === ORDERS_KEY)).toBe(true);
		const gets = requests.filter((request) => request.method === 'GET').map((request) => request.url);
		expect(gets.sort()).toEqual(CASES.map((_, i) => `/orders/Q-10${i}`).sort());
		const posts = requests.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.url)).toEqual(Array(CALLS).fill('/tickets'));
		expect(posts.map((request) => request.text).sort()).toEqual(CASES.map((c) => c.ticketBody).sort());
	});

	test(`${CONVERSATIONS} chat conversations at once, AI Agent + RedFlare Webhook Tools → each caller gets the final text made of its own tool results`, async () => {
		const replies = await timed(`POST ${CONVERSATIONS} chat messages concurrently`, () =>
			Promise.all(
				CONVERSATION_CASES.map(async ({ chatInput }) => {
					const { status, body, json } = await postJson(running().webhookUrl(CHAT_PATH), { chatInput }, 120000);
					outputs.push(`$ POST /webhook/${CHAT_PATH} → ${status}\n${body}`);
					return { status, json };
				}),
			),
		);
		expect(replies).toEqual(CONVERSATION_CASES.map(({ reply }) => ({ status: 200, json: reply })));
		// Two model turns a conversation: the tool calls, then the final text once both tool messages came back.
		expect(openAi?.requests.map((request) => request.tools?.map((tool) => tool.function.name).sort())).toEqual(
			Array(2 * CONVERSATIONS).fill(['Create_Ticket', 'Lookup_Order']),
		);
	});

	test('the local API got each conversation’s nonce once: the path value, the integer and boolean typed, the secret header', () => {
		const requests = (server?.requests ?? []).filter(fromAgent);
		expect(requests).toHaveLength(2 * CONVERSATIONS);
		expect(requests.every((request) => request.headers['x-api-key'] === AI_KEY)).toBe(true);
		const gets = requests.filter((request) => request.method === 'GET').map((request) => request.url);
		expect(gets.sort()).toEqual(CONVERSATION_CASES.map((c) => c.lookupUrl).sort());
		const posts = requests.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.text).sort()).toEqual(CONVERSATION_CASES.map((c) => c.ticketBody).sort());
	});

	test('every execution ran on the worker: the main enqueued each one, the worker started and finished each one', async () => {
		const ids = enqueued();
		expect(new Set(ids).size).toBe(CALLS + CONVERSATIONS);
		const sorted = [...ids].sort();
		const worked = () => worker?.output() ?? '';
		for (let waited = 0; executionIds(worked(), 'finished').length < ids.length && waited < 15000; waited += 250) await sleep(250);
		expect(executionIds(worked(), 'started').sort()).toEqual(sorted);
		expect(executionIds(worked(), 'finished').sort()).toEqual(sorted);
		expect(running().output()).not.toMatch(/Worker (started|finished) execution/);
		log(`main enqueued executions ${ids.join(', ')}; the worker (pid ${worker?.pid}) ran them`);
	});
});

describe('secret leak check (main, worker and Redis stopped)', () => {
	test('no secret, in any encoding, in either user folder, the database, what crossed Redis, a Redis dump or any output', async () => {
		const ids = enqueued();
		await timed('stop main and worker', () => Promise.all([main?.stop(), worker?.stop()]));
		outputs.push(`$ n8n start\n${running().output()}`, `$ n8n worker\n${worker?.output() ?? ''}`);
		await redis?.save(); // whatever Redis still holds, to disk
		const traffic = redis?.monitor.traffic() ?? '';
		redis?.monitor.close();
		await redis?.proc.stop();
		outputs.push(`$ redis-server\n${redis?.proc.output() ?? ''}`, `$ redis MONITOR\n${traffic}`);
		outputs.push(...(openAi?.requests ?? []).map((request) => `$ sent to the model\n${JSON.stringify(request)}`));

		const snapshot = await snapshotUserFolder(root ?? '');
		log(`leak check: ${describeSnapshot(snapshot, outputs)}; Redis traffic ${(traffic.length / 1024).toFixed(0)} KiB`);

		// The search looks at the right places: the jobs and the relayed replies crossed Redis, the dump
		// holds Bull's keys, and the executions (the worker's) were saved in the one database.
		for (const id of ids) expect(traffic).toContain(`"executionId":"${id}"`);
		for (const { reply } of CASES) expect(traffic).toContain(reply.results[0].toolCallId);
		for (const { nonce } of CONVERSATION_CASES) expect(traffic).toContain(nonce);
		const dump = snapshot.files.find((file) => file.path === join(dir('redis'), 'dump.rdb'));
		expect(dump?.bytes.includes('bull:')).toBe(true);
		const executions = snapshot.tables.execution_entity as Array<{ id: string | number; workflowId: string; mode: string; status: string }>;
		const mine = executions.filter((e) => e.workflowId === workflowId || e.workflowId === chatWorkflowId);
		expect(mine.map((e) => String(e.id)).sort()).toEqual([...ids].sort());
		expect(mine.every((e) => e.mode === 'webhook' && e.status === 'success')).toBe(true);
		// Each conversation is one of the worker's executions, whose log shows its own two tool calls.
		const chats = mine.filter((e) => e.workflowId === chatWorkflowId);
		const logged = chats.map((e) => {
			const runData = storedRunData(snapshot, e.id);
			return { 'Lookup Order': toolCalls(runData['Lookup Order'] ?? []), 'Create Ticket': toolCalls(runData['Create Ticket'] ?? []) };
		});
		const nonceIn = (entry: object) => CONVERSATION_CASES.find(({ nonce }) => JSON.stringify(entry).includes(nonce))?.nonce ?? 'none';
		const byNonce = Object.fromEntries(logged.map((entry) => [nonceIn(entry), entry]));
		expect(byNonce).toEqual(Object.fromEntries(CONVERSATION_CASES.map(({ nonce, toolRuns }) => [nonce, toolRuns])));

		expect(findLeaks(SECRETS, snapshot, outputs)).toEqual([]);
	}, 120000);
});
