import {
	ConfigError,
	sendPlan,
	type SendOptions,
	type Transport,
	type TransportRequest,
	type TransportResponse,
	type WebhookDefinitionInput,
} from '../../engine';
import { plan } from './helpers';

const SECRET = 'sk_live_S3cr3t+/value';
const ORIGIN = 'https://api.example.com';

const json = (status: number, data: unknown, headers: TransportResponse['headers'] = {}): TransportResponse => ({
	status,
	headers: { 'content-type': 'application/json', ...headers },
	body: JSON.stringify(data),
});
const redirect = (status: number, location: string): TransportResponse => ({ status, headers: { location }, body: '' });

/** A fake transport answering from a script (the last answer repeats); records every request. */
function scripted(...answers: Array<TransportResponse | Error | ((request: TransportRequest) => TransportResponse | Promise<TransportResponse>)>) {
	const calls: TransportRequest[] = [];
	const transport: Transport = async (request) => {
		calls.push(request);
		const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
		if (answer instanceof Error) throw answer;
		return typeof answer === 'function' ? await answer(request) : answer;
	};
	return { transport, calls };
}

function recorder() {
	const waits: number[] = [];
	const sleep = async (ms: number) => {
		waits.push(ms);
	};
	return { waits, sleep };
}

const secretsOf = (values: Record<string, string>) => {
	const resolve = jest.fn(async (names: string[]) => new Map(names.filter((name) => name in values).map((name) => [name, values[name]])));
	return resolve;
};

function options(transport: Transport, extra: Partial<SendOptions> = {}): SendOptions {
	return { transport, resolveSecrets: secretsOf({ 'API Key': SECRET }), sleep: recorder().sleep, ...extra };
}

const withSecret: Partial<WebhookDefinitionInput> = {
	method: 'POST',
	url: `${ORIGIN}/orders`,
	headers: [{ name: 'Authorization', dataType: 'string', valueType: 'secret', secretName: 'API Key' }],
	body: [{ name: 'note', dataType: 'string', valueType: 'static', value: 'hi' }],
};

describe('secrets at send time', () => {
	test('the resolver is called once, with exactly the names the plan needs', async () => {
		const resolve = secretsOf({ 'API Key': SECRET, Other: 'other-value', Unused: 'unused' });
		const { transport, calls } = scripted(json(200, { ok: 1 }));
		const planned = plan({
			...withSecret,
			query: [
				{ name: 'k', dataType: 'string', valueType: 'secret', secretName: 'API Key' },
				{ name: 'o', dataType: 'string', valueType: 'secret', secretName: 'Other' },
			],
		});
		const result = await sendPlan(planned, options(transport, { resolveSecrets: resolve }));
		expect(result).toEqual({ ok: true, status: 200, data: { ok: 1 } });
		expect(resolve).toHaveBeenCalledTimes(1);
		expect(resolve).toHaveBeenCalledWith(['API Key', 'Other']);
		expect(calls).toHaveLength(1);
		expect(calls[0].headers.Authorization).toBe(SECRET);
		expect(calls[0].url).toBe(`${ORIGIN}/orders?k=${encodeURIComponent(SECRET)}&o=other-value`);
	});

	test('the resolver is not called when no secret is needed', async () => {
		const resolve = jest.fn(async () => new Map<string, string>());
		const { transport } = scripted(json(200, {}));
		await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { resolveSecrets: resolve }));
		expect(resolve).not.toHaveBeenCalled();
	});

	test('a resolver that refuses gives its config_error and nothing is sent', async () => {
		const { transport, calls } = scripted(json(200, {}));
		const resolveSecrets = async () => {
			throw new ConfigError('The secret "API Key" is not in the RedFlare Webhook Secrets credential.');
		};
		const result = await sendPlan(plan(withSecret), options(transport, { resolveSecrets }));
		expect(result).toEqual({ ok: false, error: { code: 'config_error', message: expect.stringContaining('"API Key"') } });
		expect(calls).toHaveLength(0);
	});

	test('a resolver that crashes gives a generic config_error that does not repeat the crash', async () => {
		const { transport, calls } = scripted(json(200, {}));
		const resolveSecrets = async () => {
			throw new Error(`decrypt failed for ${SECRET}`);
		};
		const result = await sendPlan(plan(withSecret), options(transport, { resolveSecrets }));
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error.code).toBe('config_error');
		expect(JSON.stringify(result)).not.toContain(SECRET);
		expect(calls).toHaveLength(0);
	});

	test('a secret missing from what the resolver returns is a config_error, nothing sent', async () => {
		const { transport, calls } = scripted(json(200, {}));
		const result = await sendPlan(plan(withSecret), options(transport, { resolveSecrets: async () => new Map() }));
		expect(result).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('"API Key"') } });
		expect(calls).toHaveLength(0);
	});

	test('secret values echoed by the server are redacted in every form, in data, keys and headers', async () => {
		const { transport } = scripted((request) =>
			json(
				200,
				{
					echo: request.headers.Authorization,
					url: `${request.url}?again=${encodeURIComponent(SECRET)}`,
					nested: [{ form: new URLSearchParams({ k: SECRET }).toString() }],
					[SECRET]: 'as a key',
					raw: JSON.stringify({ k: SECRET }),
				},
				{ 'x-echo': SECRET },
			),
		);
		const result = await sendPlan(plan(withSecret), options(transport, { includeHeaders: true }));
		const text = JSON.stringify(result);
		expect(result.ok).toBe(true);
		expect(text).toContain('[redacted]');
		expect(text).not.toContain('S3cr3t');
		expect(result.ok && result.headers?.['x-echo']).toBe('[redacted]');
	});

	test('secret values echoed in an error body are redacted', async () => {
		const { transport } = scripted((request) => json(401, { error: `bad key ${request.headers.Authorization}` }));
		const result = await sendPlan(plan(withSecret), options(transport));
		expect(result).toEqual({
			ok: false,
			error: { code: 'http_error', status: 401, message: expect.any(String), details: { error: 'bad key [redacted]' } },
		});
	});
});

