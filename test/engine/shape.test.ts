import { shapeData, type JsonValue } from '../../engine';

const order = {
	id: 7,
	status: 'shipped',
	customer: { name: 'Ann', email: 'ann@example.com', address: { city: 'Oslo', zip: '0150' } },
	items: [{ sku: 'A', qty: 1 }],
};

describe('shapeData: keepFields', () => {
	test.each<[string[], JsonValue]>([
		[['id'], { id: 7 }],
		[['id', 'status'], { id: 7, status: 'shipped' }],
		[['customer.name'], { customer: { name: 'Ann' } }],
		[['customer.address.city', 'id'], { customer: { address: { city: 'Oslo' } }, id: 7 }],
		[['customer.name', 'customer.email'], { customer: { name: 'Ann', email: 'ann@example.com' } }],
		[['customer'], { customer: order.customer }],
		[['items'], { items: [{ sku: 'A', qty: 1 }] }],
		[['missing', 'customer.missing'], {}],
		[[' id ', ''], { id: 7 }],
	])('keeps %p', (keepFields, expected) => {
		expect(shapeData(order, { keepFields })).toEqual({ data: expected });
	});

	test('an empty list keeps everything', () => {
		expect(shapeData(order, { keepFields: [] })).toEqual({ data: order });
		expect(shapeData(order, { keepFields: ['', '  '] })).toEqual({ data: order });
		expect(shapeData(order, {})).toEqual({ data: order });
	});

	test('enters lists at any depth and ignores paths that lead into a scalar', () => {
		const data = { order: { id: 'A-1', lines: [{ sku: 'X', qty: 2, price: 9 }, { sku: 'Y', qty: 1, price: 4 }] }, status: 'ok' };
		expect(shapeData(data, { keepFields: ['order.lines.sku', 'order.lines.qty', 'status.code'] }).data).toEqual({
			order: { lines: [{ sku: 'X', qty: 2 }, { sku: 'Y', qty: 1 }] },
		});
	});

	test('applies to each object of a top-level list', () => {
		const list: JsonValue = [
			{ id: 1, name: 'A', meta: { tag: 'x', secret: 's' } },
			{ id: 2, name: 'B', meta: { tag: 'y' } },
			{ name: 'C' },
		];
		expect(shapeData(list, { keepFields: ['id', 'meta.tag'] })).toEqual({
			data: [{ id: 1, meta: { tag: 'x' } }, { id: 2, meta: { tag: 'y' } }, {}],
		});
	});

	test.each<JsonValue>(['text', 42, true, null])('leaves a scalar %p as it is', (data) => {
		expect(shapeData(data, { keepFields: ['id'] })).toEqual({ data });
	});

	test('keeps falsy values that are present', () => {
		expect(shapeData({ a: 0, b: false, c: '', d: null, e: 1 }, { keepFields: ['a', 'b', 'c', 'd'] })).toEqual({
			data: { a: 0, b: false, c: '', d: null },
		});
	});

	test('does not change its input', () => {
		const copy = JSON.parse(JSON.stringify(order)) as JsonValue;
		shapeData(order, { keepFields: ['customer.name'], maxChars: 5 });
		expect(order).toEqual(copy);
	});
});

describe('shapeData: maxChars', () => {
	test('data longer than the cap is cut with a visible note', () => {
		const data = { text: 'x'.repeat(100) };
		const full = JSON.stringify(data);
		const shaped = shapeData(data, { maxChars: 20 });
		expect(shaped.data).toBe(`${full.slice(0, 20)}…`);
		expect(shaped.note).toBe(`The response was truncated: showing the first 20 of ${full.length} characters.`);
	});

	test('a string is cut as text, not as its JSON', () => {
		const shaped = shapeData('abcdefghij', { maxChars: 4 });
		expect(shaped).toEqual({ data: 'abcd…', note: expect.stringContaining('first 4 of 10') });
	});

	test('data exactly at the cap is untouched', () => {
		expect(shapeData('abcd', { maxChars: 4 })).toEqual({ data: 'abcd' });
		expect(shapeData([1, 2], { maxChars: 5 })).toEqual({ data: [1, 2] });
	});

	test.each([0, undefined, -5])('%p means no limit', (maxChars) => {
		const data = { text: 'y'.repeat(10_000) };
		expect(shapeData(data, { maxChars })).toEqual({ data });
	});

	test('null is never truncated', () => {
		expect(shapeData(null, { maxChars: 1 })).toEqual({ data: null });
	});

	test('fields are picked before the size is measured', () => {
		const data = { keep: 'ok', drop: 'z'.repeat(1000) };
		expect(shapeData(data, { keepFields: ['keep'], maxChars: 50 })).toEqual({ data: { keep: 'ok' } });
	});
});
