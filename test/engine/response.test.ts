import { Readable } from 'node:stream';

import { parseBody, readBody, type ResponseBody } from '../../engine';

const never = new AbortController().signal;
const bytes = (text: string) => new TextEncoder().encode(text);
const read = (data: string | Uint8Array, truncated = false) => ({ bytes: typeof data === 'string' ? bytes(data) : data, truncated });

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
	for (const part of parts) yield part;
}

describe('readBody', () => {
	test.each<[string, ResponseBody, string]>([
		['a string', 'hello', 'hello'],
		['bytes', bytes('héllo'), 'héllo'],
		['a stream of strings and bytes', chunks('he', bytes('l'), 'lo'), 'hello'],
		['a Node stream', Readable.from([Buffer.from('hel'), Buffer.from('lo')]), 'hello'],
	])('reads %s', async (_label, body, text) => {
		const result = await readBody(body, 1024, never);
		expect(new TextDecoder().decode(result.bytes)).toBe(text);
		expect(result.truncated).toBe(false);
	});

	test.each([null, undefined])('%p is an empty body', async (body) => {
		expect(await readBody(body, 10, never)).toEqual({ bytes: new Uint8Array(0), truncated: false });
	});

	test('a body of exactly the cap is not truncated', async () => {
		const result = await readBody(chunks('12345', '67890'), 10, never);
		expect(result).toEqual({ bytes: bytes('1234567890'), truncated: false });
	});

	test('a stream larger than the cap is cut at exactly the cap', async () => {
		const result = await readBody(chunks('1234', '5678', '90ab', 'cdef'), 10, never);
		expect(result.truncated).toBe(true);
		expect(result.bytes.length).toBe(10);
		expect(new TextDecoder().decode(result.bytes)).toBe('1234567890');
	});

	test('an in-memory body larger than the cap is cut at exactly the cap', async () => {
		const result = await readBody('x'.repeat(25), 7, never);
		expect(result).toEqual({ bytes: bytes('xxxxxxx'), truncated: true });
	});

	test('the rest of an endless stream is not read', async () => {
		let pulled = 0;
		async function* endless(): AsyncGenerator<Uint8Array> {
			for (;;) {
				pulled++;
				yield new Uint8Array(100);
			}
		}
		const result = await readBody(endless(), 250, never);
		expect(result.bytes.length).toBe(250);
		expect(result.truncated).toBe(true);
		expect(pulled).toBe(3);
	});

	test('a truncated stream with a socket behind it is destroyed', async () => {
		const stream = Readable.from(['aaaa', 'bbbb', 'cccc']);
		const destroy = jest.spyOn(stream, 'destroy');
		await readBody(stream, 6, never);
		expect(destroy).toHaveBeenCalled();
	});

	test('a stream aborted by the signal rejects with the signal reason', async () => {
		const controller = new AbortController();
		async function* drip(): AsyncGenerator<string> {
			yield 'first';
			await new Promise(() => undefined);
		}
		const reading = readBody(drip(), 1024, controller.signal);
		setTimeout(() => controller.abort(new Error('deadline')), 20);
		await expect(reading).rejects.toThrow('deadline');
	});

	test('an already-aborted signal rejects at once', async () => {
		const controller = new AbortController();
		controller.abort(new Error('gone'));
		await expect(readBody(chunks('a'), 10, controller.signal)).rejects.toThrow('gone');
	});
});

