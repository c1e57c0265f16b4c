/**
 * Issue 8, class 1: a server may echo a secret in many forms. None of them, and no prefix of the
 * secret of at least half its length (and 4 characters), may reach the agent result.
 */
import { REDACTED, redactSecrets, sendPlan, type SendOptions, type TransportResponse } from '../../engine';
import { ECHO_FORMS, leakedForms, leaksInJson } from '../helpers/secret-forms';
import { plan } from './helpers';

// A slash, a plus, a space, a quote, an ampersand and a non-ASCII letter: every encoding differs.
const SECRET = 'sk_live/Qx+9 "kÉy"&Zr81';
const NUMERIC = '8817263545';

describe('redactSecrets: every echo form', () => {
	test.each(Object.keys(ECHO_FORMS))('%s', (form) => {
		const text = `before ${ECHO_FORMS[form](SECRET)} after`;
		const redacted = redactSecrets(text, [SECRET]);
		expect(leakedForms(redacted, SECRET)).toEqual([]);
		expect(redacted).toContain(REDACTED);
		expect(redacted.startsWith('before ')).toBe(true);
	});

	test('\\u escapes of an arbitrary subset of characters, either hex case, and surrogate pairs', () => {
		const secret = 'tok_😀_Wb7Lq2';
		const mixed = '\\u0074ok_\\uD83D\\ude00_W\\u0062\\u0037Lq2';
		expect(redactSecrets(`{"echo":"${mixed}"}`, [secret])).toBe(`{"echo":"${REDACTED}"}`);
		expect(redactSecrets(`x=\\u0073k_live/Qx+9 "kÉy"&Zr81`, [SECRET])).toBe(`x=${REDACTED}`);
	});

	test('escaped slashes as PHP and others write them', () => {
		expect(redactSecrets('{"key":"sk_live\\/Qx+9 \\"k\\u00c9y\\"&Zr81"}', [SECRET])).toBe(`{"key":"${REDACTED}"}`);
	});

	test('HTML entities: named, decimal and hex, with and without semicolons', () => {
		const echoed = 'sk_live&#47;Qx&#x2B;9&#32;&quot;k&Eacute;y&#34&amp;Zr81';
		expect(redactSecrets(`<p>${echoed}</p>`, ['sk_live/Qx+9 "kÉy"&Zr81'])).toBe(`<p>${REDACTED}</p>`);
	});

	test('percent-encoding in either case, and + for space', () => {
		expect(redactSecrets('q=sk_live%2fQx%2B9+%22k%c3%89y%22%26Zr81&n=1', [SECRET])).toBe(`q=${REDACTED}&n=1`);
	});

	test('base64 inside a larger blob at every byte alignment, padded and unpadded, base64url', () => {
		for (const before of ['', 'a', 'ab', 'abc:', 'user:']) {
			for (const after of ['', 'x', 'xy', ':end']) {
				const bytes = Buffer.from(`${before}${SECRET}${after}`);
				for (const encoded of [bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')]) {
					const redacted = redactSecrets(`Authorization: Basic ${encoded}!`, [SECRET]);
					expect(redacted).toContain(REDACTED);
					expect(leakedForms(redacted, SECRET)).toEqual([]);
					// Whole 4-character groups go: nothing decodes back to a piece of the secret.
					const rest = redacted.split(REDACTED).join(' ');
					expect(Buffer.from(rest.replace(/[^A-Za-z0-9+/_-]/g, ''), 'base64').toString('latin1')).not.toContain('live');
				}
			}
		}
	});

	test('a prefix of at least half the secret is redacted anywhere; a shorter one is left', () => {
		const half = SECRET.slice(0, Math.ceil(SECRET.length / 2));
		expect(redactSecrets(`cut: ${half}`, [SECRET])).toBe(`cut: ${REDACTED}`);
		expect(redactSecrets(`cut: ${SECRET.slice(0, half.length + 3)}…`, [SECRET])).toBe(`cut: ${REDACTED}…`);
		const short = SECRET.slice(0, half.length - 1);
		expect(redactSecrets(`cut: ${short}`, [SECRET])).toBe(`cut: ${short}`);
		expect(redactSecrets(`cut: ${encodeURIComponent(half)}`, [SECRET])).toBe(`cut: ${REDACTED}`);
	});

	test('a value shorter than a secret may be is redacted only where it stands whole, never through base64', () => {
		const base64Text = Buffer.from('abcdef').toString('base64');
		expect(redactSecrets(`${base64Text} ab cd`, ['ab'])).toBe(`${base64Text} ${REDACTED} cd`);
	});

	test('a numeric secret echoed as a JSON number in parsed data', () => {
		expect(redactSecrets({ pin: Number(NUMERIC), other: 42 }, [NUMERIC])).toEqual({ pin: REDACTED, other: 42 });
	});

	test('a 5,000-deep value does not overflow the stack', () => {
		let deep: unknown = SECRET;
		for (let level = 0; level < 5000; level++) deep = level % 2 ? [deep] : { a: deep };
		let redacted: unknown;
		expect(() => (redacted = redactSecrets(deep, [SECRET]))).not.toThrow();
		let inner = redacted;
		for (let level = 4999; level >= 0; level--) inner = level % 2 ? (inner as unknown[])[0] : (inner as { a: unknown }).a;
		expect(inner).toBe(REDACTED);
	});

	test('a 1 MiB body with escapes of every kind is redacted in well under a second', () => {
		const chunk = `{"k":"\\u0061&amp;%41+x",`;
		const body = `${chunk.repeat(Math.floor((1024 * 1024) / chunk.length))}"s":"${ECHO_FORMS.unicodeEscapesLower(SECRET)}"}`;
		const redacted = redactSecrets(body, [SECRET]);
		expect(leakedForms(redacted, SECRET)).toEqual([]);
	});
});

const ORIGIN = 'https://api.example.com';
const withSecret = plan({
	method: 'POST',
	url: `${ORIGIN}/echo`,
	headers: [{ name: 'X-Api-Key', dataType: 'string', valueType: 'secret', secretName: 'Key' }],
});

async function answer(response: Partial<TransportResponse>, extra: Partial<SendOptions> = {}, secret = SECRET) {
	return await sendPlan(withSecret, {
		transport: async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '', ...response }),
		resolveSecrets: async () => new Map([['Key', secret]]),
		...extra,
	});
}

