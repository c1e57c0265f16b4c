import { REDACTED, redactSecrets } from '../../engine';

const SECRET = 'sk live/"key"+é&=?';

describe('redactSecrets: what the agent sees of a server that echoes the secret', () => {
	test.each([
		['raw', `token=${SECRET}`, `token=${REDACTED}`],
		['URL-encoded', `https://x.test/?key=${encodeURIComponent(SECRET)}`, `https://x.test/?key=${REDACTED}`],
		['form-encoded (+ for a space)', `key=${new URLSearchParams({ s: SECRET }).toString().slice(2)}`, `key=${REDACTED}`],
		['JSON-escaped', JSON.stringify({ key: SECRET }), `{"key":"${REDACTED}"}`],
		['HTML entities', `<p>${SECRET.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</p>`, `<p>${REDACTED}</p>`],
		// Base64 of "user:" + the secret: only the characters that carry "user:" alone stay.
		['in Basic credentials', `Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`, `Basic dXNl${REDACTED}`],
	])('%s: the echo is replaced by the marker, the text around it kept', (_form, echoed, seen) => {
		expect(redactSecrets(echoed, [SECRET])).toBe(seen);
	});

	// Found by the property test: the JSON reading pairs the server's backslash with the echo's first
	// character (`\t` of `tok_…`, `\\` before `\u0073`), so the secret starts one character late there.
	test.each([
		['\\u escapes, a "+" among them', 'sk_+ A"a-&==', (text: string) => [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
		['JSON-escaped', 'tok_">=a=<a 0', (text: string) => JSON.stringify(text).slice(1, -1)],
		['JSON inside JSON', 'tok_">=a=<a 0', (text: string) => JSON.stringify(JSON.stringify(text)).slice(3, -3)],
	])('%s, right after a backslash of the server\'s own: the echo and its half-length prefix are redacted', (_form, secret, encode) => {
		for (const echoed of [encode(secret), encode(secret.slice(0, Math.ceil(secret.length / 2))), `x&amp;${encode(secret)}`]) {
			const seen = redactSecrets(`\\${echoed}`, [secret]);
			expect(seen).toContain(REDACTED);
			expect(seen).not.toContain(encode(secret.slice(0, 4)));
		}
	});

	test('redacts inside nested objects, arrays and keys, leaving the rest', () => {
		const value = {
			ok: false,
			error: { message: `Bad key sk_123abc`, details: { echo: ['x', { auth: 'Bearer sk_123abc' }, 42] } },
			['sk_123abc']: 'key as a name',
			count: 3,
			flag: true,
			none: null,
		};
		expect(redactSecrets(value, ['sk_123abc'])).toEqual({
			ok: false,
			error: { message: `Bad key ${REDACTED}`, details: { echo: ['x', { auth: `Bearer ${REDACTED}` }, 42] } },
			[REDACTED]: 'key as a name',
			count: 3,
			flag: true,
			none: null,
		});
	});

	test('does not change its input', () => {
		const value = { a: ['sk_1'] };
		redactSecrets(value, ['sk_1']);
		expect(value).toEqual({ a: ['sk_1'] });
	});

	test('every occurrence of every secret is redacted', () => {
		expect(redactSecrets('a-s1-b-s2-c-s1', ['s1', 's2'])).toBe(`a-${REDACTED}-b-${REDACTED}-c-${REDACTED}`);
	});

	test('a longer secret containing a shorter one leaves no tail behind', () => {
		const result = redactSecrets('key=abcdef', ['abc', 'abcdef']);
		expect(result).toBe(`key=${REDACTED}`);
	});

	test('empty secrets are ignored', () => {
		expect(redactSecrets('nothing to hide', [''])).toBe('nothing to hide');
		expect(redactSecrets({ a: 'x' }, [])).toEqual({ a: 'x' });
		expect(redactSecrets('abc', ['', 'b'])).toBe(`a${REDACTED}c`);
	});

	test.each([42, true, null, undefined])('booleans, null, undefined and numbers without a secret are untouched: %p', (value) => {
		expect(redactSecrets(value, ['true', 'null', 'undefined', '4711'])).toBe(value);
	});

	test('a number whose digits hold a numeric secret is redacted (a server may echo a PIN as a number)', () => {
		expect(redactSecrets({ n: 1234, m: 77, s: 'pin 1234' }, ['1234'])).toEqual({ n: REDACTED, m: 77, s: `pin ${REDACTED}` });
	});

	test('accepts any iterable of secrets, such as map values', () => {
		const secrets = new Map([['A', 'alpha-secret'], ['B', 'beta-secret']]);
		expect(redactSecrets(['alpha-secret', 'beta-secret'], secrets.values())).toEqual([REDACTED, REDACTED]);
	});
});
