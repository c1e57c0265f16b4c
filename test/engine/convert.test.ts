import { convertValue, decimalText, isAbsent, type DataType } from '../../engine';

type Good = [unknown, unknown];

const accepted: Record<DataType, Good[]> = {
	string: [
		['hello', 'hello'],
		['', ''],
		['  padded  ', '  padded  '],
		[42, '42'],
		[-1.5, '-1.5'],
		[0, '0'],
		[true, 'true'],
		[false, 'false'],
	],
	number: [
		[42, 42],
		[-3.25, -3.25],
		[0, 0],
		['42', 42],
		['  42  ', 42],
		['\t7\n', 7],
		['-0.5', -0.5],
		['+3', 3],
		['.5', 0.5],
		['5.', 5],
		['1e3', 1000],
		['2.5E-2', 0.025],
	],
	integer: [
		[42, 42],
		[-7, -7],
		['42', 42],
		[' 42 ', 42],
		['-12', -12],
		['42.0', 42],
		['1e3', 1000],
		[Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
		[String(Number.MIN_SAFE_INTEGER), Number.MIN_SAFE_INTEGER],
	],
	boolean: [
		[true, true],
		[false, false],
		['true', true],
		['TRUE', true],
		['True', true],
		['false', false],
		['FaLsE', false],
		['yes', true],
		['YES', true],
		['no', false],
		['No', false],
		['1', true],
		['0', false],
		[' yes ', true],
		[1, true],
		[0, false],
	],
};

const refused: Record<DataType, unknown[]> = {
	string: [{}, { a: 1 }, [], ['a'], null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
	number: [
		'',
		'   ',
		'NaN',
		'Infinity',
		'-Infinity',
		'12abc',
		'abc',
		'0x1A',
		'0b101',
		'0o17',
		'1,5',
		'1 2',
		'1e400',
		Number.NaN,
		Number.POSITIVE_INFINITY,
		Number.NEGATIVE_INFINITY,
		true,
		false,
		null,
		undefined,
		{},
		[],
		[1],
	],
	integer: [
		'42.5',
		42.5,
		'0.1',
		'',
		'NaN',
		'Infinity',
		'12abc',
		'0x10',
		Number.MAX_SAFE_INTEGER + 1,
		'9007199254740993',
		-(2 ** 53),
		1e21,
		Number.NaN,
		Number.POSITIVE_INFINITY,
		true,
		null,
		{},
		[],
	],
	boolean: ['', 'maybe', 'y', 'n', 'on', 'off', 'truee', '2', '-1', '1.0', 2, -1, 0.5, Number.NaN, null, undefined, {}, [], [true]],
};

describe('convertValue', () => {
	for (const dataType of Object.keys(accepted) as DataType[]) {
		describe(dataType, () => {
			test.each(accepted[dataType])('accepts %p as %p', (input, expected) => {
				const result = convertValue(input, dataType);
				expect(result).toEqual({ ok: true, value: expected, text: expect.any(String) });
				if (result.ok) expect(typeof result.value).toBe(typeof expected);
			});
			test.each(refused[dataType].map((value) => [value]))('refuses %p', (input) => {
				const result = convertValue(input, dataType);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.reason).toEqual(expect.any(String));
			});
		});
	}

	test('a refusal explains the value in words the agent understands', () => {
		const object = convertValue({ a: 1 }, 'string');
		expect(object).toEqual({ ok: false, reason: expect.stringContaining('object') });
		const list = convertValue([1, 2], 'number');
		expect(list).toEqual({ ok: false, reason: expect.stringContaining('list') });
		const text = convertValue('12abc', 'integer');
		expect(text).toEqual({ ok: false, reason: expect.stringContaining('"12abc"') });
	});

	test('a very long refused value is shortened in the reason', () => {
		const long = 'x'.repeat(500);
		const result = convertValue(long, 'number');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason.length).toBeLessThan(100);
	});
});

describe('the exact text a converted value is sent as', () => {
	test.each<[unknown, DataType, string]>([
		['hello', 'string', 'hello'],
		[1e21, 'string', '1000000000000000000000'],
		[true, 'string', 'true'],
		['12345678901234567890', 'number', '12345678901234567890'],
		['  -0.50 ', 'number', '-0.50'],
		['+3', 'number', '3'],
		['007', 'number', '7'],
		['.5', 'number', '0.5'],
		['5.', 'number', '5'],
		['1.5e3', 'number', '1500'],
		['1.50e1', 'number', '15.0'],
		['2.5E-2', 'number', '0.025'],
		['1e-400', 'number', `0.${'0'.repeat(399)}1`],
		[1e-7, 'number', '0.0000001'],
		[123456789012345680000, 'number', '123456789012345680000'],
		['42.0', 'integer', '42'],
		['1e3', 'integer', '1000'],
		['-0', 'integer', '0'],
		['YES', 'boolean', 'true'],
		[0, 'boolean', 'false'],
	])('%p as %s → %p', (input, dataType, text) => {
		expect(convertValue(input, dataType)).toMatchObject({ ok: true, text });
	});

	test('an exponent too large to write out is refused, not expanded', () => {
		expect(convertValue('1e-100000', 'number').ok).toBe(false);
		expect(decimalText('1e401')).toBeUndefined();
	});

	test.each(['ab\ud800', '\udc00x'])('text that is not well-formed (%p) is refused as a string', (escaped) => {
		const text = JSON.parse(`"${escaped}"`) as string;
		const result = convertValue(text, 'string');
		expect(result).toEqual({ ok: false, reason: expect.stringContaining('well-formed') });
		if (!result.ok) expect(result.reason).not.toMatch(/[\ud800-\udfff]/);
	});
});

describe('isAbsent', () => {
	test.each([
		[undefined, true],
		[null, true],
		['', true],
		[' ', false],
		[0, false],
		[false, false],
		['0', false],
		[[], false],
	])('%p → %p', (value, absent) => {
		expect(isAbsent(value)).toBe(absent);
	});
});
