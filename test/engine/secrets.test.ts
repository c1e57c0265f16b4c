import { ConfigError, parseSecrets, pickSecrets } from '../../engine';

function refused(input: unknown): string {
	const parsed = parseSecrets(input);
	expect(parsed.ok).toBe(false);
	if (parsed.ok) return '';
	expect(parsed.error).toBeInstanceOf(ConfigError);
	expect(parsed.error.code).toBe('config_error');
	return parsed.error.message;
}

describe('parseSecrets', () => {
	test('a JSON object of names and values', () => {
		const parsed = parseSecrets('{ "Stripe API Key": "sk_test_1", "CRM Token": "crm-2" }');
		expect(parsed.ok && [...parsed.secrets]).toEqual([
			['Stripe API Key', 'sk_test_1'],
			['CRM Token', 'crm-2'],
		]);
	});

	test('an object (already parsed) is accepted', () => {
		const parsed = parseSecrets({ A: 'a', B: 'b' });
		expect(parsed.ok && Object.fromEntries(parsed.secrets)).toEqual({ A: 'a', B: 'b' });
	});

	test('numbers and booleans are taken as text', () => {
		const parsed = parseSecrets('{"Pin": 1234, "Flag": true}');
		expect(parsed.ok && Object.fromEntries(parsed.secrets)).toEqual({ Pin: '1234', Flag: 'true' });
	});

	test.each(['', '   '])('empty text %p means no secrets', (input) => {
		const parsed = parseSecrets(input);
		expect(parsed.ok && parsed.secrets.size).toBe(0);
	});

	test('an empty object means no secrets', () => {
		const parsed = parseSecrets('{}');
		expect(parsed.ok && parsed.secrets.size).toBe(0);
	});

	test.each(['{', '{"a": "b",}', "{'a': 'b'}", 'not json', '{"a": sk_live}'])('invalid JSON %p is refused', (input) => {
		expect(refused(input)).toMatch(/not valid JSON/);
	});

	test('invalid JSON is refused without echoing the text (it holds the values)', () => {
		const message = refused('{"Key": "sk_live_topsecret",}');
		expect(message).not.toContain('sk_live_topsecret');
	});

	test.each([
		['{"Key": "a", "Key": "b"}', 'Key'],
		['{"Key": "a", "Other": "x", "Key": "b"}', 'Key'],
		['{"Key": "a", "K\\u0065y": "b"}', 'Key'],
		['{ "A" : "1" ,\n "A":"1"}', 'A'],
	])('duplicate names are refused: %p', (input, name) => {
		const message = refused(input);
		expect(message).toContain(`"${name}"`);
		expect(message).toMatch(/more than once/);
	});

	test('JSON.parse alone would keep the last duplicate silently', () => {
		expect(JSON.parse('{"Key": "a", "Key": "b"}')).toEqual({ Key: 'b' });
	});

	test('the same key inside nested or string content is not a duplicate name', () => {
		const parsed = parseSecrets('{"Key": "a \\"Key\\": b", "Other": "{\\"Key\\": 1}"}');
		expect(parsed.ok && Object.fromEntries(parsed.secrets)).toEqual({ Key: 'a "Key": b', Other: '{"Key": 1}' });
	});

	test.each(['{"": "x"}', '{"   ": "x"}'])('an empty name is refused: %p', (input) => {
		expect(refused(input)).toMatch(/empty name/);
	});

	test.each([
		['{"Key": {"nested": "x"}}', 'Key'],
		['{"Key": ["x"]}', 'Key'],
		['{"Key": null}', 'Key'],
	])('a value that is not text is refused: %p', (input, name) => {
		expect(refused(input)).toContain(`"${name}" must be text`);
	});

	test.each(['[]', '["a"]', '"text"', '42', 'null', 'true'])('JSON that is not an object is refused: %p', (input) => {
		expect(refused(input)).toMatch(/one JSON object/);
	});

	test.each([null, undefined, 42, ['a'], true])('input %p that is not text or an object is refused', (input) => {
		expect(refused(input)).toMatch(/one JSON object/);
	});

	test('an object value that is not text is refused, naming the secret only', () => {
		const message = refused({ Key: { value: 'sk_nested' } });
		expect(message).toContain('"Key"');
		expect(message).not.toContain('sk_nested');
	});
});

describe('pickSecrets', () => {
	const all = new Map([
		['Stripe API Key', 'sk_live_123'],
		['CRM Token', 'crm_456'],
	]);

	test('picks exactly the named secrets', () => {
		expect(pickSecrets(all, ['CRM Token'])).toEqual(new Map([['CRM Token', 'crm_456']]));
		expect(pickSecrets(all, [])).toEqual(new Map());
	});

	test('an unknown name is a config_error naming it, never a value', () => {
		const error = pickSecrets(all, ['Stripe API Key', 'Twilio Token']);
		if (!(error instanceof ConfigError)) throw new Error('expected a config_error');
		expect(error.code).toBe('config_error');
		expect(error.message).toContain('"Twilio Token"');
		expect(error.message).not.toContain('Stripe API Key');
		expect(error.message).not.toContain('sk_live_123');
		expect(error.message).not.toContain('crm_456');
	});

	test('every unknown name is listed', () => {
		expect(pickSecrets(all, ['A', 'B'])).toMatchObject({ code: 'config_error', message: expect.stringMatching(/"A", "B" are not in/) });
	});
});