describe('redirects', () => {
	test('a cross-origin redirect is not followed and is reported', async () => {
		const { transport, calls } = scripted(redirect(302, 'https://evil.example.net/steal'), json(200, {}));
		const result = await sendPlan(plan({ ...withSecret, method: 'GET', body: [] }), options(transport));
		expect(calls).toHaveLength(1);
		expect(calls.every((call) => new URL(call.url).origin === ORIGIN)).toBe(true);
		expect(result).toEqual({
			ok: false,
			error: { code: 'http_error', status: 302, message: expect.stringMatching(/another site \(https:\/\/evil\.example\.net\).*not followed/) },
		});
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});

	test.each([
		['another scheme', 'http://api.example.com/orders'],
		['another port', 'https://api.example.com:8443/orders'],
		['another subdomain', 'https://www.api.example.com/orders'],
		['a protocol-relative URL', '//evil.example.net/x'],
	])('a redirect to %s is cross-origin', async (_label, location) => {
		const { transport, calls } = scripted(redirect(307, location), json(200, {}));
		const result = await sendPlan(plan(withSecret), options(transport));
		expect(calls).toHaveLength(1);
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', message: expect.stringContaining('another site') } });
	});

	test('a same-origin 303 is followed as a GET without body or Content-Type, keeping the other headers', async () => {
		const { transport, calls } = scripted(redirect(303, '/orders/99'), json(200, { id: 99 }));
		const result = await sendPlan(plan(withSecret), options(transport));
		expect(result).toEqual({ ok: true, status: 200, data: { id: 99 } });
		expect(calls).toHaveLength(2);
		expect(calls[0]).toMatchObject({ method: 'POST', body: '{"note":"hi"}' });
		expect(calls[1].method).toBe('GET');
		expect(calls[1].url).toBe(`${ORIGIN}/orders/99`);
		expect(calls[1].body).toBeUndefined();
		expect(Object.keys(calls[1].headers).map((key) => key.toLowerCase())).not.toContain('content-type');
		expect(calls[1].headers.Authorization).toBe(SECRET);
	});

	test.each([307, 308])('a same-origin %s keeps method and body', async (status) => {
		const { transport, calls } = scripted(redirect(status, `${ORIGIN}/v2/orders`), json(201, { created: true }));
		const result = await sendPlan(plan(withSecret), options(transport));
		expect(result).toEqual({ ok: true, status: 201, data: { created: true } });
		expect(calls[1]).toMatchObject({ method: 'POST', url: `${ORIGIN}/v2/orders`, body: '{"note":"hi"}' });
	});

	test('a redirect without Location is the answer itself', async () => {
		const { transport, calls } = scripted({ status: 302, headers: {}, body: '' }, json(200, {}));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport));
		expect(calls).toHaveLength(1);
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 302 } });
	});

	test('exactly 5 same-origin redirects are followed', async () => {
		const { transport, calls } = scripted(
			...[1, 2, 3, 4, 5].map((hop) => redirect(302, `/hop/${hop}`)),
			json(200, { arrived: true }),
		);
		const result = await sendPlan(plan({ url: `${ORIGIN}/start` }), options(transport));
		expect(result).toEqual({ ok: true, status: 200, data: { arrived: true } });
		expect(calls.map((call) => new URL(call.url).pathname)).toEqual(['/start', '/hop/1', '/hop/2', '/hop/3', '/hop/4', '/hop/5']);
	});

	test('more than 5 redirects are stopped', async () => {
		let hop = 0;
		const { transport, calls } = scripted(() => redirect(302, `/loop/${++hop}`));
		const result = await sendPlan(plan({ url: `${ORIGIN}/start` }), options(transport));
		expect(calls).toHaveLength(6);
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 302, message: expect.stringContaining('more than 5') } });
	});
});

