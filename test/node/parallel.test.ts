/**
 * Max Parallel Calls: the Definition node sends up to that many items' calls at once, through n8n-core's
 * real engine against a real local server that counts the requests it holds in flight. Nothing here
 * measures time: the server holds requests until the expected number are in flight and releases them
 * in a chosen order, so the assertions are on counts and order.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, params, runWorkflow, type RunOptions, type WorkflowNode } from '../helpers/harness';
import { serverForFile } from '../helpers/network';
import type { RecordedRequest, Reply, TestServer } from '../../scripts/test-server';

const SECRET = 'sk_live_parallel_8c1f2e';
const credentials = { redFlareSecretsApi: { vault: JSON.stringify({ 'Orders API Key': SECRET }) } };

const testServer = serverForFile();
let server: TestServer;

beforeEach(() => {
	server = testServer();
});

const sleep = async (ms: number) => await new Promise<void>((done) => setTimeout(done, ms));

/** Polls until `condition` holds; `fallbackMs` only keeps a broken implementation from hanging the suite. */
async function until(condition: () => boolean, fallbackMs = 5000): Promise<void> {
	const giveUp = Date.now() + fallbackMs;
	while (!condition() && Date.now() < giveUp) await sleep(2);
}

/** The item number a request was sent for (`/items/{n}`). */
const itemOf = (request: RecordedRequest) => Number(/\/items\/(\d+)/.exec(request.url)?.[1]);
const maxInFlight = () => Math.max(0, ...server.requests.map((request) => request.inFlightOnArrival));
/** Answers `{ n }` for the item, the secret header's presence included. */
const answer = (request: RecordedRequest): Reply => ({ body: { n: itemOf(request), keyed: request.headers['x-api-key'] === SECRET } });

/** One POST per item: the item number in the path and the body, a secret header. */
const perItem = (extra: INodeParameters = {}): INodeParameters => ({
	webhookName: 'item_call',
	method: 'POST',
	url: `${server.origin}/items/{n}`,
	timeout: 10,
	dynamicParams: params({ name: 'n', dataType: 'integer' }),
	pathParams: fields({ name: 'n', dataType: 'integer' }),
	headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders API Key' }),
	body: fields({ name: 'n', dataType: 'integer' }),
	...extra,
});

const numbered = (count: number) => Array.from({ length: count }, (_, n) => ({ n, toolCallId: `call_${n}` }));

async function run(parameters: INodeParameters, items: IDataObject[], node: Partial<WorkflowNode> = {}, options: RunOptions = {}) {
	return await runWorkflow(definitionWorkflow(parameters, node), { credentials, triggerItems: items, ...options });
}

describe('order and pairing', () => {
	it('every result is in its item’s place, paired with it, although the answers come back in reverse', async () => {
		const count = 12;
		const gates = new Map<number, () => void>();
		server.fallback(async (request) => {
			await new Promise<void>((open) => gates.set(itemOf(request), open));
			return answer(request);
		});
		const running = run(perItem(), numbered(count));
		await until(() => gates.size === count);
		expect(gates.size).toBe(count);
		const finished: number[] = [];
		for (let n = count - 1; n >= 0; n--) {
			gates.get(n)?.();
			// The next one is released only once this reply has gone out.
			await until(() => server.inFlight() === n);
			finished.push(n);
		}
		const result = await running;

		expect(result.error).toBeUndefined();
		expect(finished).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
		const items = result.itemsOf('Webhook');
		expect(items.map((item) => item.json)).toEqual(
			numbered(count).map(({ n, toolCallId }) => ({ ok: true, status: 200, data: { n, keyed: true }, toolCallId })),
		);
		expect(items.map((item) => item.pairedItem)).toEqual(numbered(count).map(({ n }) => ({ item: n })));
	});
});

describe('the limit is honoured', () => {
	it.each([
		[1, 6],
		[4, 30],
		[16, 40],
	])('Max Parallel Calls %i: never more than that many requests in flight at the server (%i items)', async (limit, count) => {
		// Each request waits until the limit is reached (or every request has arrived), so a node that
		// sent more at once would show it in the count. A correct node always gets there: no short give-up,
		// which on a busy machine would release requests early and show fewer in flight than the limit.
		server.fallback(async (request) => {
			await until(() => server.inFlight() >= limit || server.requests.length >= count);
			return answer(request);
		});
		// 16 is the default: the option is left out for it.
		const options = limit === 16 ? {} : { maxParallelCalls: limit };
		const result = await run(perItem({ options }), numbered(count));

		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(count);
		expect(maxInFlight()).toBe(limit);
		expect(result.outputOf('Webhook').map((json) => (json.data as IDataObject).n)).toEqual(numbered(count).map(({ n }) => n));
		if (limit === 1) expect(server.requests.map(itemOf)).toEqual(numbered(count).map(({ n }) => n));
	});

	it('each call has its own timeout, counted from when it is sent, not from when the node started', async () => {
		// Items 0 and 1 never get an answer and time out after 3 s; items 2 and 3 wait for a free slot
		// meanwhile, then are answered at once (3 s leaves a busy machine room for an answer sent at once).
		server.fallback((request) => (itemOf(request) < 2 ? { hang: true } : answer(request)));
		const result = await run(perItem({ timeout: 3, options: { maxParallelCalls: 2 } }), numbered(4));

		expect(result.outputOf('Webhook').map((json) => (json.ok ? 'ok' : (json.error as IDataObject).code))).toEqual(['timeout', 'timeout', 'ok', 'ok']);
		expect(maxInFlight()).toBe(2);
		expect(server.requests.slice(0, 2).map(itemOf).sort()).toEqual([0, 1]);
	});
});

