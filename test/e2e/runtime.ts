/**
 * Typed access to scripts/n8n-runtime.js (plain CommonJS, no declarations): installs and runs the
 * real n8n the end-to-end tests drive.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** n8n's IRun, as much of it as the tests read. */
export interface N8nRun {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			error?: { message?: string };
			runData: Record<string, Array<{ error?: { message?: string }; data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
		};
	};
}

export interface ExecuteResult extends CliResult {
	ok: boolean;
	run: N8nRun | null;
	error: { message?: string } | undefined;
}

export interface RunningN8n {
	url: string;
	port: number;
	pid: number;
	webhookUrl(path: string): string;
	output(): string;
	stop(): Promise<void>;
}

export interface CredentialImport {
	id?: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

type Log = (message: string) => void;

export interface N8nRuntime {
	N8N_VERSION: string;
	layout(): { cacheDir: string; nodeBinDir: string; nodeBin: string; n8nPrefix: string; n8nBin: string };
	ensureN8n(options?: { log?: Log }): Promise<{ nodeBinDir: string; nodeBin: string; n8nBin: string; cacheDir: string }>;
	/** Installs `name@version` (scripts off) into a versioned folder of the cache, once; returns the package's folder. */
	ensureCachedPackage(name: string, version: string, options?: { log?: Log }): Promise<string>;
	/** Env vars that create the instance owner when n8n starts (password hashed with n8n's bcryptjs). */
	ownerEnv(owner?: { email?: string; password?: string; firstName?: string; lastName?: string }): Record<string, string>;
	/** The environment n8n runs with against `userFolder` (offline, quiet, SQLite); `extra` overrides anything. */
	n8nEnv(userFolder: string, extra?: Record<string, string>): Record<string, string>;
	/** A free TCP port on 127.0.0.1. */
	freePort(): Promise<number>;
	createUserFolder(prefix?: string): string;
	removeUserFolder(dir: string): void;
	installCommunityPackage(userFolder: string, packageDir: string, options?: { log?: Log }): Promise<{ name: string; version: string; dir: string }>;
	runN8n(userFolder: string, args: string[], options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult>;
	importWorkflows(userFolder: string, workflows: object | object[]): Promise<string[]>;
	importCredentials(userFolder: string, credentials: CredentialImport | CredentialImport[]): Promise<string[]>;
	publishWorkflow(userFolder: string, id: string): Promise<void>;
	executeWorkflow(userFolder: string, id: string, options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<ExecuteResult>;
	nodeOutput(run: N8nRun | null, nodeName: string, outputIndex?: number): Array<Record<string, unknown>> | undefined;
	startN8n(
		userFolder: string,
		options?: { port?: number; env?: Record<string, string>; timeoutMs?: number; webhookPaths?: string[]; log?: Log },
	): Promise<RunningN8n>;
	/** Whether the server at `baseUrl` serves the production webhook on `webhookPath` (a CORS preflight; runs nothing). */
	webhookRegistered(baseUrl: string, webhookPath: string): Promise<boolean>;
	request(
		url: string,
		options?: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number },
	): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
}

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

export const runtime = createRequire(__filename)(resolve(PACKAGE_ROOT, 'scripts', 'n8n-runtime.js')) as N8nRuntime;

/**
 * Stops n8n and the local server and removes the n8n user folder (kept with E2E_KEEP=1 for a look),
 * whatever state a failed set-up left them in.
 */
export async function tearDown(
	parts: { n8n?: RunningN8n; server?: { close(): Promise<void> }; userFolder?: string },
	log: (message: string) => void,
): Promise<void> {
	await parts.n8n?.stop().catch(() => undefined);
	await parts.server?.close().catch(() => undefined);
	if (parts.userFolder && process.env.E2E_KEEP) log(`kept the n8n user folder: ${parts.userFolder}`);
	else if (parts.userFolder) runtime.removeUserFolder(parts.userFolder);
	log('cleaned up');
}

/** Stops a running `n8n start` and keeps what it printed in `outputs`, which the secret hunt searches. */
export async function stopN8n(running: RunningN8n, outputs: string[], timed: <T>(step: string, fn: () => Promise<T>) => Promise<T>): Promise<void> {
	await timed('stop n8n', () => running.stop());
	outputs.push(`$ n8n start\n${running.output()}`);
}

export interface JsonReply {
	status: number;
	body: string;
	/** The body parsed, or the text itself when it is not JSON. */
	json: unknown;
}

/** POSTs `payload` as JSON to `url` (one of n8n's webhooks); the status and the body, parsed when it is JSON. */
export async function postJson(url: string, payload: unknown, timeoutMs: number): Promise<JsonReply> {
	const response = await runtime.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload), timeoutMs });
	let json: unknown = response.body;
	try {
		json = JSON.parse(response.body);
	} catch {
		// not JSON: kept as text
	}
	return { status: response.status, body: response.body, json };
}