describe('retries', () => {
	test('a 429 is retried after the Retry-After seconds', async () => {
		const { waits, sleep } = recorder();
		const { transport, calls } = scripted(json(429, {}, { 'retry-after': '2' }), json(200, { ok: true }));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { sleep, retry: { retries: 2 } }));
		expect(result).toEqual({ ok: true, status: 200, data: { ok: true } });
		expect(calls).toHaveLength(2);
		expect(waits).toEqual([2000]);
	});

	test('a Retry-After date is honoured', async () => {
		const { waits, sleep } = recorder();
		const when = new Date(Date.now() + 4000).toUTCString();
		const { transport } = scripted(json(503, {}, { 'Retry-After': when }), json(200, {}));
		await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { sleep, retry: { retries: 1 } }));
		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeGreaterThan(1000);
		expect(waits[0]).toBeLessThanOrEqual(4000);
	});

	test('without Retry-After the waits back off', async () => {
		const { waits, sleep } = recorder();
		const { transport, calls } = scripted(json(503, {}), json(503, {}), json(503, {}), json(200, {}));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { sleep, retry: { retries: 3 } }));
		expect(result.ok).toBe(true);
		expect(calls).toHaveLength(4);
		expect(waits).toHaveLength(3);
		expect(waits[1]).toBeGreaterThan(waits[0]);
		expect(waits[2]).toBeGreaterThan(waits[1]);
	});

	test('retries run out: the last answer is reported', async () => {
		const { waits, sleep } = recorder();
		const { transport, calls } = scripted(json(429, { error: 'slow down' }, { 'retry-after': '1' }));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { sleep, retry: { retries: 2 } }));
		expect(calls).toHaveLength(3);
		expect(waits).toEqual([1000, 1000]);
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 429, details: { error: 'slow down' } } });
	});

	test('no retry without a retry option', async () => {
		const { waits, sleep } = recorder();
		const { transport, calls } = scripted(json(429, {}, { 'retry-after': '1' }), json(200, {}));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { sleep }));
		expect(calls).toHaveLength(1);
		expect(waits).toEqual([]);
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 429 } });
	});

	test.each(['POST', 'PATCH'] as const)('%s is not retried unless the builder opts in', async (method) => {
		const { waits, sleep } = recorder();
		const first = scripted(json(503, {}, { 'retry-after': '1' }), json(200, {}));
		const refused = await sendPlan(plan({ method, url: `${ORIGIN}/x` }), options(first.transport, { sleep, retry: { retries: 3 } }));
		expect(first.calls).toHaveLength(1);
		expect(waits).toEqual([]);
		expect(refused).toMatchObject({ ok: false, error: { status: 503 } });

		const second = scripted(json(503, {}, { 'retry-after': '1' }), json(200, { done: 1 }));
		const retried = await sendPlan(plan({ method, url: `${ORIGIN}/x` }), options(second.transport, { sleep, retry: { retries: 3, retryNonIdempotent: true } }));
		expect(second.calls).toHaveLength(2);
		expect(retried).toEqual({ ok: true, status: 200, data: { done: 1 } });
	});

	test('a network error on POST is not retried unless the builder opts in', async () => {
		const { waits, sleep } = recorder();
		const failing = () => scripted(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), json(200, {}));
		const first = failing();
		const refused = await sendPlan(plan(withSecret), options(first.transport, { sleep, retry: { retries: 2 } }));
		expect(first.calls).toHaveLength(1);
		expect(refused).toMatchObject({ ok: false, error: { code: 'network_error' } });
		const second = failing();
		const retried = await sendPlan(plan(withSecret), options(second.transport, { sleep, retry: { retries: 2, retryNonIdempotent: true } }));
		expect(second.calls).toHaveLength(2);
		expect(retried.ok).toBe(true);
		expect(waits).toHaveLength(1);
	});

	test.each(['GET', 'PUT', 'DELETE'] as const)('%s is retried without opting in', async (method) => {
		const { transport, calls } = scripted(json(503, {}, { 'retry-after': '0' }), json(200, {}));
		const result = await sendPlan(plan({ method, url: `${ORIGIN}/x` }), options(transport, { retry: { retries: 1 } }));
		expect(calls).toHaveLength(2);
		expect(result.ok).toBe(true);
	});

	test('no retry when the wait would outlast the timeout', async () => {
		const { waits, sleep } = recorder();
		const { transport, calls } = scripted(json(429, {}, { 'retry-after': '30' }), json(200, {}));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x`, timeoutSeconds: 10 }), options(transport, { sleep, retry: { retries: 3 } }));
		expect(calls).toHaveLength(1);
		expect(waits).toEqual([]);
		expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 429 } });
	});

	test('other error statuses are not retried', async () => {
		const { transport, calls } = scripted(json(500, {}), json(200, {}));
		await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { retry: { retries: 3 } }));
		expect(calls).toHaveLength(1);
	});

	test('a network error is retried for GET', async () => {
		const { waits, sleep } = recorder();
		const { transport, calls } = scripted(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), json(200, { ok: 1 }));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { sleep, retry: { retries: 1 } }));
		expect(calls).toHaveLength(2);
		expect(waits).toHaveLength(1);
		expect(result.ok).toBe(true);
	});
});

describe('failures', () => {
	test('a network error is network_error naming the cause', async () => {
		const { transport } = scripted(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }));
		const result = await sendPlan(plan({ name: 'crm', url: `${ORIGIN}/x` }), options(transport));
		expect(result).toEqual({ ok: false, error: { code: 'network_error', message: expect.stringContaining('ECONNREFUSED') } });
		expect(!result.ok && result.error.message).toContain('crm');
	});

	test('a network error message that quotes a secret is redacted', async () => {
		const { transport } = scripted((request) => {
			throw new Error(`bad header value ${request.headers.Authorization}`);
		});
		const result = await sendPlan(plan(withSecret), options(transport));
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error.code).toBe('network_error');
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});

	test.each([
		[400, 'Bad Request', { error: { message: 'email is invalid' } }],
		[404, 'Not Found', { error: 'no such order' }],
		[500, '', { trace: 'x' }],
		[503, 'Service Unavailable', { retry: false }],
	])('HTTP %p is http_error with the status and the parsed error body', async (status, statusText, body) => {
		const { transport } = scripted({ ...json(status, body), statusText });
		const result = await sendPlan(plan({ name: 'orders', url: `${ORIGIN}/x` }), options(transport));
		expect(result).toEqual({ ok: false, error: { code: 'http_error', status, message: expect.stringContaining(`HTTP ${status}`), details: body } });
		if (statusText && !result.ok) expect(result.error.message).toContain(statusText);
	});

	test('an error with a text body carries the text; an empty one carries no details', async () => {
		const text = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(scripted({ status: 502, headers: { 'content-type': 'text/plain' }, body: 'upstream down' }).transport));
		expect(text).toMatchObject({ ok: false, error: { status: 502, details: 'upstream down' } });
		const empty = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(scripted({ status: 500, headers: {}, body: '' }).transport));
		expect(empty.ok === false && 'details' in empty.error).toBe(false);
	});

	test('the call is abandoned at the timeout when the server never answers', async () => {
		const transport: Transport = (request) =>
			new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
		const started = Date.now();
		const result = await sendPlan(plan({ name: 'slow', url: `${ORIGIN}/x`, timeoutSeconds: 1 }), options(transport));
		expect(result).toEqual({ ok: false, error: { code: 'timeout', message: expect.stringContaining('within 1 s') } });
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test('a body that drips past the deadline is abandoned too', async () => {
		async function* drip(signal: AbortSignal): AsyncGenerator<string> {
			yield '{"partial":';
			await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
			await new Promise(() => undefined);
		}
		const transport: Transport = async (request) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: drip(request.signal) });
		const result = await sendPlan(plan({ url: `${ORIGIN}/x`, timeoutSeconds: 1 }), options(transport));
		expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
	});

	test('an outside cancellation is a network_error', async () => {
		const controller = new AbortController();
		const transport: Transport = (request) =>
			new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
		setTimeout(() => controller.abort(), 10);
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { signal: controller.signal }));
		expect(result).toMatchObject({ ok: false, error: { code: 'network_error', message: expect.stringContaining('cancelled') } });
	});
});

describe('success', () => {
	test('the parsed body, status and (on request) lower-cased headers are returned', async () => {
		const { transport } = scripted(json(201, { id: 5 }, { 'X-Request-Id': 'r1', 'Set-Cookie': ['a=1', 'b=2'], 'Content-Length': 8 }));
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { includeHeaders: true }));
		expect(result).toEqual({
			ok: true,
			status: 201,
			data: { id: 5 },
			headers: { 'content-type': 'application/json', 'x-request-id': 'r1', 'set-cookie': 'a=1, b=2', 'content-length': '8' },
		});
		const without = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport));
		expect(without).toEqual({ ok: true, status: 201, data: { id: 5 } });
	});

	test('the request handed to the transport is the materialized one with a signal', async () => {
		const { transport, calls } = scripted(json(200, {}));
		await sendPlan(plan(withSecret), options(transport));
		expect(calls[0]).toEqual({
			method: 'POST',
			url: `${ORIGIN}/orders`,
			headers: { Authorization: SECRET, Accept: expect.any(String), 'Content-Type': 'application/json' },
			body: '{"note":"hi"}',
			signal: expect.any(AbortSignal),
		});
	});

	test('the response is read up to the byte cap, with a note', async () => {
		const { transport } = scripted({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(5000) });
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { maxResponseBytes: 1024 }));
		expect(result).toMatchObject({ ok: true, data: 'x'.repeat(1024), note: expect.stringContaining('1 KiB') });
	});

	test('keepFields and maxChars shape the data, with a note on truncation', async () => {
		const { transport } = scripted(json(200, { id: 1, name: 'n'.repeat(50), extra: 'drop' }));
		const kept = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { keepFields: ['id'] }));
		expect(kept).toEqual({ ok: true, status: 200, data: { id: 1 } });
		const cut = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport, { maxChars: 10 }));
		expect(cut).toMatchObject({ ok: true, data: '{"id":1,"n…', note: expect.stringContaining('truncated') });
	});

	test('a binary response is not passed on', async () => {
		const { transport } = scripted({ status: 200, headers: { 'content-type': 'image/png' }, body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) });
		const result = await sendPlan(plan({ url: `${ORIGIN}/x` }), options(transport));
		expect(result).toMatchObject({ ok: true, data: null, note: expect.stringContaining('binary') });
	});
});
