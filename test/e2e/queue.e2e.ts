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
 * results, the local API must get the secret header, the worker's log must show it ran every
 * execution the main enqueued, and finally (everything stopped) no secret may appear in either user
 * folder, the database, everything that crossed Redis (MONITOR), a Redis dump, or any process output.
 *
 * Run: npm run test:e2e   (needs redis-server on PATH; keep the folders: E2E_KEEP=1 npm run test:e2e)
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describeSnapshot, findLeaks, snapshotUserFolder } from './leaks';
import { startLocalServer, type LocalServer, type ReceivedRequest } from './local-server';
import { PACKAGE_ROOT, runtime, type RunningN8n } from './runtime';
import { CREDENTIAL_TYPE, agentWorkflow, type Credential } from './workflows';
import { newId, progress } from './progress';

const run = promisify(execFile);

const SECRETS = {
	'Orders API Key': 'sk_queue_e2e_Tn62WbRz8Lq4',
	'Spare Key': 'sp/Queue+e2e=key 7&Vd', // in the credential, never used
};
const ORDERS_KEY = SECRETS['Orders API Key'];
const HOOK_PATH = 'e2e-queue-vapi';
/** How many tool-call requests are posted at the same time. */
const CALLS = 6;
const UNKNOWN_TOOL = 'The tool "delete_account" cannot be used right now: no such tool is configured.';

const { log, timed, elapsed } = progress('e2e queue');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The local API: answers only with the right key, and echoes what identifies each call.

