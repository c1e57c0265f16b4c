/**
 * The timeout bounds the whole call, body included, against real local servers; cancelling the
 * execution aborts the call through n8n's execution cancel signal.
 */
import type { INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, runWorkflow } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';

let server: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer();
	server.route('/hang', { hang: true });
	server.route('/drip', { drip: { chunk: ' ', everyMs: 100 } });
	server.route('/drip-short', { drip: { chunk: '[1,2,3]', everyMs: 20, chunks: 1 } });
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

beforeEach(() => {
	server.requests.length = 0;
});

const webhook = (path: string, timeout: number): INodeParameters => ({
	webhookName: 'slow_service',
	method: 'GET',
	url: `${server.origin}${path}`,
	timeout,
});

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; elapsed: number }> {
	const started = Date.now();
	const value = await run();
	return { value, elapsed: Date.now() - started };
}

describe('timeout', () => {
	it('abandons a server that never answers at the deadline and tells the agent', async () => {
		const { value: result, elapsed } = await timed(() =>
			runWorkflow(definitionWorkflow(webhook('/hang', 1)), { triggerItems: [{ toolCallId: 'call_1' }] }),
		);
		expect(result.error).toBeUndefined();
		expect(result.outputOf('Webhook')).toEqual([
			{ ok: false, error: { code: 'timeout', message: expect.stringContaining('1 s') }, toolCallId: 'call_1' },
		]);
		expect(elapsed).toBeGreaterThanOrEqual(950);
		// Measured where the server holds the connection, so a slow start of the run on a busy machine does not count.
		const held = await server.ended(0);
		expect(held.aborted).toBe(true);
		expect(held.ms).toBeLessThan(2000);
		expect(server.requests).toHaveLength(1);
	});

	it('abandons a server that sends headers and then drips bytes: the timeout covers the body', async () => {
		const { value: result, elapsed } = await timed(() => runWorkflow(definitionWorkflow(webhook('/drip', 1)), { triggerItems: [{}] }));
		expect(result.outputOf('Webhook')).toEqual([{ ok: false, error: { code: 'timeout', message: expect.any(String) } }]);
		expect(elapsed).toBeGreaterThanOrEqual(950);
		// The connection was dropped at the deadline, not left dripping.
		const held = await server.ended(0);
		expect(held.aborted).toBe(true);
		expect(held.ms).toBeLessThan(2000);
	});

	it('each item gets its own deadline: two hanging items both time out, each abandoned after about 1 s', async () => {
		const result = await runWorkflow(definitionWorkflow(webhook('/hang', 1)), { triggerItems: [{ toolCallId: 'a' }, { toolCallId: 'b' }] });
		expect(result.outputOf('Webhook').map((item) => [item.toolCallId, (item.error as { code: string }).code])).toEqual([
			['a', 'timeout'],
			['b', 'timeout'],
		]);
		for (const held of await Promise.all([server.ended(0), server.ended(1)])) {
			expect(held.aborted).toBe(true);
			expect(held.ms).toBeGreaterThanOrEqual(500);
			expect(held.ms).toBeLessThan(2000);
		}
	});

	it('a body that completes inside the deadline is read in full', async () => {
		const result = await runWorkflow(definitionWorkflow(webhook('/drip-short', 2)), { triggerItems: [{}] });
		expect(result.outputOf('Webhook')).toEqual([{ ok: true, status: 200, data: [1, 2, 3] }]);
	});
});

describe('cancelling the execution', () => {
	it('aborts the call in flight through the execution cancel signal', async () => {
		const cancel = new AbortController();
		const running = timed(() => runWorkflow(definitionWorkflow(webhook('/hang', 30)), { triggerItems: [{}], cancelSignal: cancel.signal }));
		await server.waitForRequests(1);
		cancel.abort();
		const { value: result, elapsed } = await running;
		expect(elapsed).toBeLessThan(10_000); // the webhook's own timeout is 30 s
		expect(result.run.status).toBe('canceled');
		const held = await server.ended(0);
		expect(held.aborted).toBe(true);
		expect(held.ms).toBeLessThan(3000);
	});
});
