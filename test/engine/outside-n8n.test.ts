/**
 * Issue 8, class 6: the engine used outside n8n (index.js). A retry wait keeps the process alive until
 * the call ends; the script runs in a child process of its own against a local server (503, then 200).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { startServer, type TestServer } from '../../scripts/test-server';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

let server: TestServer;

beforeAll(async () => {
	server = await startServer();
	let calls = 0;
	server.route('/flaky', () => (++calls === 1 ? { status: 503, headers: { 'Retry-After': '1' }, body: 'busy' } : { body: { done: true } }));
});

afterAll(async () => await server.close());

// A plain Node script, as a user of the package would write it: fetch as the transport, no timers of its own.
const SCRIPT = `
const { executeWebhook } = require(process.argv[1]);
const transport = async (request) => {
	const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, redirect: 'manual' });
	return { status: response.status, headers: Object.fromEntries(response.headers), body: new Uint8Array(await response.arrayBuffer()) };
};
const definition = { name: 'flaky', method: 'GET', url: process.argv[2], timeoutSeconds: 10 };
executeWebhook(definition, {}, { transport, resolveSecrets: async () => new Map(), retry: { retries: 2 } }).then((result) => {
	process.stdout.write(JSON.stringify(result));
});
`;

test('a script whose call is retried after a 503 waits for the retry and prints the result', async () => {
	const { stdout } = await run(process.execPath, ['-e', SCRIPT, resolve(ROOT, 'index.js'), `${server.origin}/flaky`], { timeout: 20000 });
	expect(JSON.parse(stdout)).toEqual({ ok: true, status: 200, data: { done: true } });
	expect(server.requests.map((request) => request.url)).toEqual(['/flaky', '/flaky']);
});