function answer(request: ReceivedRequest) {
	if (request.headers['x-api-key'] !== ORDERS_KEY) return { status: 401, json: { error: 'unauthorized' } };
	const url = new URL(request.url, 'http://127.0.0.1');
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
// Processes this file starts itself (Redis, the worker): own process group, output kept, always killed.

interface Proc {
	pid: number;
	output(): string;
	exited(): string | null;
	stop(): Promise<void>;
}

function startProcess(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Proc {
	const child = spawn(cmd, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	let exited: string | null = null;
	const keep = (data: Buffer) => (output += data.toString('utf8'));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const done = new Promise<void>((resolve) => {
		child.on('error', (error) => ((exited = String(error)), resolve()));
		child.on('exit', (code, signal) => ((exited = `exit ${code ?? signal}`), resolve()));
	});
	const kill = (signal: NodeJS.Signals) => {
		try {
			if (child.pid) process.kill(-child.pid, signal);
		} catch {
			// already gone
		}
	};
	const onParentExit = () => kill('SIGKILL');
	process.on('exit', onParentExit);
	return {
		pid: child.pid ?? 0,
		output: () => output,
		exited: () => exited,
		stop: async () => {
			process.removeListener('exit', onParentExit);
			if (!exited) {
				kill('SIGTERM');
				const timer = setTimeout(() => kill('SIGKILL'), 20000);
				await done;
				clearTimeout(timer);
			}
			kill('SIGKILL'); // leftovers in the group (the worker's task runner)
		},
	};
}

async function waitUntil(label: string, proc: Proc, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready().catch(() => false))) {
		if (proc.exited() || Date.now() > deadline) {
			throw new Error(`${label} ${proc.exited() ?? `not ready after ${timeoutMs / 1000} s`}. Output:\n${proc.output().slice(-5000)}`);
		}
		await sleep(250);
	}
}

const resp = (args: string[]) => `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;

/** One Redis command on a fresh connection; the first line of the reply. */
function redisCommand(port: number, ...args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => socket.write(resp(args)));
		let data = '';
		socket.setTimeout(10000, () => socket.destroy(new Error(`redis ${args[0]}: timeout`)));
		socket.on('data', (chunk) => {
			data += chunk.toString('latin1');
			if (data.includes('\r\n')) {
				socket.end();
				resolve(data.split('\r\n', 1)[0]);
			}
		});
		socket.on('error', reject);
	});
}

/** MONITOR quotes arguments the way redis-cli does (\" \\ \n \xHH ...): back to the bytes sent, as latin1 text. */
const unquote = (text: string) =>
	text.replace(/\\x([0-9a-f]{2})|\\(["\\nrtab])/g, (_, hex: string | undefined, c: string) =>
		hex ? String.fromCharCode(parseInt(hex, 16)) : ({ n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<string, string>)[c] ?? c,
	);

/** Every command any client sends to Redis from now on (Bull jobs, pub/sub, relayed webhook responses). */
function monitorRedis(port: number): Promise<{ text(): string; close(): void }> {
	return new Promise((resolve, reject) => {
		let text = '';
		const socket = connect(port, '127.0.0.1', () => socket.write(resp(['MONITOR'])));
		socket.on('data', (chunk) => {
			text += chunk.toString('latin1');
			if (text.startsWith('+OK\r\n')) resolve({ text: () => text, close: () => socket.destroy() });
		});
		socket.on('error', reject);
	});
}

// ---------------------------------------------------------------------------------------------
// Shared state, cleaned up in afterAll whatever happens.

let server: LocalServer | undefined;
/** One temporary root: main/ and worker/ (the two user folders) and redis/ (Redis's working dir). */
let root: string | undefined;
let redis: Proc | undefined;
let monitor: { text(): string; close(): void } | undefined;
let main: RunningN8n | undefined;
let worker: Proc | undefined;
let redisPort = 0;
const credential: Credential = { id: newId(), name: 'E2E Queue Secrets' };
const workflowId = newId();
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

const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);

/** An n8n CLI command on the main folder, its output kept for the leak check. */
async function cli(args: string[], env: Record<string, string>): Promise<void> {
	const result = await runtime.runN8n(dir('main'), args, { env });
	outputs.push(`$ n8n ${args[0]}\n${result.stdout}\n${result.stderr}`);
	if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
}

/** `n8n import:<kind>` from a file OUTSIDE the folders (it holds plain secrets). */
async function importJson(kind: 'credentials' | 'workflow', data: object[], env: Record<string, string>): Promise<void> {
	const tmp = mkdtempSync(join(tmpdir(), 'redflare-e2e-queue-import-'));
	try {
		const file = join(tmp, `${kind}.json`);
		writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
		await cli([`import:${kind}`, `--input=${file}`], env);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}

const enqueued = () => matches(running().output(), /Enqueued execution (\d+) \(job \d+\)/g);

beforeAll(async () => {
	const redisServer = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
	if (redisServer.error) throw new Error('redis-server is not on PATH: install it (Debian: apt-get install -y redis-server)');
	log(`${redisServer.stdout.trim()}`);
	await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	const { nodeBin, n8nBin } = await timed(`ensure n8n ${runtime.N8N_VERSION}`, () => runtime.ensureN8n({ log: (message) => log(`  ${message}`) }));
	root = runtime.createUserFolder('redflare-e2e-queue-');
	for (const name of ['main', 'worker', 'redis'] as const) mkdirSync(dir(name));
	log(`folders under ${root}`);

	await timed('local API, Redis (no persistence), the packed package installed in both user folders', async () => {
		server = await startLocalServer(answer);
		redisPort = await runtime.freePort();
		redis = startProcess('redis-server', [
			...['--port', String(redisPort), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir('redis')],
			...['--save', '', '--appendonly', 'no', '--rdbcompression', 'no'], // dump only when asked, uncompressed (searchable)
		]);
		await waitUntil('redis-server', redis, async () => (await redisCommand(redisPort, 'PING')) === '+PONG', 15000);
		monitor = await monitorRedis(redisPort);
		await Promise.all([runtime.installCommunityPackage(dir('main'), PACKAGE_ROOT), runtime.installCommunityPackage(dir('worker'), PACKAGE_ROOT)]);
	});

	// What every process of the deployment shares: queue mode, Redis, the database, the encryption key.
	const shared = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64'),
		DB_SQLITE_DATABASE: join(dir('main'), '.n8n', 'database.sqlite'),
		N8N_LOG_LEVEL: 'info',
	};
	await timed('import the credential and the webhook workflow, publish it', async () => {
		await importJson('credentials', [{ ...credential, type: CREDENTIAL_TYPE, data: { vault: JSON.stringify(SECRETS) } }], shared);
		const workflow = agentWorkflow({ name: 'E2E: Vapi tools (queue mode)', origin: server?.origin ?? '', credential, replyFormat: 'vapi', webhookPath: HOOK_PATH });
		await importJson('workflow', [{ ...workflow, id: workflowId, active: false }], shared);
		await cli(['publish:workflow', `--id=${workflowId}`], shared);
	});
	const healthPort = await runtime.freePort();
	const workerEnv = runtime.n8nEnv(dir('worker'), {
		...shared,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await runtime.freePort()),
	});
	await timed('n8n start (queue mode) and n8n worker, side by side, until both are ready', async () => {
		worker = startProcess(nodeBin, [n8nBin, 'worker'], { env: workerEnv, cwd: dir('worker') });
		const workerReady = waitUntil(
			'n8n worker',
			worker,
			async () =>
				!!worker?.output().includes('n8n worker is now ready') &&
				(await runtime.request(`http://127.0.0.1:${healthPort}/healthz/readiness`, { timeoutMs: 2000 })).status === 200,
			240000,
		);
		const [mainStarted, workerStarted] = await Promise.allSettled([
			// Manual (editor) runs go to the workers too: n8n's announced default, and no task runner on the main.
			runtime.startN8n(dir('main'), { env: { ...shared, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' }, webhookPaths: [HOOK_PATH], timeoutMs: 240000 }),
			workerReady,
		]);
		if (mainStarted.status === 'fulfilled') main = mainStarted.value;
		if (mainStarted.status === 'rejected') throw mainStarted.reason;
		if (workerStarted.status === 'rejected') throw workerStarted.reason;
	});
}, 60 * 60 * 1000);

