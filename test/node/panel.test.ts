/**
 * What the panel shows, computed as n8n's editor computes it: the Dynamic Param picker's list (through
 * n8n-core's LoadOptionsContext, with the panel's parameters), the row titles (`itemTitle`, evaluated by
 * n8n-workflow's expression engine with `$collection`, over rows as saved) and the warnings whose
 * display conditions the editor evaluates over the node's parameters.
 */
import { Workflow, type IDataObject, type INode, type INodeParameters, type INodeProperties, type INodeType, type INodeTypes, type NodeHint } from 'n8n-workflow';

import { DEFINITION_NODE_TYPE, fields, loadOptions, loadPackage, params } from '../helpers/harness';
import { TOOL_TYPE } from '../tool/workflow';

const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';

async function nodeType(name: string): Promise<INodeType> {
	return (await loadPackage()).nodeTypes[name] as INodeType;
}

describe('the Dynamic Param picker of a field row', () => {
	const parameters: INodeParameters = {
		dynamicParams: params({ name: 'order_number', description: 'The order number' }, { name: 'qty', dataType: 'integer', required: false }),
		headers: fields({ name: 'X-Order' }),
	};
	const expected = [
		{ name: '(Same as Field Name)', value: '', description: 'The Dynamic Param "X-Order"' },
		{ name: 'order_number', value: 'order_number', description: 'String · required · The order number' },
		{ name: 'qty', value: 'qty', description: 'Integer · optional' },
	];

	it.each([
		[DEFINITION_NODE_TYPE, 2],
		[DEFINITION_NODE_TYPE, 1],
		[TOOL_TYPE, 1],
	])('%s (version %i) lists the node’s own Dynamic Params as the panel holds them, with their types', async (type, typeVersion) => {
		expect(await loadOptions('getDynamicParams', { nodeType: type, typeVersion, parameters, path: 'parameters.headers.field[0].dynamicParam' })).toEqual(expected);
	});

	it('lists a param as soon as the builder adds it, without a save', async () => {
		const added = { ...parameters, dynamicParams: params({ name: 'order_number' }, { name: 'qty', dataType: 'integer' }, { name: 'note' }) };
		const names = (await loadOptions('getDynamicParams', { nodeType: DEFINITION_NODE_TYPE, typeVersion: 2, parameters: added, path: 'parameters.headers.field[0].dynamicParam' })).map(
			(option) => option.name,
		);
		expect(names).toEqual(['(Same as Field Name)', 'order_number', 'qty', 'note']);
	});

	it('the editor reloads it when the row’s name or a param’s name or type changes', async () => {
		const row = (await nodeType(DEFINITION_NODE_TYPE)).description.properties.find((property) => property.name === 'headers')?.options?.[0] as { values: INodeProperties[] };
		const picker = row.values.find((value) => value.name === 'dynamicParam');
		expect(picker?.typeOptions?.loadOptionsDependsOn).toEqual(expect.arrayContaining(['&name', 'dynamicParams.param', 'dynamicParams.param[0].name', 'dynamicParams.param[0].dataType', 'dynamicParams.param[24].name']));
	});
});

/** A workflow the editor holds, with the package's node types (defaults filled as at run time). */
async function editorWorkflow(nodes: Array<Partial<INode> & Pick<INode, 'name' | 'type'>>): Promise<Workflow> {
	const { nodeTypes } = await loadPackage();
	const types: INodeTypes = {
		getByName: (name) => nodeTypes[name],
		getByNameAndVersion: (name) => nodeTypes[name] as INodeType,
		getKnownTypes: () => ({}) as IDataObject,
	};
	const full = nodes.map((node, index) => ({ id: `n${index}`, typeVersion: 2, position: [0, 0], parameters: {}, ...node })) as INode[];
	return new Workflow({ nodes: full, connections: {}, active: false, nodeTypes: types });
}

/** An `itemTitle` or a hint condition, evaluated as the editor does: in the node's context, `$collection` the row as saved. */
function evaluate(workflow: Workflow, node: string, expression: string, row?: INodeParameters, properties: INodeProperties[] = []): unknown {
	const additionalKeys = row === undefined ? {} : { $collection: { item: { value: row, index: 0, properties } } };
	return workflow.expression.getParameterValue(expression, null, 0, 0, node, [], 'manual', additionalKeys as IDataObject);
}

async function rowTitle(type: string, collection: string, row: INodeParameters, workflow?: Workflow, node = 'Node'): Promise<unknown> {
	const property = (await nodeType(type)).description.properties.find((candidate) => candidate.name === collection) as INodeProperties;
	const title = property.typeOptions?.fixedCollection?.itemTitle as string;
	return evaluate(workflow ?? (await editorWorkflow([{ name: node, type }])), node, title, row);
}

