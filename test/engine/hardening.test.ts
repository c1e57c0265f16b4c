/**
 * Issue 8, classes 2 to 5 at the engine level: never an uncaught error, values never silently altered,
 * framing headers refused, definitions that can never work refused when parsed.
 */
import {
	executeWebhook,
	materialize,
	parseDefinition,
	parseSecrets,
	planRequest,
	sendPlan,
	type ExecuteOptions,
	type Transport,
	type TransportRequest,
	type WebhookDefinitionInput,
} from '../../engine';
import { build, definition } from './helpers';

const ORIGIN = 'https://api.example.com';
const LONE = 'ab\ud800cd';

function recording(body: unknown = { ok: true }, contentType = 'application/json') {
	const calls: TransportRequest[] = [];
	const transport: Transport = async (request) => {
		calls.push(request);
		return { status: 200, headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) };
	};
	return { calls, transport };
}

function options(transport: Transport, extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
	return { transport, resolveSecrets: async (names) => new Map(names.map((name) => [name, 'secret-value-123456'])), ...extra };
}

const oneParam = (location: 'headers' | 'query' | 'path' | 'body', dataType: 'string' | 'number' | 'integer' = 'string'): WebhookDefinitionInput => ({
	name: 'probe',
	method: 'POST',
	url: `${ORIGIN}/x`,
	dynamicParams: [{ name: 'v', dataType, required: true }],
	[location]: [{ name: location === 'headers' ? 'X-V' : 'v', dataType, valueType: 'dynamic', dynamicParam: 'v' }],
});

describe('class 2: never an uncaught error', () => {
	test.each(['headers', 'query', 'path', 'body'] as const)('a lone surrogate in a %s value → invalid_value, nothing sent', async (location) => {
		const { calls, transport } = recording();
		const result = await executeWebhook(oneParam(location), { v: LONE }, options(transport));
		expect(result).toMatchObject({ ok: false, error: { code: 'invalid_value', message: expect.stringContaining('v') } });
		expect(calls).toHaveLength(0);
	});

	test('a lone surrogate in a static value → config_error', async () => {
		const { calls, transport } = recording();
		const input: WebhookDefinitionInput = { name: 'probe', method: 'GET', url: `${ORIGIN}/x`, path: [{ name: 'p', dataType: 'string', valueType: 'static', value: LONE }] };
		const result = await executeWebhook(input, {}, options(transport));
		expect(result).toMatchObject({ ok: false, error: { code: 'config_error' } });
		expect(calls).toHaveLength(0);
	});

	test('a lone surrogate in a secret → config_error naming the secret, nothing sent', async () => {
		const { calls, transport } = recording();
		const input: WebhookDefinitionInput = { name: 'probe', method: 'GET', url: `${ORIGIN}/x`, path: [{ name: 'p', dataType: 'string', valueType: 'secret', secretName: 'Key' }] };
		const result = await executeWebhook(input, {}, { transport, resolveSecrets: async () => new Map([['Key', `abcdefgh${LONE}`]]) });
		expect(result).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('"Key"') } });
		expect(calls).toHaveLength(0);
	});

	const deep = (levels: number) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;

	test.each([{}, { keepFields: ['a.a.a'] }, { maxChars: 50 }, { keepFields: ['a'], maxChars: 1000000 }])(
		'a response nested 5,000 levels deep (options %p) → an ok result with the data as text and a note',
		async (shape) => {
			const { transport } = recording(deep(5000));
			const result = await executeWebhook(oneParam('query'), { v: 'x' }, options(transport, shape));
			expect(result).toMatchObject({ ok: true, status: 200, note: expect.stringContaining('deeper than') });
			if (result.ok) expect(typeof result.data).toBe('string');
		},
	);

	test('a response 50 levels deep is passed on as data', async () => {
		const { transport } = recording(deep(50));
		const result = await executeWebhook(oneParam('query'), { v: 'x' }, options(transport));
		expect(result).toEqual({ ok: true, status: 200, data: JSON.parse(deep(50)) });
	});

	test('anything unexpected → internal_error, logged without values', async () => {
		const errors: unknown[][] = [];
		const logger = { error: (...args: unknown[]) => errors.push(args) };
		// Options no caller should pass (a field path that is not text) reach code that cannot handle them.
		const { transport } = recording({ echo: 'secret-value-123456' });
		const result = await executeWebhook(oneParam('query'), { v: 'x', toolCallId: 't-1' }, options(transport, { logger, keepFields: [42 as unknown as string] }));
		expect(result).toEqual({ ok: false, error: { code: 'internal_error', message: expect.any(String) }, toolCallId: 't-1' });
		expect(errors).toHaveLength(1);
		expect(JSON.stringify(errors)).not.toContain('secret-value-123456');

		const hostile = new Proxy({}, { get: () => { throw new Error('secret-value-123456'); }, has: () => { throw new Error('boom'); } });
		const fromItem = await executeWebhook(oneParam('query'), hostile, options(recording().transport, { logger }));
		expect(fromItem).toMatchObject({ ok: false, error: { code: 'internal_error' } });
		expect(JSON.stringify(fromItem)).not.toContain('secret-value-123456');
		expect(JSON.stringify(errors)).not.toContain('secret-value-123456');
	});
});

