import { ToolUnavailableError, checkRouting, executeWebhook, readAgentItem, type AgentItem, type Transport } from '../../engine';

function values(item: unknown, path?: string): Record<string, unknown> {
	const read = readAgentItem(item, path);
	if (!read.ok) throw new Error(read.error.message);
	return read.item.values;
}

describe('readAgentItem', () => {
	test.each<[string, unknown, string | undefined, Record<string, unknown>]>([
		['params when the item has them', { tool: 't', params: { order_id: 'A1' }, order_id: 'top' }, undefined, { order_id: 'A1' }],
		['the top level otherwise', { order_id: 'A1', email: 'a@b.c' }, undefined, { order_id: 'A1', email: 'a@b.c' }],
		['a JSON string in params', { params: '{"order_id":"A1","qty":2}' }, undefined, { order_id: 'A1', qty: 2 }],
		['null params as no values', { params: null, order_id: 'top' }, undefined, {}],
		['a dot path', { body: { message: { args: { order_id: 'A1' } } }, params: { x: 1 } }, 'body.message.args', { order_id: 'A1' }],
		['a JSON string at a dot path', { body: { arguments: '{"order_id":"A1"}' } }, 'body.arguments', { order_id: 'A1' }],
		['a path that leads nowhere as no values', { body: {} }, 'body.missing.deeper', {}],
		['a blank path as no path', { params: { a: 1 } }, '   ', { a: 1 }],
		['a path with spaces around it', { data: { a: 1 } }, ' data ', { a: 1 }],
		['a non-object item as no values', 'not an object', undefined, {}],
	])('reads %s', (_label, item, path, expected) => {
		expect(values(item, path)).toEqual(expected);
	});

	test.each<[string, unknown, string | undefined, RegExp]>([
		['bad JSON in params', { params: '{"order_id":', toolCallId: 'call_1' }, undefined, /"params" are text that is not valid JSON/],
		['bad JSON at a path', { body: { args: 'nope' } }, 'body.args', /"body.args" are text that is not valid JSON/],
		['a list in params', { params: [1, 2] }, undefined, /not an object/],
		['a JSON list string', { params: '[1,2]' }, undefined, /not an object/],
		['a number at a path', { body: { args: 5 } }, 'body.args', /not an object/],
	])('refuses %s as invalid_value', (_label, item, path, message) => {
		const read = readAgentItem(item, path);
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(read.error.code).toBe('invalid_value');
		expect(read.error.message).toMatch(message);
	});

	test('a refusal still carries the tool call id', () => {
		const read = readAgentItem({ params: '{bad', toolCallId: 'call_9' });
		expect(read.ok === false && read.tags.toolCallId).toBe('call_9');
	});

	test('tool call id, webhook and tool are carried', () => {
		expect(readAgentItem({ toolCallId: 'call_1', tool: 'lookup', webhook: 'Order Lookup', params: {} })).toEqual({
			ok: true,
			item: { values: {}, toolCallId: 'call_1', tool: 'lookup', webhook: 'Order Lookup' },
		});
	});

	test.each<[unknown, string | undefined]>([
		[42, '42'],
		['', undefined],
		[null, undefined],
		[{ id: 1 }, undefined],
	])('a tool call id %p becomes %p', (toolCallId, expected) => {
		const read = readAgentItem({ toolCallId });
		expect(read.ok && read.item.toolCallId).toBe(expected);
	});
});

describe('checkRouting', () => {
	const item = (extra: Partial<AgentItem>): AgentItem => ({ values: {}, ...extra });

	test('an item routed to another webhook is tool_unavailable', () => {
		const error = checkRouting(item({ tool: 'cancel_order', webhook: 'Cancel Order' }), 'Order Lookup');
		expect(error).toBeInstanceOf(ToolUnavailableError);
		expect(error?.code).toBe('tool_unavailable');
		expect(error?.message).toContain('cancel_order');
		expect(error?.message).toContain('Cancel Order');
		expect(error?.message).toContain('Order Lookup');
	});

	test.each<[string, Partial<AgentItem>]>([
		['routed to this node', { tool: 'lookup', webhook: 'Order Lookup' }],
		['not routed at all', {}],
		['with a webhook but no tool', { webhook: 'Other' }],
		['with a tool but no webhook', { tool: 'lookup' }],
	])('an item %s passes', (_label, extra) => {
		expect(checkRouting(item(extra), 'Order Lookup')).toBeUndefined();
	});
});

describe('executeWebhook: reading and routing', () => {
	const definition = {
		name: 'order_lookup',
		method: 'GET',
		url: 'https://api.example.com/orders/{order_id}',
		dynamicParams: [{ name: 'order_id', dataType: 'string', required: true }],
		path: [{ name: 'order_id', dataType: 'string', valueType: 'dynamic' }],
	};
	const okTransport: Transport = async (request) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: request.url }) });
	const options = (transport: Transport) => ({ transport, resolveSecrets: async () => new Map<string, string>(), nodeName: 'Order Lookup' });

	test('a misrouted item is refused before anything is sent, with its tool call id', async () => {
		const transport = jest.fn(okTransport);
		const result = await executeWebhook(definition, { toolCallId: 'c1', tool: 'cancel', webhook: 'Cancel Order', params: { order_id: 'A1' } }, options(transport));
		expect(result).toEqual({ ok: false, error: { code: 'tool_unavailable', message: expect.any(String) }, toolCallId: 'c1' });
		expect(transport).not.toHaveBeenCalled();
	});

	test('a correctly routed item is sent with its params', async () => {
		const result = await executeWebhook(definition, { toolCallId: 'c2', tool: 'lookup', webhook: 'Order Lookup', params: { order_id: 'A/1' } }, options(okTransport));
		expect(result).toEqual({ ok: true, status: 200, data: { url: 'https://api.example.com/orders/A%2F1' }, toolCallId: 'c2' });
	});

	test.each<[string, unknown, unknown, string]>([
		['bad JSON params', definition, { toolCallId: 'c3', params: '{' }, 'invalid_value'],
		['a missing required value', definition, { toolCallId: 'c3', params: {} }, 'missing_params'],
		['a broken definition', { ...definition, url: 'ftp://x' }, { toolCallId: 'c3', params: { order_id: 'A' } }, 'config_error'],
	])('%s gives a paired failure and sends nothing', async (_label, def, item, code) => {
		const transport = jest.fn(okTransport);
		const result = await executeWebhook(def, item, options(transport));
		expect(result).toMatchObject({ ok: false, error: { code }, toolCallId: 'c3' });
		expect(transport).not.toHaveBeenCalled();
	});
});
