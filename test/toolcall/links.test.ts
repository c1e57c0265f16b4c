/** resolveLinks / describeLink: each Tools row checked against the nodes downstream of the Tool Call node. */
import { applyAccessPatterns, type INodeParameters, type NodeTypeAndVersion } from 'n8n-workflow';

import { describeLink, isLinked, resolveLinks, toolList, type ToolLink, type ToolRow } from '../../nodes/RedFlareAgentToolCall/links';
import { quotedNodeName } from '../../nodes/RedFlareAgentToolCall/nodeReference';

const DEFINITION = 'n8n-nodes-redflare.redFlareWebhookDefinition';

const orderParameters: INodeParameters = {
	webhookName: 'Order Status',
	webhookDescription: 'Look up the status of an order by its number',
	method: 'GET',
	url: 'https://api.example.com/orders/{order_number}',
	dynamicParams: {
		param: [
			{ name: 'order_number', dataType: 'string', description: 'The order number, e.g. A-1001', required: true },
			{ name: 'include_items', dataType: 'boolean', description: 'Whether to list the items', required: false },
		],
	},
	pathParams: { field: [{ name: 'order_number', dataType: 'string', valueType: 'dynamic' }] },
};

function child(name: string, extra: Partial<NodeTypeAndVersion> = {}): NodeTypeAndVersion {
	return { name, type: DEFINITION, typeVersion: 1, disabled: false, parameters: orderParameters, ...extra };
}

/** 'ok', or why the link is broken. */
const reasonOf = (link: ToolLink) => (link.status === 'ok' ? 'ok' : link.reason);

function only(rows: ToolRow[], children: NodeTypeAndVersion[]) {
	const links = resolveLinks(rows, children);
	expect(links).toHaveLength(rows.length);
	return links;
}

