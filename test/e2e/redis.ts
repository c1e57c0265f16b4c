/**
 * A private Redis for the queue-mode tests: Debian's redis-server on a free loopback port, working
 * in a folder of the test's own, no persistence except an uncompressed dump when asked (so that the
 * leak search can read it), and a MONITOR connection that records every command any client sends.
 */
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

import { startProcess, waitUntil, type Proc } from './processes';
import { runtime } from './runtime';

const resp = (args: string[]) => `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;

/** One Redis command on a fresh connection; the first line of the reply. */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
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
export const unquote = (text: string) =>
	text.replace(/\\x([0-9a-f]{2})|\\(["\\nrtab])/g, (_, hex: string | undefined, c: string) =>
		hex ? String.fromCharCode(parseInt(hex, 16)) : ({ n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<string, string>)[c] ?? c,
	);

export interface RedisMonitor {
	/** What crossed Redis so far, unquoted. */
	traffic(): string;
	close(): void;
}

/** Every command any client sends to Redis from now on (Bull jobs, pub/sub, relayed webhook responses). */
function monitorRedis(port: number): Promise<RedisMonitor> {
	return new Promise((resolve, reject) => {
		let text = '';
		const socket = connect(port, '127.0.0.1', () => socket.write(resp(['MONITOR'])));
		socket.on('data', (chunk) => {
			text += chunk.toString('latin1');
			if (text.startsWith('+OK\r\n')) resolve({ traffic: () => unquote(text), close: () => socket.destroy() });
		});
		socket.on('error', reject);
	});
}

export interface RedisServer {
	port: number;
	proc: Proc;
	monitor: RedisMonitor;
	/** SAVE: whatever Redis holds, to `<dir>/dump.rdb`. */
	save(): Promise<void>;
}

/** `redis-server --version`, or a clear error naming the package to install. */
export function redisVersion(): string {
	const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
	if (found.error) throw new Error('redis-server is not on PATH: install it (Debian: apt-get install -y redis-server)');
	return found.stdout.trim();
}

/** Starts redis-server in `dir` (its dump goes there) and attaches MONITOR before anyone else connects. */
export async function startRedis(dir: string): Promise<RedisServer> {
	const port = await runtime.freePort();
	const proc = startProcess('redis-server', [
		...['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir],
		...['--save', '', '--appendonly', 'no', '--rdbcompression', 'no'], // dump only when asked, uncompressed (searchable)
	]);
	await waitUntil('redis-server', proc, async () => (await redisCommand(port, 'PING')) === '+PONG', 15000);
	const monitor = await monitorRedis(port);
	return {
		port,
		proc,
		monitor,
		save: async () => {
			const reply = await redisCommand(port, 'SAVE');
			if (reply !== '+OK') throw new Error(`redis SAVE answered ${reply}`);
		},
	};
}
