import Ajv from 'ajv';

import {
	TOOL_NAME_PATTERN,
	toolNameFrom,
	mcpInputSchema,
	mcpTool,
	openAiFunctionTool,
	openAiStrictParameters,
	type DynamicParamDefinition,
} from '../../engine';

const params: DynamicParamDefinition[] = [
	{ name: 'order_id', dataType: 'string', description: 'The order number', required: true },
	{ name: 'quantity', dataType: 'integer', description: 'How many', required: true },
	{ name: 'price', dataType: 'number', description: '', required: false },
	{ name: 'gift', dataType: 'boolean', description: 'Wrap it as a gift', required: false },
];

const ajv = new Ajv({ strict: true, allowUnionTypes: true });

describe('mcpInputSchema', () => {
	const schema = mcpInputSchema(params);

	test('lists every param, only the required ones as required, none nullable', () => {
		expect(schema).toEqual({
			type: 'object',
			properties: {
				order_id: { type: 'string', description: 'The order number' },
				quantity: { type: 'integer', description: 'How many' },
				price: { type: 'number' },
				gift: { type: 'boolean', description: 'Wrap it as a gift' },
			},
			required: ['order_id', 'quantity'],
		});
		expect(JSON.stringify(schema)).not.toContain('null');
	});

	const validate = ajv.compile(schema);
	test.each<[string, Record<string, unknown>]>([
		['every param', { order_id: 'A1', quantity: 2, price: 9.5, gift: true }],
		['only the required ones', { order_id: 'A1', quantity: 2 }],
		['an extra property (MCP allows it)', { order_id: 'A1', quantity: 2, other: 1 }],
		['a whole number as a number', { order_id: 'A1', quantity: 2, price: 3 }],
	])('accepts %s', (_label, args) => {
		expect(validate(args)).toBe(true);
	});
	test.each<[string, Record<string, unknown>]>([
		['a missing required param', { order_id: 'A1' }],
		['a string for an integer', { order_id: 'A1', quantity: '2' }],
		['a fraction for an integer', { order_id: 'A1', quantity: 2.5 }],
		['a number for a string', { order_id: 1, quantity: 2 }],
		['a string for a boolean', { order_id: 'A1', quantity: 2, gift: 'yes' }],
		['null for an optional param', { order_id: 'A1', quantity: 2, price: null }],
	])('rejects %s', (_label, args) => {
		expect(validate(args)).toBe(false);
	});
});

describe('openAiStrictParameters', () => {
	const schema = openAiStrictParameters(params);

	test('every property required, optional ones nullable, no additional properties', () => {
		expect(schema).toEqual({
			type: 'object',
			properties: {
				order_id: { type: 'string', description: 'The order number' },
				quantity: { type: 'integer', description: 'How many' },
				price: { type: ['number', 'null'] },
				gift: { type: ['boolean', 'null'], description: 'Wrap it as a gift' },
			},
			required: ['order_id', 'quantity', 'price', 'gift'],
			additionalProperties: false,
		});
	});

	const validate = ajv.compile(schema);
	test.each<[string, Record<string, unknown>]>([
		['every param', { order_id: 'A1', quantity: 2, price: 9.5, gift: false }],
		['null for the optional ones', { order_id: 'A1', quantity: 2, price: null, gift: null }],
	])('accepts %s', (_label, args) => {
		expect(validate(args)).toBe(true);
	});
	test.each<[string, Record<string, unknown>]>([
		['an extra property', { order_id: 'A1', quantity: 2, price: null, gift: null, other: 1 }],
		['a missing optional key', { order_id: 'A1', quantity: 2, price: null }],
		['a missing required key', { quantity: 2, price: null, gift: null }],
		['null for a required param', { order_id: null, quantity: 2, price: null, gift: null }],
		['a wrong type', { order_id: 'A1', quantity: 'two', price: null, gift: null }],
		['a string for a nullable number', { order_id: 'A1', quantity: 2, price: '9', gift: null }],
	])('rejects %s', (_label, args) => {
		expect(validate(args)).toBe(false);
	});

	test('no params gives an empty closed object', () => {
		expect(openAiStrictParameters([])).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
		expect(mcpInputSchema([])).toEqual({ type: 'object', properties: {}, required: [] });
	});

	test('the two schemas are independent objects', () => {
		const strict = openAiStrictParameters(params);
		const mcp = mcpInputSchema(params);
		expect(strict.properties.price).not.toBe(mcp.properties.price);
		expect(mcp.properties.price.type).toBe('number');
	});
});

describe('tool wrappers', () => {
	test('an OpenAI function tool carries name, description and the strict schema', () => {
		expect(openAiFunctionTool('order_lookup', 'Look up an order by its number', params)).toEqual({
			type: 'function',
			function: { name: 'order_lookup', description: 'Look up an order by its number', parameters: openAiStrictParameters(params), strict: true },
		});
	});

	test('an MCP tool carries name, description and the input schema', () => {
		expect(mcpTool('order_lookup', 'Look up an order', params)).toEqual({
			name: 'order_lookup',
			description: 'Look up an order',
			inputSchema: mcpInputSchema(params),
		});
	});
});

describe('TOOL_NAME_PATTERN', () => {
	test.each(['a', 'order_lookup', 'Order-Lookup-2', '_', '-', 'x'.repeat(64), 'ABC123'])('accepts %p', (name) => {
		expect(TOOL_NAME_PATTERN.test(name)).toBe(true);
	});
	test.each(['', 'x'.repeat(65), 'order lookup', 'order.lookup', 'order/lookup', 'café', 'a:b', 'tool\n', 'a$'])('refuses %p', (name) => {
		expect(TOOL_NAME_PATTERN.test(name)).toBe(false);
	});
});

describe('toolNameFrom', () => {
	test.each([
		['Order Status', 'order_status'],
		['  Create  Ticket! ', 'create_ticket'],
		['CRM: update-contact', 'crm_update-contact'],
		['Bestellstatus (EU)', 'bestellstatus_eu'],
		['!!!', ''],
		['x'.repeat(80), 'x'.repeat(64)],
	])('%j → %j, which the tool name pattern accepts when not empty', (name, expected) => {
		expect(toolNameFrom(name)).toBe(expected);
		if (expected) expect(TOOL_NAME_PATTERN.test(expected)).toBe(true);
	});
});