describe('cancelling the execution', () => {
	it('aborts every call in flight and sends no further one', async () => {
		server.fallback({ hang: true });
		const cancel = new AbortController();
		const running = run(perItem({ timeout: 60, options: { maxParallelCalls: 5 } }), numbered(20), {}, { cancelSignal: cancel.signal });
		await server.waitForRequests(5);
		cancel.abort();
		const result = await running;

		expect(result.run.status).toBe('canceled');
		await until(() => server.requests.every((request) => request.aborted));
		expect(server.requests.map((request) => request.aborted)).toEqual([true, true, true, true, true]);
		// The fifteen items still waiting for a slot are not sent after the cancel.
		await sleep(300);
		expect(server.requests).toHaveLength(5);
	});
});

describe('failures', () => {
	it('"Return Error to Agent": failing items among many each get their own result; the others are answered', async () => {
		server.fallback((request) => {
			const n = itemOf(request);
			if (n === 3) return { hang: true };
			if (n === 7) return { status: 500, body: { error: 'database down' } };
			return answer(request);
		});
		const items: IDataObject[] = numbered(20);
		items[12] = { toolCallId: 'call_12' };
		// Item 3 times out; 3 s leaves the others, answered at once, room on a busy machine.
		const result = await run(perItem({ timeout: 3 }), items);

		expect(result.error).toBeUndefined();
		const outputs = result.outputOf('Webhook');
		expect(outputs).toHaveLength(20);
		expect(outputs.map((json) => (json.ok ? 'ok' : (json.error as IDataObject).code))).toEqual(
			numbered(20).map(({ n }) => ({ 3: 'timeout', 7: 'http_error', 12: 'missing_params' })[n] ?? 'ok'),
		);
		expect(outputs.map((json) => json.toolCallId)).toEqual(numbered(20).map(({ toolCallId }) => toolCallId));
		expect(server.requests).toHaveLength(19);
	});

	it('"Fail the Execution": calls already in flight finish (not abandoned), none starts after, the failing item is named', async () => {
		// Item 1 lacks its value and fails before anything is sent; items 0, 2 and 3 are already on their
		// way with four slots, and the server answers them once all three have arrived.
		server.fallback(async (request) => {
			await until(() => server.requests.length >= 3);
			return answer(request);
		});
		const items: IDataObject[] = numbered(10);
		items[1] = {};
		const result = await run(perItem({ options: { onFailure: 'fail', maxParallelCalls: 4 } }), items);

		expect(result.run.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.context.itemIndex).toBe(1);
		expect(result.error?.description).toContain('missing_params');
		expect(server.requests.map(itemOf).sort()).toEqual([0, 2, 3]);
		expect(server.requests.every((request) => !request.aborted)).toBe(true);
	});

	it('"Fail the Execution": the lowest failing item is reported, as a one-at-a-time run would, even if a later one failed first', async () => {
		// Item 1 fails at once (missing value); item 0's answer, a 500, comes only after that.
		server.fallback(async (request) => {
			await until(() => server.requests.length >= 3);
			return itemOf(request) === 0 ? { status: 500, body: { error: 'database down' } } : answer(request);
		});
		const items: IDataObject[] = numbered(10);
		items[1] = {};
		const result = await run(perItem({ options: { onFailure: 'fail', maxParallelCalls: 4 } }), items);

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.context.itemIndex).toBe(0);
		expect(result.error?.message).toContain('HTTP 500');
		expect(server.requests).toHaveLength(3);
	});

	it('"Fail the Execution" with Continue On Fail: every item runs and carries its own outcome, in order', async () => {
		server.fallback((request) => (itemOf(request) % 3 === 0 ? { status: 500, body: { error: 'busy' } } : answer(request)));
		const result = await run(perItem({ options: { onFailure: 'fail' } }), numbered(15), { continueOnFail: true });

		expect(result.error).toBeUndefined();
		const items = result.itemsOf('Webhook');
		expect(items.map((item) => item.json.ok)).toEqual(numbered(15).map(({ n }) => n % 3 !== 0));
		expect(items.map((item) => item.json.toolCallId)).toEqual(numbered(15).map(({ toolCallId }) => toolCallId));
		expect(items.map((item) => item.pairedItem)).toEqual(numbered(15).map(({ n }) => ({ item: n })));
		expect(server.requests).toHaveLength(15);
	});
});