describe('row titles (n8n’s collapsible rows)', () => {
	it.each<[INodeParameters, string]>([
		[{ name: 'X-Api-Key', valueType: 'secret', secretName: 'Stripe API Key' }, 'X-Api-Key · Secret'],
		[{ name: 'X-Note', dynamicParam: 'note' }, 'X-Note · Dynamic: note'],
		[{ name: 'order_number' }, 'order_number · Dynamic'],
		[{ name: 'order_number', dynamicParam: 'order_number' }, 'order_number · Dynamic'],
		[{ name: 'amount', valueType: 'static', value: '5', dataType: 'integer' }, 'amount · Static'],
		[{}, '(no name) · Dynamic'],
	])('a field row %j reads "%s", on both nodes', async (row, title) => {
		for (const type of [DEFINITION_NODE_TYPE, TOOL_TYPE]) {
			for (const section of ['headers', 'queryParams', 'pathParams', 'body']) expect(await rowTitle(type, section, row)).toBe(title);
		}
	});

	it.each<[INodeParameters, string]>([
		[{ name: 'order_number' }, 'order_number · String'],
		[{ name: 'qty', dataType: 'integer', required: false }, 'qty · Integer · optional'],
		[{ name: 'vip', dataType: 'boolean', required: true }, 'vip · Boolean'],
	])('a Dynamic Params row %j reads "%s"', async (row, title) => {
		expect(await rowTitle(DEFINITION_NODE_TYPE, 'dynamicParams', row)).toBe(title);
	});

	describe('a Tools row names its tool and the node it is linked to, or says the link is broken', () => {
		const nodes = [
			{ name: 'Route', type: TOOL_CALL },
			{ name: 'Order Status', type: DEFINITION_NODE_TYPE, parameters: { webhookName: 'Order Status Lookup', method: 'GET', url: 'https://api.example.com/orders' } },
			{ name: 'Reply', type: TOOL_CALL, parameters: { operation: 'reply' } },
			{ name: `Ann's "Tickets"`, type: DEFINITION_NODE_TYPE, parameters: { webhookName: 'Tickets', method: 'POST', url: 'https://api.example.com/tickets' } },
		];
		it.each<[INodeParameters, string]>([
			[{ name: 'lookup_order', webhook: 'Order Status' }, 'lookup_order → Order Status'],
			// n8n writes a quote inside a referenced name with a backslash.
			[{ name: '', webhook: `={{ $('Ann\\'s "Tickets"').params.webhookName }}` }, `tickets → Ann's "Tickets"`],
			[{ name: 'ticket', webhook: `={{ $("Ann's \\"Tickets\\"").params.webhookName }}` }, `ticket → Ann's "Tickets"`],
			[{ name: '', webhook: "={{ $('Order Status').params.webhookName }}" }, 'order_status_lookup → Order Status'],
			[{ name: 'refund', webhook: 'Refunds' }, 'refund → BROKEN LINK: Refunds'],
			[{ name: 'refund', webhook: "={{ $('Refunds').params.webhookName }}" }, 'refund → BROKEN LINK: Refunds'],
			[{ name: 'reply', webhook: 'Reply' }, 'reply → BROKEN LINK: Reply'],
			[{ name: 'nothing' }, 'nothing → BROKEN LINK: (none)'],
		])('%j reads "%s"', async (row, title) => {
			expect(await rowTitle(TOOL_CALL, 'tools', row, await editorWorkflow(nodes), 'Route')).toBe(title);
		});
	});
});

async function hintShown(type: string, node: Partial<INode> & Pick<INode, 'name' | 'type'>, others: Array<Partial<INode> & Pick<INode, 'name' | 'type'>> = []): Promise<boolean> {
	const hints = (await nodeType(type)).description.hints as NodeHint[];
	expect(hints).toHaveLength(1);
	return evaluate(await editorWorkflow([node, ...others]), node.name, hints[0].displayCondition as string) === true;
}

describe('warnings the editor shows before any run', () => {
	const definition = { name: 'Order Status', type: DEFINITION_NODE_TYPE, parameters: { webhookName: 'Order Status', url: 'https://api.example.com/orders' } };
	const route = (rows: INodeParameters[], operation = 'route') => ({ name: 'Route', type: TOOL_CALL, parameters: { operation, tools: { tool: rows } } });

	it('Tool Call: shown when a Linked Webhook names no Definition node of the workflow, for the route only', async () => {
		expect(await hintShown(TOOL_CALL, route([{ name: 'a', webhook: 'Order Status' }, { name: 'b', webhook: "={{ $('Order Status').params.webhookName }}" }]), [definition])).toBe(false);
		expect(await hintShown(TOOL_CALL, route([{ name: 'a', webhook: 'Order Status' }, { name: 'b', webhook: 'Gone' }]), [definition])).toBe(true);
		expect(await hintShown(TOOL_CALL, route([{ name: 'b', webhook: 'Gone' }], 'reply'), [definition])).toBe(false);
		const quoted = { ...definition, name: `Ann's Orders` };
		expect(await hintShown(TOOL_CALL, route([{ name: 'a', webhook: `={{ $('Ann\\'s Orders').params.webhookName }}` }]), [quoted])).toBe(false);
		expect(await hintShown(TOOL_CALL, route([{ name: 'a', webhook: `={{ $('Ann\\'s Order').params.webhookName }}` }]), [quoted])).toBe(true);
	});

	const typedTwice = (typeVersion: number, fieldType: string) => ({
		name: 'Lookup',
		type: DEFINITION_NODE_TYPE,
		typeVersion,
		parameters: { url: 'https://api.example.com', dynamicParams: params({ name: 'qty', dataType: 'integer' }), queryParams: fields({ name: 'qty', dataType: fieldType as 'string' }) },
	});

	it('Definition version 1: shown when a Dynamic field’s Type differs from its param’s (the value is converted twice)', async () => {
		expect(await hintShown(DEFINITION_NODE_TYPE, typedTwice(1, 'string'))).toBe(true);
		expect(await hintShown(DEFINITION_NODE_TYPE, typedTwice(1, 'integer'))).toBe(false);
		expect(await hintShown(DEFINITION_NODE_TYPE, typedTwice(2, 'string'))).toBe(false);
	});
});