describe('sendPlan: echoes in the response never reach the result', () => {
	test.each(Object.keys(ECHO_FORMS))('%s echo in a JSON string, text, headers and error details', async (form) => {
		const echoed = ECHO_FORMS[form](SECRET);
		const jsonBody = `{"echo":${JSON.stringify(echoed)}}`;
		for (const result of [
			await answer({ body: jsonBody }),
			await answer({ body: `echo: ${echoed}`, headers: { 'content-type': 'text/html' } }),
			await answer({ status: 401, body: jsonBody }),
			await answer({ body: '{}', headers: { 'x-echo': echoed } }, { includeHeaders: true }),
		]) {
			expect(leaksInJson(result, SECRET)).toEqual([]);
		}
	});

	test('a numeric secret echoed as a JSON number, precise or not', async () => {
		const pin = '12345678901234567890';
		const result = await answer({ body: `{"pin":${pin},"pin2":${NUMERIC}0,"n":[1,2.5e3]}` }, {}, pin);
		expect(result).toEqual({ ok: true, status: 200, data: { pin: REDACTED, pin2: Number(`${NUMERIC}0`), n: [1, 2500] } });
		const short = await answer({ body: `{"pin":${NUMERIC}}` }, {}, NUMERIC);
		expect(short).toEqual({ ok: true, status: 200, data: { pin: REDACTED } });
	});

	test('a long body cut by the byte cap in the middle of the secret', async () => {
		const body = `${'x'.repeat(100)}${SECRET}`;
		for (let cut = 100 + Math.ceil(SECRET.length / 2); cut <= body.length; cut++) {
			const result = await answer({ body, headers: { 'content-type': 'text/plain' } }, { maxResponseBytes: Buffer.byteLength(body.slice(0, cut)) });
			expect(leaksInJson(result, SECRET)).toEqual([]);
		}
	});

	test('a long answer cut by the agent size cap in the middle of the secret: redaction happens first', async () => {
		const whole = JSON.stringify({ token: REDACTED, a: 'x'.repeat(40) }).length;
		for (let max = 10; max < whole; max++) {
			const result = await answer({ body: JSON.stringify({ token: SECRET, a: 'x'.repeat(40) }) }, { maxChars: max });
			expect(leaksInJson(result, SECRET)).toEqual([]);
			expect(result).toMatchObject({ ok: true, note: expect.stringContaining('truncated') });
		}
	});
});
