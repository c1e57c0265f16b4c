/**
 * Long-running processes the end-to-end and scale tests start themselves (Redis, Postgres, n8n
 * workers and webhook processes): each in its own process group, output kept for the leak search,
 * and killed with everything it started when it is stopped or the test process exits.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Proc {
	pid: number;
	/** Everything it printed (stdout and stderr, interleaved). */
	output(): string;
	/** Why it ended ("exit 0", "exit SIGKILL", a spawn error), or null while it runs. */
	exited(): string | null;
	/** SIGTERM (or the stopSignal), SIGKILL after 20 s, then SIGKILL to whatever is left in its group (task runners). */
	stop(): Promise<void>;
	/** `signal` to the whole group at once (SIGKILL: a machine lost, nothing gets to clean up). */
	kill(signal: NodeJS.Signals): Promise<void>;
	/** Until it ends by itself; then why (as exited()). */
	wait(): Promise<string>;
}

export interface ProcOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** Run as this user and group (Postgres refuses to run as root). */
	uid?: number;
	gid?: number;
	/** What stop() sends first (default SIGTERM; Postgres shuts down fast on SIGINT). */
	stopSignal?: NodeJS.Signals;
}

export function startProcess(cmd: string, args: string[], options: ProcOptions = {}): Proc {
	const { stopSignal = 'SIGTERM', ...spawnOptions } = options;
	const child = spawn(cmd, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	let exited: string | null = null;
	const keep = (data: Buffer) => (output += data.toString('utf8'));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const done = new Promise<void>((resolve) => {
		child.on('error', (error) => ((exited = String(error)), resolve()));
		child.on('exit', (code, signal) => ((exited = `exit ${code ?? signal}`), resolve()));
	});
	const signalGroup = (signal: NodeJS.Signals) => {
		try {
			if (child.pid) process.kill(-child.pid, signal);
		} catch {
			// already gone
		}
	};
	const onParentExit = () => signalGroup('SIGKILL');
	process.on('exit', onParentExit);
	return {
		pid: child.pid ?? 0,
		output: () => output,
		exited: () => exited,
		stop: async () => {
			process.removeListener('exit', onParentExit);
			if (!exited) {
				signalGroup(stopSignal);
				const timer = setTimeout(() => signalGroup('SIGKILL'), 20000);
				await done;
				clearTimeout(timer);
			}
			signalGroup('SIGKILL'); // leftovers in the group (a worker's task runner)
		},
		kill: async (signal) => {
			signalGroup(signal);
			await done;
		},
		wait: async () => {
			await done;
			process.removeListener('exit', onParentExit);
			return exited ?? '';
		},
	};
}

/** Polls `ready` every 250 ms; fails with the process's last output if it exits or time runs out. */
export async function waitUntil(label: string, proc: Proc, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready().catch(() => false))) {
		if (proc.exited() || Date.now() > deadline) {
			throw new Error(`${label} ${proc.exited() ?? `not ready after ${timeoutMs / 1000} s`}. Output:\n${proc.output().slice(-5000)}`);
		}
		await sleep(250);
	}
}

/**
 * CPU seconds (user + system) used so far by process `pid` and all its descendants, those that ended
 * included once their parent reaped them (Linux /proc, clock ticks taken as the kernel's USER_HZ, 100 a
 * second), or null where there is no /proc. A tree rather than a process group: Postgres puts every
 * backend into a group of its own.
 */
export function treeCpuSeconds(pid: number): number | null {
	let entries: string[];
	try {
		entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return null;
	}
	const stats = new Map<number, { ppid: number; ticks: number }>();
	for (const entry of entries) {
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// After "pid (comm) ": state ppid ... utime stime cutime cstime (fields 14 to 17).
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
			stats.set(Number(entry), { ppid: Number(fields[1]), ticks });
		} catch {
			// ended meanwhile
		}
	}
	const inTree = (candidate: number): boolean => {
		for (let at: number | undefined = candidate; at && at > 1; at = stats.get(at)?.ppid) if (at === pid) return true;
		return false;
	};
	let ticks = 0;
	for (const [candidate, { ticks: own }] of stats) if (inTree(candidate)) ticks += own;
	return ticks / 100;
}