describe('class 3: values never silently altered', () => {
	test.each(['Łukasz', '山田', 'emoji 😀', 'line\u2028sep', 'bell\u0007', 'del\u007f', 'c1\u0085', ' leading', 'trailing\t', 'cr\rlf'])(
		'a header value %p that HTTP cannot carry as it is → invalid_value naming the param and the field, nothing sent',
		async (value) => {
			const { calls, transport } = recording();
			const result = await executeWebhook(oneParam('headers'), { v: value }, options(transport));
			expect(result).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
			if (!result.ok) {
				expect(result.error.message).toContain('X-V');
				expect(result.error.message).toContain('v');
			}
			expect(calls).toHaveLength(0);
		},
	);

	test('Latin-1 text and inner tabs are carried as they are', async () => {
		const { calls, transport } = recording();
		const result = await executeWebhook(oneParam('headers'), { v: 'Zoë Müller\tß ÿ' }, options(transport));
		expect(result.ok).toBe(true);
		expect(calls[0].headers['X-V']).toBe('Zoë Müller\tß ÿ');
	});

	test('a static header value HTTP cannot carry is a config_error naming the row', () => {
		const planned = planRequest(definition({ headers: [{ name: 'X-Name', dataType: 'string', valueType: 'static', value: 'Łukasz' }] }), {});
		expect(planned).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('X-Name') } });
	});

	test('a secret header value HTTP cannot carry is a config_error that does not quote it', () => {
		const planned = planRequest(definition({ headers: [{ name: 'X-Key', dataType: 'string', valueType: 'secret', secretName: 'K' }] }), {});
		if (!planned.ok) throw planned.error;
		const built = materialize(planned.plan, new Map([['K', 'Łukasz-secret-1']]));
		expect(built).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('X-Key') } });
		if (!built.ok) expect(built.error.message).not.toContain('Łukasz');
	});

	const numberCases: Array<[unknown, 'number' | 'integer', string]> = [
		['12345678901234567890.5', 'number', '12345678901234567890.5'],
		['0.1000000000000000055511151231257827', 'number', '0.1000000000000000055511151231257827'],
		[1e21, 'number', '1000000000000000000000'],
		[1e-7, 'number', '0.0000001'],
		['1.5e3', 'number', '1500'],
		['-2.5E-3', 'number', '-0.0025'],
		['+007.50', 'number', '7.50'],
		['.5', 'number', '0.5'],
		['5.', 'number', '5'],
		[' 42 ', 'integer', '42'],
		['1e3', 'integer', '1000'],
		['42.0', 'integer', '42'],
	];

	test.each(numberCases)('the number %p (%s) keeps its decimal text %p in path, query, header, form and JSON', (input, dataType, text) => {
		const input1 = (location: 'headers' | 'query' | 'path' | 'body') => oneParam(location, dataType);
		expect(build(input1('path'), { v: input }).url).toBe(`${ORIGIN}/x/${text}`);
		expect(build(input1('query'), { v: input }).url).toBe(`${ORIGIN}/x?v=${text}`);
		expect(build(input1('headers'), { v: input }).headers['X-V']).toBe(text);
		expect(build(input1('body'), { v: input }).body).toBe(`{"v":${text}}`);
		expect(build({ ...input1('body'), bodyContentType: 'form' }, { v: input }).body).toBe(`v=${text}`);
	});

	test('a JSON body with an exact number is still valid JSON with the number value', () => {
		const body = build(oneParam('body', 'number'), { v: '12345678901234567890' }).body ?? '';
		expect(body).toBe('{"v":12345678901234567890}');
		expect(JSON.parse(body)).toEqual({ v: 12345678901234567890 });
	});
});