afterAll(async () => {
	await Promise.all([main?.stop(), worker?.stop()].map((stopping) => stopping?.catch(() => undefined)));
	monitor?.close();
	await redis?.stop().catch(() => undefined);
	await server?.close().catch(() => undefined);
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
					const response = await runtime.request(running().webhookUrl(HOOK_PATH), {
						method: 'POST',
						headers: { 'Content-Type': 'application/json' },
						body: JSON.stringify(payload),
						timeoutMs: 60000,
					});
					outputs.push(`$ POST /webhook/${HOOK_PATH} → ${response.status}\n${response.body}`);
					let json: unknown = response.body;
					try {
						json = JSON.parse(response.body);
					} catch {
						// not JSON: compared as text
					}
					return { status: response.status, json };
				}),
			),
		);
		expect(replies).toEqual(CASES.map(({ reply }) => ({ status: 200, json: reply })));
	});

	test('the local API got every call once, with the secret header and the typed JSON bodies', () => {
		const requests = server?.requests ?? [];
		expect(requests).toHaveLength(2 * CALLS); // the unknown tool sent nothing
		expect(requests.every((request) => request.headers['x-api-key'] === ORDERS_KEY)).toBe(true);
		const gets = requests.filter((request) => request.method === 'GET').map((request) => request.url);
		expect(gets.sort()).toEqual(CASES.map((_, i) => `/orders/Q-10${i}`).sort());
		const posts = requests.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.url)).toEqual(Array(CALLS).fill('/tickets'));
		expect(posts.map((request) => request.text).sort()).toEqual(CASES.map((c) => c.ticketBody).sort());
	});

	test('every execution ran on the worker: the main enqueued each one, the worker started and finished each one', async () => {
		const ids = enqueued();
		expect(new Set(ids).size).toBe(CALLS);
		const sorted = [...ids].sort();
		const worked = () => worker?.output() ?? '';
		for (let waited = 0; matches(worked(), /Worker finished execution (\d+) \(job \d+\)/g).length < CALLS && waited < 15000; waited += 250) await sleep(250);
		expect(matches(worked(), /Worker started execution (\d+) \(job \d+\)/g).sort()).toEqual(sorted);
		expect(matches(worked(), /Worker finished execution (\d+) \(job \d+\)/g).sort()).toEqual(sorted);
		expect(running().output()).not.toMatch(/Worker (started|finished) execution/);
		log(`main enqueued executions ${ids.join(', ')}; the worker (pid ${worker?.pid}) ran them`);
	});
});

describe('secret leak check (main, worker and Redis stopped)', () => {
	test('no secret, in any encoding, in either user folder, the database, what crossed Redis, a Redis dump or any output', async () => {
		const ids = enqueued();
		await timed('stop main and worker', () => Promise.all([main?.stop(), worker?.stop()]));
		outputs.push(`$ n8n start\n${running().output()}`, `$ n8n worker\n${worker?.output() ?? ''}`);
		expect(await redisCommand(redisPort, 'SAVE')).toBe('+OK'); // whatever Redis still holds, to disk
		const traffic = unquote(monitor?.text() ?? '');
		monitor?.close();
		await redis?.stop();
		outputs.push(`$ redis-server\n${redis?.output() ?? ''}`, `$ redis MONITOR\n${traffic}`);

		const snapshot = await snapshotUserFolder(root ?? '');
		log(`leak check: ${describeSnapshot(snapshot, outputs)}; Redis traffic ${(traffic.length / 1024).toFixed(0)} KiB`);

		// The search looks at the right places: the jobs and the relayed replies crossed Redis, the dump
		// holds Bull's keys, and the executions (the worker's) were saved in the one database.
		for (const id of ids) expect(traffic).toContain(`"executionId":"${id}"`);
		for (const { reply } of CASES) expect(traffic).toContain(reply.results[0].toolCallId);
		const dump = snapshot.files.find((file) => file.path === join(dir('redis'), 'dump.rdb'));
		expect(dump?.bytes.includes('bull:')).toBe(true);
		const executions = snapshot.tables.execution_entity as Array<{ id: string | number; workflowId: string; mode: string; status: string }>;
		const mine = executions.filter((e) => e.workflowId === workflowId);
		expect(mine.map((e) => String(e.id)).sort()).toEqual([...ids].sort());
		expect(mine.every((e) => e.mode === 'webhook' && e.status === 'success')).toBe(true);

		expect(findLeaks(SECRETS, snapshot, outputs)).toEqual([]);
	}, 120000);
});
