/**
 * Issue 8, proved with properties (fast-check) over the engine: every field location × data type ×
 * value type with hostile values, and hostile response bodies (arbitrary text with lone surrogates,
 * control characters and non-Latin-1; arbitrary JSON nested deep; arbitrary secrets of 8+ characters
 * echoed in every form). The engine never throws; what goes out is what was planned and nothing else;
 * what comes back holds no secret and no long prefix of one.
 */
import fc from 'fast-check';

import {
	DATA_TYPES,
	LOCATIONS,
	VALUE_TYPES,
	decimalText,
	executeWebhook,
	isFramingHeader,
	type AgentResult,
	type DataType,
	type FieldLocation,
	type Transport,
	type TransportRequest,
	type ValueType,
	type WebhookDefinitionInput,
} from '../../engine';
import { ECHO_FORMS, leaksInJson, minimalPrefixLength } from '../helpers/secret-forms';

const ORIGIN = 'https://api.example.com:8443';
const CODES = ['missing_params', 'invalid_value', 'timeout', 'http_error', 'network_error', 'tool_unavailable', 'config_error', 'internal_error'];

/** Any UTF-16 unit: lone surrogates, control characters, non-Latin-1 all included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const hostileText = fc.oneof(
	fc.string({ unit: anyUnit, maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.constantFrom('Łukasz', '山田', '😀', 'a\u2028b', ' padded ', 'a\r\nX-Evil: 1', '..', '.', 'a/b?c#d', 'x%2Fy', '\ud800', 'ab\udc00'),
);
const numeral = fc.oneof(
	fc.stringMatching(/^[+-]?\d{1,25}(\.\d{0,12})?([eE][+-]?\d{1,3})?$/),
	fc.stringMatching(/^\s?[+-]?\.\d{1,10}\s?$/),
	fc.double({ noNaN: false }),
	fc.integer(),
	fc.constantFrom(1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER + 2, -0),
);
// Values an agent would plausibly send (most calls should go out), and hostile ones.
const plausible = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][ -~\xa0-\xff]{0,12}[A-Za-z0-9]$/), numeral, fc.constantFrom('yes', 'no', 'TRUE', '0', true, false));
const anyValue = fc.oneof(
	{ weight: 5, arbitrary: plausible },
	{ weight: 2, arbitrary: hostileText },
	{ weight: 1, arbitrary: fc.constantFrom(null, undefined, '', {}, [], { a: 1 }, ['x']) },
);

interface Case {
	location: FieldLocation;
	dataType: DataType;
	valueType: ValueType;
	value: unknown;
	contentType: 'json' | 'form';
}

const fieldCase: fc.Arbitrary<Case> = fc.record({
	location: fc.constantFrom(...LOCATIONS),
	dataType: fc.constantFrom(...DATA_TYPES),
	valueType: fc.constantFrom(...VALUE_TYPES),
	value: anyValue,
	contentType: fc.constantFrom('json', 'form'),
});

const SECRET_NAME = 'Key';

function definitionOf(cases: Case[]): WebhookDefinitionInput {
	const sections: Record<FieldLocation, Array<Record<string, unknown>>> = { headers: [], query: [], path: [], body: [] };
	const dynamicParams: Array<{ name: string; dataType: DataType; required: boolean }> = [];
	cases.forEach((entry, index) => {
		const name = entry.location === 'headers' ? `X-F${index}` : `f${index}`;
		const field: Record<string, unknown> = { name, dataType: entry.dataType, valueType: entry.valueType };
		if (entry.valueType === 'dynamic') {
			field.dynamicParam = `p${index}`;
			dynamicParams.push({ name: `p${index}`, dataType: entry.dataType, required: index % 2 === 0 });
		} else if (entry.valueType === 'static') {
			field.value = typeof entry.value === 'string' || typeof entry.value === 'number' || typeof entry.value === 'boolean' ? entry.value : 'x';
		} else {
			field.secretName = `${SECRET_NAME}${index}`;
		}
		sections[entry.location].push(field);
	});
	return {
		name: 'probe',
		method: 'POST',
		url: `${ORIGIN}/base/fixed/tail`,
		dynamicParams,
		...sections,
		bodyContentType: cases[0]?.contentType ?? 'json',
	} as WebhookDefinitionInput;
}

function recording(answer: (request: TransportRequest) => { status?: number; headers?: Record<string, string>; body?: string } = () => ({})) {
	const calls: TransportRequest[] = [];
	const transport: Transport = async (request) => {
		calls.push(request);
		const reply = answer(request);
		return { status: reply.status ?? 200, headers: reply.headers ?? { 'content-type': 'application/json' }, body: reply.body ?? '{"ok":true}' };
	};
	return { calls, transport };
}

function isAgentResult(result: AgentResult): boolean {
	return result.ok ? typeof result.status === 'number' : CODES.includes(result.error.code) && typeof result.error.message === 'string';
}

describe('every field location × data type × value type, with hostile values', () => {
	test('the engine never throws, and what is sent is exactly what was planned: configured origin, no routing header, one segment per path value, exact header values', async () => {
		let sent = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(fieldCase, { minLength: 1, maxLength: 4 }), fc.oneof(fc.stringMatching(/^[A-Za-z0-9][ -~]{6,20}[A-Za-z0-9]$/), fc.stringMatching(/^\d{8,15}$/), fc.string({ unit: 'binary', minLength: 8, maxLength: 24 })), async (cases, secret) => {
				const input = definitionOf(cases);
				const values = Object.fromEntries(cases.map((entry, index) => [`p${index}`, entry.value]));
				const secrets = new Map(cases.map((_, index) => [`${SECRET_NAME}${index}`, secret]));
				const { calls, transport } = recording();
				const result = await executeWebhook(input, { params: values }, { transport, resolveSecrets: async () => secrets });
				expect(isAgentResult(result)).toBe(true);
				if (calls.length === 0) {
					expect(result.ok).toBe(false);
					return;
				}
				const [request] = calls;
				sent++;
				const url = new URL(request.url);
				expect(`${url.protocol}//${url.host}`).toBe(ORIGIN);
				expect(Object.keys(request.headers).filter(isFramingHeader)).toEqual([]);
				// Path: /base/fixed/tail then one segment per path field that was sent.
				const segments = url.pathname.split('/').slice(1);
				expect(segments.slice(0, 3)).toEqual(['base', 'fixed', 'tail']);
				for (const segment of segments.slice(3)) expect(() => decodeURIComponent(segment)).not.toThrow();
				expect(segments.length - 3).toBeLessThanOrEqual(cases.filter((entry) => entry.location === 'path').length);
				for (const [name, value] of Object.entries(request.headers)) {
					// Latin-1 without control characters or surrounding spaces: HTTP carries it unchanged.
					expect(value).toMatch(/^(?:[\x21-\x7e\xa0-\xff](?:[\t\x20-\x7e\xa0-\xff]*[\x21-\x7e\xa0-\xff])?)?$/);
					expect(name).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
				}
			}),
			{ numRuns: 400 },
		);
		expect(sent).toBeGreaterThan(40);
	});

	test('a number keeps its decimal text in every location; a value that is not a number is refused, never altered', async () => {
		await fc.assert(
			fc.asyncProperty(numeral, fc.constantFrom(...LOCATIONS), fc.constantFrom('json', 'form'), async (value, location, contentType) => {
				const name = location === 'headers' ? 'X-N' : 'n';
				const input = {
					name: 'numbers',
					method: 'POST',
					url: `${ORIGIN}/n`,
					dynamicParams: [{ name: 'n', dataType: 'number', required: true }],
					[location]: [{ name, dataType: 'number', valueType: 'dynamic', dynamicParam: 'n' }],
					bodyContentType: contentType,
				} as WebhookDefinitionInput;
				const { calls, transport } = recording();
				const result = await executeWebhook(input, { params: { n: value } }, { transport, resolveSecrets: async () => new Map() });
				const text = typeof value === 'number' ? (Number.isFinite(value) ? decimalText(String(value)) : undefined) : decimalText(value.trim());
				const finite = typeof value === 'number' ? Number.isFinite(value) : Number.isFinite(Number(value.trim()));
				if (text === undefined || !finite) {
					expect(result).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
					expect(calls).toHaveLength(0);
					return;
				}
				expect(text).not.toMatch(/e/i);
				const [request] = calls;
				const sent =
					location === 'headers'
						? request.headers['X-N']
						: location === 'query'
							? new URL(request.url).searchParams.get('n')
							: location === 'path'
								? decodeURIComponent(new URL(request.url).pathname.split('/')[2])
								: contentType === 'json'
									? /^\{"n":(.*)\}$/.exec(request.body ?? '')?.[1]
									: new URLSearchParams(request.body).get('n');
				expect(sent).toBe(text);
				if (location === 'body' && contentType === 'json') expect(JSON.parse(request.body ?? '')).toEqual({ n: Number(text) });
			}),
			{ numRuns: 400 },
		);
	});
});

// Secrets as real ones look, and arbitrary well-formed text.
const secretArb = fc.oneof(
	fc.stringMatching(/^(sk|pk|tok)_[A-Za-z0-9+/=_&"<>% -]{8,32}$/),
	fc.string({ unit: 'binary', minLength: 8, maxLength: 24 }),
	fc.stringMatching(/^\d{8,22}$/),
);
const surrounding = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: anyUnit, maxLength: 20 }), fc.constantFrom('', ' ', '"', '\\', '&', '%', '+', 'A', '='));

describe('what comes back never holds a secret', () => {
	test('a secret, or a prefix of at least half of it, echoed in any form, in any body, cut anywhere', async () => {
		await fc.assert(
			fc.asyncProperty(
				secretArb,
				fc.constantFrom(...Object.keys(ECHO_FORMS)),
				fc.nat(),
				surrounding,
				surrounding,
				fc.constantFrom('application/json', 'text/plain', 'text/html', ''),
				fc.record({ maxChars: fc.option(fc.integer({ min: 1, max: 200 })), maxResponseBytes: fc.option(fc.integer({ min: 1, max: 400 })), status: fc.constantFrom(200, 401, 500) }),
				async (secret, form, cut, before, after, contentType, shape) => {
					let length = minimalPrefixLength(secret) + (cut % (secret.length - minimalPrefixLength(secret) + 1));
					// A prefix is text: it does not end inside a surrogate pair.
					if (/[\ud800-\udbff]$/.test(secret.slice(0, length))) length++;
					const echoed = ECHO_FORMS[form](secret.slice(0, length));
					const bodies = [`${before}${echoed}${after}`, JSON.stringify({ echo: `${before}${echoed}${after}` }), `{"n":${/^\d+$/.test(secret) ? secret : 1}}`];
					for (const body of bodies) {
						const { transport } = recording(() => ({ status: shape.status, headers: { 'content-type': contentType, 'x-echo': echoed }, body }));
						const result = await executeWebhook(
							{ name: 'echo', method: 'GET', url: `${ORIGIN}/e`, headers: [{ name: 'X-Key', dataType: 'string', valueType: 'secret', secretName: 'K' }] },
							{},
							{ transport, resolveSecrets: async () => new Map([['K', secret]]), includeHeaders: true, maxChars: shape.maxChars ?? undefined, maxResponseBytes: shape.maxResponseBytes ?? undefined },
						);
						expect(isAgentResult(result)).toBe(true);
						expect(leaksInJson(result, secret)).toEqual([]);
					}
				},
			),
			{ numRuns: 400 },
		);
	});

	test('arbitrary JSON, nested up to thousands of levels deep, arbitrary text: always an agent result', async () => {
		const deepJson = fc.tuple(fc.integer({ min: 0, max: 6000 }), fc.constantFrom('{"a":', '[', '{"k":[')).map(([levels, open]) => {
			const close = open === '[' ? ']' : open === '{"a":' ? '}' : ']}';
			return `${open.repeat(levels)}"x"${close.repeat(levels)}`;
		});
		const body = fc.oneof(fc.json({ depthSize: 'large' }), deepJson, fc.string({ unit: anyUnit, maxLength: 200 }));
		await fc.assert(
			fc.asyncProperty(body, fc.constantFrom('application/json', 'text/plain', ''), fc.option(fc.constantFrom(['a'], ['a.a.a'], ['k'])), fc.option(fc.integer({ min: 0, max: 100 })), async (text, contentType, keepFields, maxChars) => {
				const { transport } = recording(() => ({ headers: { 'content-type': contentType }, body: text }));
				const result = await executeWebhook(
					{ name: 'any', method: 'GET', url: `${ORIGIN}/any`, headers: [{ name: 'X-Key', dataType: 'string', valueType: 'secret', secretName: 'K' }] },
					{},
					{ transport, resolveSecrets: async () => new Map([['K', 'sk_live_0123456789']]), keepFields: keepFields ? [...keepFields] : undefined, maxChars: maxChars ?? undefined },
				);
				expect(isAgentResult(result)).toBe(true);
				// What n8n stores is JSON: it must be writable, so no data is nested too deep for that.
				expect(() => JSON.stringify(result)).not.toThrow();
			}),
			{ numRuns: 300 },
		);
	});
});
