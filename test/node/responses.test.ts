/**
 * What the agent is handed back: HTTP errors with their body, redirects (same origin followed,
 * cross origin refused), byte cap, fields to keep, size cap, response headers, non-JSON bodies.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, runWorkflow } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';

const SECRET = 'sk_live_redirect_7781';
const credentials = { redFlareSecretsApi: { vault: JSON.stringify({ 'Order API Key': SECRET }) } };

let server: TestServer;
let other: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer();
	// Same host, another port: another origin.
	other = await startServer();
});

afterAll(async () => {
	await server.close();
	await other.close();
	restoreNetwork();
});

beforeEach(() => {
	server.requests.length = 0;
	other.requests.length = 0;
});

async function call(path: string, extra: INodeParameters = {}, items: IDataObject[] = [{}]) {
	const result = await runWorkflow(
		definitionWorkflow({
			webhookName: 'order_service',
			method: 'GET',
			url: `${server.origin}${path}`,
			headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Order API Key' }),
			...extra,
		}),
		{ credentials, triggerItems: items },
	);
	expect(result.error).toBeUndefined();
	return result.outputOf('Webhook');
}

describe('HTTP errors', () => {
	it('a 4xx with a JSON body: http_error with the status and the parsed body as details', async () => {
		server.route('/missing', { status: 404, body: { error: 'order not found', order: 'X-1' } });
		const [result] = await call('/missing');
		expect(result).toEqual({
			ok: false,
			error: {
				code: 'http_error',
				status: 404,
				message: expect.stringContaining('HTTP 404'),
				details: { error: 'order not found', order: 'X-1' },
			},
		});
	});

	it('a 5xx with a text body: http_error with the text as details', async () => {
		server.route('/broken', { status: 503, headers: { 'Content-Type': 'text/plain' }, body: 'maintenance until 10:00' });
		const [result] = await call('/broken');
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 503, details: 'maintenance until 10:00' } });
	});
});

describe('redirects', () => {
	it('follows a same-origin redirect, secret header included', async () => {
		server.route('/old', { redirect: '/new', status: 301 });
		server.route('/new', { body: { moved: true } });
		const [result] = await call('/old');
		expect(result).toEqual({ ok: true, status: 200, data: { moved: true } });
		expect(server.requests.map((request) => request.url)).toEqual(['/old', '/new']);
		expect(server.requests[1].headers['x-api-key']).toBe(SECRET);
	});

	it('turns a POST into a GET on 303 and drops the body', async () => {
		server.route('/submit', { redirect: '/receipt', status: 303 });
		server.route('/receipt', { body: { receipt: 'R-1' } });
		const [result] = await call('/submit', { method: 'POST', body: fields({ name: 'a', valueType: 'static', value: '1' }) });
		expect(result).toMatchObject({ ok: true, data: { receipt: 'R-1' } });
		expect(server.requests.map((request) => `${request.method} ${request.url} ${request.text}`)).toEqual([
			'POST /submit {"a":"1"}',
			'GET /receipt ',
		]);
	});

	it('does not follow a cross-origin redirect: reported, and the secret never reaches the other origin', async () => {
		server.route('/elsewhere', { redirect: `${other.origin}/steal`, status: 302 });
		const [result] = await call('/elsewhere');
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 302 } });
		expect((result.error as IDataObject).message).toContain(other.origin);
		expect(other.requests).toHaveLength(0);
		expect(server.requests).toHaveLength(1);
	});

	it('stops after 5 redirects', async () => {
		server.route('/loop', { redirect: '/loop', status: 307 });
		const [result] = await call('/loop');
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', message: expect.stringContaining('more than 5') } });
		expect(server.requests).toHaveLength(6);
	});
});

describe('reading and shaping the body', () => {
	it('reads an oversize body only up to Max Response Bytes, with a note', async () => {
		server.route('/big', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rows: 'x'.repeat(5000) }) });
		const [result] = await call('/big', { options: { maxResponseBytes: 100 } });
		expect(result.ok).toBe(true);
		expect(result.data).toBe(JSON.stringify({ rows: 'x'.repeat(5000) }).slice(0, 100));
		expect(result.note).toEqual(expect.stringContaining('larger than 100 bytes'));
	});

	it('keeps only the listed fields (applied to each element of a top-level list)', async () => {
		server.route('/order', { body: { order: { status: 'shipped', eta: '2024-05-01', internal: 'secret-ish' }, audit: [1, 2] } });
		server.route('/orders', { body: [{ id: 1, status: 'open', cost: 3 }, { id: 2, status: 'done', cost: 4 }] });
		const [single] = await call('/order', { options: { keepFields: 'order.status, order.eta' } });
		expect(single.data).toEqual({ order: { status: 'shipped', eta: '2024-05-01' } });
		const [list] = await call('/orders', { options: { keepFields: 'id,status' } });
		expect(list.data).toEqual([
			{ id: 1, status: 'open' },
			{ id: 2, status: 'done' },
		]);
	});

	it('cuts data longer than Max Response Size for Agent, with a visible note', async () => {
		server.route('/long', { body: { text: 'abcdefghijklmnopqrstuvwxyz' } });
		const [result] = await call('/long', { options: { maxResultChars: 10 } });
		expect(result).toMatchObject({ ok: true, data: '{"text":"a…', note: expect.stringContaining('first 10 of 37 characters') });
	});

	it('hands over the response headers when asked', async () => {
		server.route('/headers', { headers: { 'X-Request-Id': 'req-9' }, body: { ok: 1 } });
		const [result] = await call('/headers', { options: { includeHeaders: true } });
		expect(result.headers).toMatchObject({ 'x-request-id': 'req-9', 'content-type': 'application/json' });
	});

	it('passes text on as text, notes JSON that does not parse and binary content, never crashes', async () => {
		server.route('/text', { headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Order X-1 is on its way' });
		server.route('/bad-json', { headers: { 'Content-Type': 'application/json' }, body: '{"unterminated":' });
		server.route('/binary', { headers: { 'Content-Type': 'image/png' }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) });
		server.route('/empty', { status: 204 });
		expect((await call('/text'))[0]).toEqual({ ok: true, status: 200, data: 'Order X-1 is on its way' });
		expect((await call('/bad-json'))[0]).toMatchObject({ ok: true, data: '{"unterminated":', note: expect.stringContaining('did not parse') });
		expect((await call('/binary'))[0]).toMatchObject({ ok: true, data: null, note: expect.stringContaining('binary (image/png') });
		expect((await call('/empty'))[0]).toEqual({ ok: true, status: 204, data: null });
	});
});

describe('retries', () => {
	it('retries a 503 honouring Retry-After for a GET; a POST only when the builder opts in', async () => {
		let calls = 0;
		server.route('/flaky', () => (++calls % 2 === 1 ? { status: 503, headers: { 'Retry-After': '0' }, body: 'busy' } : { body: { ok: 'now' } }));
		expect((await call('/flaky', { options: { retries: 2 } }))[0]).toEqual({ ok: true, status: 200, data: { ok: 'now' } });
		expect(server.requests).toHaveLength(2);

		calls = 0;
		server.requests.length = 0;
		expect((await call('/flaky', { method: 'POST', options: { retries: 2 } }))[0]).toMatchObject({ ok: false, error: { status: 503 } });
		expect(server.requests).toHaveLength(1);

		calls = 0;
		server.requests.length = 0;
		expect((await call('/flaky', { method: 'POST', options: { retries: 2, retryNonIdempotent: true } }))[0]).toMatchObject({ ok: true });
		expect(server.requests).toHaveLength(2);
	});
});