describe('parseBody', () => {
	test.each([1, 2, 3])('a cut %p bytes into a 4-byte character is still text, without the broken tail', (cut) => {
		const bytes = new TextEncoder().encode('order €5 🚚');
		const emoji = bytes.length - 4;
		const parsed = parseBody({ bytes: bytes.subarray(0, emoji + cut), truncated: true }, undefined, emoji + cut);
		expect(parsed.data).toBe('order €5 ');
		expect(parsed.note).toMatch(/larger than/);
	});

	test.each([
		['application/json', '{"a":1,"b":[true,null]}', { a: 1, b: [true, null] }],
		['application/json; charset=utf-8', '[1,2]', [1, 2]],
		['APPLICATION/JSON', '"text"', 'text'],
		['application/problem+json', '{"title":"Not found"}', { title: 'Not found' }],
		['application/vnd.api+json', '{"data":{}}', { data: {} }],
		['text/json', '42', 42],
		['application/json', '123', 123],
		[undefined, '{"guessed":true}', { guessed: true }],
		[undefined, '  [1]', [1]],
	])('%p %p is parsed as JSON', (type, text, data) => {
		expect(parseBody(read(text), type, 1024)).toEqual({ data });
	});

	test.each([
		['text/plain', '123', '123'],
		['text/plain', '{"a":1}', '{"a":1}'],
		['text/html; charset=utf-8', '<p>hi</p>', '<p>hi</p>'],
		['application/xml', '<a/>', '<a/>'],
		['text/csv', 'a,b\n1,2', 'a,b\n1,2'],
		[undefined, '123', '123'],
		[undefined, 'plain words', 'plain words'],
		[undefined, '{not json', '{not json'],
	])('%p %p stays text', (type, text, data) => {
		expect(parseBody(read(text), type, 1024)).toEqual({ data });
	});

	test('JSON that does not parse is passed as text with a note', () => {
		const parsed = parseBody(read('{"a":'), 'application/json', 1024);
		expect(parsed.data).toBe('{"a":');
		expect(parsed.note).toMatch(/did not parse as JSON/);
	});

	test('an empty body is null', () => {
		expect(parseBody(read(''), 'application/json', 1024)).toEqual({ data: null });
		expect(parseBody(read(new Uint8Array(0)), undefined, 1024)).toEqual({ data: null });
	});

	const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
	test.each<[string, Uint8Array, string | undefined]>([
		['PNG bytes as image/png', png, 'image/png'],
		['PNG bytes without a type', png, undefined],
		['clean text declared image/png', bytes('abc'), 'image/png'],
		['a PDF', bytes('%PDF-1.7'), 'application/pdf'],
		['octet-stream', bytes('abc'), 'application/octet-stream'],
		['NUL bytes without a type', bytes('ab\0cd'), undefined],
		['NUL bytes as an unknown type', bytes('ab\0cd'), 'application/x-thing'],
		['invalid UTF-8 without a type', new Uint8Array([0xff, 0xfe, 0xfd]), undefined],
	])('%s is binary: data null with a note', (_label, body, type) => {
		const parsed = parseBody(read(body), type, 1024);
		expect(parsed.data).toBeNull();
		expect(parsed.note).toMatch(/binary/);
		expect(parsed.note).toContain(`${body.length} bytes`);
	});

	test('a declared text type is decoded even with stray bytes', () => {
		const parsed = parseBody(read(new Uint8Array([0x61, 0xff, 0x62])), 'text/plain', 1024);
		expect(parsed.data).toBe('a\uFFFDb');
	});

	test('the charset is honoured', () => {
		const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
		expect(parseBody(read(latin1), 'text/plain; charset=iso-8859-1', 1024).data).toBe('café');
	});

	test('a truncated body is passed as text with a note naming the cap', () => {
		const parsed = parseBody(read('{"items":[1,2,3', true), 'application/json', 2048);
		expect(parsed.data).toBe('{"items":[1,2,3');
		expect(parsed.note).toMatch(/larger than 2 KiB/);
	});

	test('a truncated binary body says "or more"', () => {
		const parsed = parseBody(read(png, true), 'image/png', 16);
		expect(parsed.data).toBeNull();
		expect(parsed.note).toMatch(/16 bytes or more/);
	});

	test('readBody and parseBody together: an oversize stream is cut at the cap with a note', async () => {
		const body = await readBody(chunks('a'.repeat(600), 'b'.repeat(600)), 1024, never);
		const parsed = parseBody(body, 'text/plain', 1024);
		expect(parsed.data).toBe('a'.repeat(600) + 'b'.repeat(424));
		expect(parsed.note).toMatch(/larger than 1 KiB/);
	});
});