describe('class 4: framing and routing headers', () => {
	const FRAMING = ['Host', 'host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Upgrade', 'Keep-Alive', 'Proxy-Authorization', 'Proxy-Connection', 'TE', 'Trailer'];
	test.each(FRAMING.flatMap((name) => (['dynamic', 'static', 'secret'] as const).map((valueType) => [name, valueType] as const)))(
		'%s as a %s header is refused when the definition is parsed, naming the row',
		(name, valueType) => {
			const parsed = parseDefinition({
				name: 'probe',
				method: 'GET',
				url: `${ORIGIN}/x`,
				dynamicParams: [{ name: 'v', dataType: 'string' }],
				headers: [{ name, dataType: 'string', valueType, dynamicParam: 'v', value: 'evil.example', secretName: 'Key' }],
			});
			expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining(`"${name}"`) } });
		},
	);
});

describe('class 5: definitions that can never work are refused when parsed', () => {
	const base = { name: 'probe', method: 'POST', url: `${ORIGIN}/orders` } as const;

	test('a {placeholder} with neither a Path Params row nor a Dynamic Param of that name', () => {
		const parsed = parseDefinition({ ...base, url: `${ORIGIN}/orders/{order_id}` });
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('{order_id}') } });
	});

	test('a {placeholder} with a Dynamic Param of that name and no Path Params row is filled by it', () => {
		const request = build({ ...base, url: `${ORIGIN}/orders/{order_id}`, dynamicParams: [{ name: 'order_id', dataType: 'string', required: true }] }, { order_id: 'A/1' });
		expect(request.url).toBe(`${ORIGIN}/orders/A%2F1`);
	});

	test('a body field that is both a value and a parent (a and a.b), even when one is optional', () => {
		const parsed = parseDefinition({
			...base,
			dynamicParams: [{ name: 'a', dataType: 'string' }, { name: 'b', dataType: 'string' }],
			body: [
				{ name: 'a', dataType: 'string', valueType: 'dynamic', dynamicParam: 'a' },
				{ name: 'a.b', dataType: 'string', valueType: 'dynamic', dynamicParam: 'b' },
			],
		});
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('"a.b"') } });
	});

	test.each(['http://user:pass@api.example.com/x', 'https://token@api.example.com/x', 'https://@api.example.com/x'])('a URL with user info: %s', (url) => {
		const parsed = parseDefinition({ ...base, url });
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('Secrets') } });
		if (!parsed.ok) expect(parsed.error.message).not.toMatch(/user:pass|token@|:\/\/@/);
	});

	test('a refused URL is never quoted with its user info', () => {
		const parsed = parseDefinition({ ...base, url: 'ftp://user:hunter2@files.example.com/x' });
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('http') } });
		if (!parsed.ok) expect(parsed.error.message).not.toContain('hunter2');
	});

	test.each([' Stripe Key', 'Stripe Key ', '\tStripe Key'])('a field row naming the secret %p (spaces around it)', (secretName) => {
		const parsed = parseDefinition({ ...base, headers: [{ name: 'X-Key', dataType: 'string', valueType: 'secret', secretName }] });
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('X-Key') } });
	});

	test.each([' Stripe Key', 'Stripe Key '])('a credential secret named %p (spaces around it)', (name) => {
		const parsed = parseSecrets(JSON.stringify({ [name]: 'sk_live_1234567890' }));
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining(`"${name}"`) } });
	});

	test('a secret shorter than 8 characters is refused at call time, naming it and never showing it', async () => {
		const { calls, transport } = recording();
		const planned = planRequest(definition({ headers: [{ name: 'X-Key', dataType: 'string', valueType: 'secret', secretName: 'Short' }] }), {});
		if (!planned.ok) throw planned.error;
		const result = await sendPlan(planned.plan, { transport, resolveSecrets: async () => new Map([['Short', 'k9x']]) });
		expect(result).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringContaining('"Short"') } });
		if (!result.ok) expect(result.error.message).not.toContain('k9x');
		expect(calls).toHaveLength(0);
	});

	test('a lone surrogate in the URL or a name is refused when parsed', () => {
		expect(parseDefinition({ ...base, url: `${ORIGIN}/x${LONE}` })).toMatchObject({ ok: false, error: { code: 'config_error' } });
		expect(parseDefinition({ ...base, description: LONE })).toMatchObject({ ok: false, error: { code: 'config_error' } });
	});
});