describe('resolveLinks', () => {
	test('an ok link carries the webhook description, method, URL and Dynamic Params', () => {
		const [link] = only([{ name: 'lookup_order', webhook: 'Order Status' }], [child('Merge', { type: 'n8n-nodes-base.merge' }), child('Order Status')]);
		expect(link).toEqual({
			status: 'ok',
			output: 0,
			tool: 'lookup_order',
			webhook: 'Order Status',
			description: 'Look up the status of an order by its number',
			method: 'GET',
			url: 'https://api.example.com/orders/{order_number}',
			params: [
				{ name: 'order_number', dataType: 'string', description: 'The order number, e.g. A-1001', required: true },
				{ name: 'include_items', dataType: 'boolean', description: 'Whether to list the items', required: false },
			],
		});
		expect(isLinked(link)).toBe(true);
	});

	test('the output index is the row index, broken rows included', () => {
		const links = only(
			[
				{ name: 'bad name!', webhook: 'Order Status' },
				{ name: 'lookup_order', webhook: 'Order Status' },
			],
			[child('Order Status')],
		);
		expect(links.map((link) => [link.output, link.status === 'ok'])).toEqual([
			[0, false],
			[1, true],
		]);
	});

	test('one webhook may back several tools', () => {
		const links = only(
			[
				{ name: 'lookup_order', webhook: 'Order Status' },
				{ name: 'where_is_my_order', webhook: 'Order Status' },
			],
			[child('Order Status')],
		);
		expect(links.map(reasonOf)).toEqual(['ok', 'ok']);
	});

	test.each([
		['n8n-nodes-redflare.redFlareWebhookDefinition'],
		['CUSTOM.redFlareWebhookDefinition'],
		['@acme/n8n-nodes-redflare.redFlareWebhookDefinition'],
	])('the node type is matched by its suffix: %s is a Definition node', (type) => {
		expect(reasonOf(only([{ name: 'lookup_order', webhook: 'Order Status' }], [child('Order Status', { type })])[0])).toBe('ok');
	});

	test('missing downstream node', () => {
		const [link] = only([{ name: 'lookup_order', webhook: 'Order Lookup' }], [child('Order Status')]);
		expect(link).toEqual({ status: 'broken', reason: 'linked webhook "Order Lookup" is not a node downstream of this one', output: 0, tool: 'lookup_order', webhook: 'Order Lookup' });
		expect(isLinked(link)).toBe(false);
	});

	test('no linked webhook named', () => {
		expect(reasonOf(only([{ name: 'lookup_order', webhook: '' }], [child('Order Status')])[0])).toBe('no linked webhook');
	});

	test('disabled node', () => {
		expect(reasonOf(only([{ name: 'lookup_order', webhook: 'Order Status' }], [child('Order Status', { disabled: true })])[0])).toBe(
			'linked webhook "Order Status" is disabled',
		);
	});

	test.each([['n8n-nodes-base.httpRequest'], ['n8n-nodes-redflare.redFlareAgentToolCall'], ['n8n-nodes-base.redFlareWebhookDefinitionV2'], ['redFlareWebhookDefinition']])(
		'node of another type (%s)',
		(type) => {
			expect(reasonOf(only([{ name: 'lookup_order', webhook: 'Order Status' }], [child('Order Status', { type })])[0])).toBe(
				'linked node "Order Status" is not a RedFlare Webhook Definition node',
			);
		},
	);

	test('a row without a Tool Name takes the linked webhook\'s Name as its tool name', () => {
		const [link] = only([{ name: '', webhook: 'Order Status' }], [child('Order Status', { parameters: { ...orderParameters, webhookName: 'Order Status (EU)' } })]);
		expect(link.status).toBe('ok');
		expect(link.tool).toBe('order_status_eu');
		expect(describeLink(link, false)).toMatchObject({ tool: 'order_status_eu', openai: { function: { name: 'order_status_eu' } }, mcp: { name: 'order_status_eu' } });
	});

	test('a derived name that is empty or clashes with an earlier row is reported', () => {
		const [first, second] = only(
			[
				{ name: '', webhook: 'Order Status' },
				{ name: 'order_status', webhook: 'Order Status' },
			],
			[child('Order Status', { parameters: { ...orderParameters, webhookName: 'Order Status' } })],
		);
		expect(first.status).toBe('ok');
		expect(reasonOf(second)).toBe('duplicate tool name: an earlier row already uses it');
		expect(reasonOf(only([{ name: '', webhook: 'Order Status' }], [child('Order Status', { parameters: { ...orderParameters, webhookName: '!!!' } })])[0])).toBe(
			'invalid tool name: use 1 to 64 letters, digits, _ or -',
		);
	});

	test.each([['bad name!'], ['a'.repeat(65)], ['lookup order'], ['lookup.order']])('invalid tool name %j', (name) => {
		expect(reasonOf(only([{ name, webhook: 'Order Status' }], [child('Order Status')])[0])).toBe('invalid tool name: use 1 to 64 letters, digits, _ or -');
	});

	test('64 characters, digits, _ and - are a valid tool name', () => {
		expect(reasonOf(only([{ name: 'a'.repeat(60) + '_9-Z', webhook: 'Order Status' }], [child('Order Status')])[0])).toBe('ok');
	});

	test('duplicate tool name: the first row keeps it, later rows are broken', () => {
		const links = only(
			[
				{ name: 'lookup_order', webhook: 'Order Status' },
				{ name: 'lookup_order', webhook: 'Order Status' },
			],
			[child('Order Status')],
		);
		expect(links.map(reasonOf)).toEqual(['ok', 'duplicate tool name: an earlier row already uses it']);
	});

	test.each([
		['a name with a space', [{ name: 'order number', dataType: 'string' }]],
		['a repeated name', [{ name: 'id', dataType: 'string' }, { name: 'id', dataType: 'integer' }]],
		['an unknown data type', [{ name: 'id', dataType: 'date' }]],
		['an empty name', [{ name: '', dataType: 'string' }]],
	])('invalid Dynamic Params in the linked node (%s)', (_label, param) => {
		const [link] = only([{ name: 'lookup_order', webhook: 'Order Status' }], [child('Order Status', { parameters: { ...orderParameters, dynamicParams: { param } } })]);
		expect(reasonOf(link)).toMatch(/^linked webhook "Order Status" has invalid Dynamic Params: Dynamic Params/);
		expect(isLinked(link)).toBe(false);
	});
});

