/**
 * n8n's queue mode (scaling mode) for the tests that run it: the environment every process of one
 * deployment shares, `n8n worker` and `n8n webhook` processes, CLI imports into the shared database,
 * and the log lines that tell which process enqueued and ran which execution.
 *
 * As on separate machines, each process gets its own user folder (with the package installed the way
 * n8n installs a community package), its own HTTP and task-runner broker ports, and shares only what
 * n8n requires: Redis, the database and the encryption key.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startProcess, waitUntil, type Proc } from './processes';
import { runtime } from './runtime';

/**
 * What every process of one queue-mode deployment shares: queue mode, Redis, the database settings
 * (DB_*), and one encryption key made up for the run (n8n decrypts credentials with it everywhere).
 */
export function queueEnv(redisPort: number, database: Record<string, string>): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64'),
		N8N_LOG_LEVEL: 'info', // the "Enqueued / Worker started / finished execution" lines
		...database,
	};
}

/** An n8n CLI command on `userFolder`; its output goes to `outputs` (for the leak check). */
export async function n8nCli(userFolder: string, args: string[], env: Record<string, string>, outputs: string[]): Promise<void> {
	const result = await runtime.runN8n(userFolder, args, { env });
	outputs.push(`$ n8n ${args[0]}\n${result.stdout}\n${result.stderr}`);
	if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
}

/** `n8n import:<kind>` from a file OUTSIDE every n8n folder (a credential file holds plain secrets). */
export async function importJson(
	userFolder: string,
	kind: 'credentials' | 'workflow',
	data: object[],
	env: Record<string, string>,
	outputs: string[],
): Promise<void> {
	const tmp = mkdtempSync(join(tmpdir(), 'redflare-queue-import-'));
	try {
		const file = join(tmp, `${kind}.json`);
		writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
		await n8nCli(userFolder, [`import:${kind}`, `--input=${file}`], env, outputs);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}

export interface N8nProc extends Proc {
	label: string;
}

/** Starts `n8n <command>` on `userFolder`; stops it again if it does not get `ready` in time. */
async function startN8nProcess(
	label: string,
	userFolder: string,
	args: string[],
	env: Record<string, string>,
	ready: (proc: Proc) => Promise<boolean>,
	timeoutMs: number,
): Promise<N8nProc> {
	const { nodeBin, n8nBin } = await runtime.ensureN8n();
	const proc = startProcess(nodeBin, [n8nBin, ...args], { env: runtime.n8nEnv(userFolder, env), cwd: userFolder });
	try {
		await waitUntil(label, proc, () => ready(proc), timeoutMs);
	} catch (error) {
		await proc.stop();
		throw error;
	}
	return { ...proc, label };
}

/**
 * `n8n worker` with its own task-runner broker port (every worker starts a task runner) and its health
 * server on a free port; ready when it says so and /healthz/readiness answers 200.
 */
export async function startWorker(
	label: string,
	userFolder: string,
	env: Record<string, string>,
	{ concurrency, timeoutMs = 240000 }: { concurrency?: number; timeoutMs?: number } = {},
): Promise<N8nProc> {
	const healthPort = await runtime.freePort();
	const workerEnv = {
		...env,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await runtime.freePort()),
	};
	const args = ['worker', ...(concurrency ? [`--concurrency=${concurrency}`] : [])];
	return startN8nProcess(
		label,
		userFolder,
		args,
		workerEnv,
		async (proc) =>
			proc.output().includes('n8n worker is now ready') &&
			(await runtime.request(`http://127.0.0.1:${healthPort}/healthz/readiness`, { timeoutMs: 2000 })).status === 200,
		timeoutMs,
	);
}

export interface WebhookProc extends N8nProc {
	url: string;
	webhookUrl(path: string): string;
}

/**
 * `n8n webhook` (production webhooks only) on a free port; ready when it serves every path in
 * `webhookPaths`, which it finds in the database once the main has activated their workflows.
 */
export async function startWebhookProcess(
	label: string,
	userFolder: string,
	env: Record<string, string>,
	{ webhookPaths, timeoutMs = 240000 }: { webhookPaths: string[]; timeoutMs?: number },
): Promise<WebhookProc> {
	const port = await runtime.freePort();
	const url = `http://127.0.0.1:${port}`;
	const proc = await startN8nProcess(
		label,
		userFolder,
		['webhook'],
		{ ...env, N8N_PORT: String(port) },
		async () => {
			if ((await runtime.request(`${url}/healthz/readiness`, { timeoutMs: 2000 })).status !== 200) return false;
			for (const path of webhookPaths) if (!(await runtime.webhookRegistered(url, path))) return false;
			return true;
		},
		timeoutMs,
	);
	return { ...proc, url, webhookUrl: (path) => `${url}/webhook/${path}` };
}

const QUEUE_LINES = {
	enqueued: /Enqueued execution (\d+) \(job \d+\)/g,
	started: /Worker started execution (\d+) \(job \d+\)/g,
	finished: /Worker finished execution (\d+) \(job \d+\)/g,
};

/** The execution ids of n8n's queue log lines in `output`: enqueued (main or webhook process), started / finished (worker). */
export function executionIds(output: string, line: keyof typeof QUEUE_LINES): string[] {
	return [...output.matchAll(QUEUE_LINES[line])].map((match) => match[1]);
}