describe('describeLink', () => {
	test('an ok link: tool, description, method, URL, webhook, OpenAI strict and MCP schemas', () => {
		const [link] = resolveLinks([{ name: 'lookup_order', webhook: 'Order Status' }], [child('Order Status')]);
		expect(describeLink(link, false)).toEqual({
			tool: 'lookup_order',
			description: 'Look up the status of an order by its number',
			method: 'GET',
			url: 'https://api.example.com/orders/{order_number}',
			webhook: 'Order Status',
			status: 'ok',
			openai: {
				type: 'function',
				function: {
					name: 'lookup_order',
					description: 'Look up the status of an order by its number',
					strict: true,
					parameters: {
						type: 'object',
						properties: {
							order_number: { type: 'string', description: 'The order number, e.g. A-1001' },
							include_items: { type: ['boolean', 'null'], description: 'Whether to list the items' },
						},
						required: ['order_number', 'include_items'],
						additionalProperties: false,
					},
				},
			},
			mcp: {
				name: 'lookup_order',
				description: 'Look up the status of an order by its number',
				inputSchema: {
					type: 'object',
					properties: {
						order_number: { type: 'string', description: 'The order number, e.g. A-1001' },
						include_items: { type: 'boolean', description: 'Whether to list the items' },
					},
					required: ['order_number'],
				},
			},
		});
	});

	test('a broken link: tool, webhook, status and reason only, no schema to register', () => {
		const [link] = resolveLinks([{ name: 'lookup_order', webhook: 'Gone' }], [child('Order Status')]);
		expect(describeLink(link, false)).toEqual({ tool: 'lookup_order', webhook: 'Gone', status: 'broken', reason: 'linked webhook "Gone" is not a node downstream of this one' });
	});

	test('version 1 of the Tool Call node wrote the reason as the status', () => {
		const [link] = resolveLinks([{ name: 'lookup_order', webhook: 'Gone' }], [child('Order Status')]);
		expect(describeLink(link, true)).toEqual({ tool: 'lookup_order', webhook: 'Gone', status: 'linked webhook "Gone" is not a node downstream of this one' });
	});
});

describe('a Linked Webhook written as an expression that references the node (n8n rewrites it on a rename)', () => {
	test.each([
		["={{ $('Order Status').params.webhookName }}"],
		['={{ $("Order Status").params.webhookName }}'],
		['={{ $node["Order Status"].parameter.webhookName }}'],
		["={{ $('Order Status').params.webhookName + ' (EU)' }}"],
	])('%s links to "Order Status"', (webhook) => {
		const [link] = only([{ name: 'lookup_order', webhook }], [child('Merge', { type: 'n8n-nodes-base.merge' }), child('Order Status')]);
		expect(reasonOf(link)).toBe('ok');
		expect(link.webhook).toBe('Order Status');
	});

	test('a node whose name is a prefix of another does not steal the link ($node.Order vs $node.Order_Status)', () => {
		const [link] = only([{ name: 'lookup_order', webhook: '={{ $node.Order_Status.parameter.webhookName }}' }], [child('Order'), child('Order_Status')]);
		expect(link.webhook).toBe('Order_Status');
	});

	test('a rename to a name with quotes is matched as n8n escapes it', () => {
		const webhook = applyAccessPatterns("={{ $('Order').params.webhookName }}", 'Order', `Ann's "Orders"`);
		expect(webhook).toBe(`={{ $('Ann\\'s \\"Orders\\"').params.webhookName }}`);
		const [link] = only([{ name: 'lookup_order', webhook }], [child(`Ann's "Orders"`)]);
		expect(link.webhook).toBe(`Ann's "Orders"`);
		expect(reasonOf(link)).toBe('ok');
	});

	test('an expression that references no node downstream is broken, named after what it quotes', () => {
		expect(only([{ name: 'lookup_order', webhook: "={{ $('Order Lookup').params.webhookName }}" }], [child('Order Status')])[0]).toMatchObject({
			status: 'broken',
			webhook: 'Order Lookup',
			reason: 'linked webhook "Order Lookup" is not a node downstream of this one',
		});
		expect(quotedNodeName('={{ 1 + 1 }}')).toBeUndefined();
		// n8n escapes a quote inside the name it writes; the message names the node as the builder wrote it.
		expect(quotedNodeName(`={{ $('Ann\\'s Orders').params.webhookName }}`)).toBe(`Ann's Orders`);
		expect(quotedNodeName(`={{ $node["Say \\"hi\\""].parameter.webhookName }}`)).toBe('Say "hi"');
	});
});

describe('toolList: one item, beside the full list the lists to register', () => {
	test('a broken tool is listed with its reason, and left out of the OpenAI and MCP lists', () => {
		const links = resolveLinks(
			[
				{ name: 'lookup_order', webhook: 'Order Status' },
				{ name: 'refund', webhook: 'Refunds' },
			],
			[child('Order Status')],
		);
		const list = toolList(links);
		expect(list.tools).toEqual([describeLink(links[0], false), { tool: 'refund', webhook: 'Refunds', status: 'broken', reason: 'linked webhook "Refunds" is not a node downstream of this one' }]);
		expect(list.openai).toEqual([describeLink(links[0], false).openai]);
		expect(list.mcp).toEqual([describeLink(links[0], false).mcp]);
	});
});
