/**
 * configuredOutputs: one output per Tools row, then "Not Routed", then "Tool List"; one "Reply" output.
 * n8n evaluates the function's source as an expression, so the compiled source in dist/ is tested too:
 * it must not contain `}}` (that would end the expression) nor reference anything outside itself.
 * Run `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeType, type INodeTypes, type IDataObject } from 'n8n-workflow';

import { configuredOutputs } from '../../nodes/RedFlareAgentToolCall/description';

const DIST = join(__dirname, '..', '..', 'dist', 'nodes', 'RedFlareAgentToolCall');

function rows(...names: string[]): INodeParameters {
	return { operation: 'route', tools: { tool: names.map((name) => ({ name, webhook: `${name} webhook` })) } };
}

// Outputs are computed from the raw parameters: an expression is seen as written.
const byExpression: INodeParameters = {
	operation: 'route',
	tools: {
		tool: [
			{ name: '', webhook: "={{ $('Order Status').params.webhookName }}" },
			{ name: '', webhook: '={{ $node["Create Ticket"].parameter.webhookName }}' },
			{ name: '', webhook: '={{ "no node" }}' },
		],
	},
};

const twoTools = [
	{ type: 'main', displayName: 'lookup_order' },
	{ type: 'main', displayName: 'create_ticket' },
	{ type: 'main', displayName: 'Not Routed' },
	{ type: 'main', displayName: 'Tool List' },
];

describe('configuredOutputs (source)', () => {
	test('rows → outputs in order, then Not Routed, then Tool List', () => {
		expect(configuredOutputs(rows('lookup_order', 'create_ticket'))).toEqual(twoTools);
	});

	test('reordering the rows reorders the outputs', () => {
		expect(configuredOutputs(rows('create_ticket', 'lookup_order')).map((output) => output.displayName)).toEqual([
			'create_ticket',
			'lookup_order',
			'Not Routed',
			'Tool List',
		]);
	});

	test('a row without a name is labelled by its linked webhook, else by its position', () => {
		const parameters = { operation: 'route', tools: { tool: [{ name: 'lookup_order', webhook: 'Order Status' }, { name: '', webhook: 'Create Ticket' }, { name: '', webhook: '' }] } };
		expect(configuredOutputs(parameters).map((output) => output.displayName)).toEqual(['lookup_order', 'Create Ticket', 'Tool 3', 'Not Routed', 'Tool List']);
	});

	test('a Linked Webhook written as an expression is labelled with the node it references', () => {
		expect(configuredOutputs(byExpression).map((output) => output.displayName)).toEqual(['Order Status', 'Create Ticket', 'Tool 3', 'Not Routed', 'Tool List']);
	});

	test('no Tools rows (or no tools parameter) → Not Routed and Tool List only', () => {
		const expected = [
			{ type: 'main', displayName: 'Not Routed' },
			{ type: 'main', displayName: 'Tool List' },
		];
		expect(configuredOutputs({ operation: 'route', tools: {} })).toEqual(expected);
		expect(configuredOutputs({ operation: 'route' })).toEqual(expected);
		expect(configuredOutputs({})).toEqual(expected);
	});

	test('Reply to Agent → one output, whatever rows are left', () => {
		expect(configuredOutputs({ ...rows('lookup_order', 'create_ticket'), operation: 'reply' })).toEqual([{ type: 'main', displayName: 'Reply' }]);
	});
});

describe('configuredOutputs compiled in dist', () => {
	const descriptionPath = join(DIST, 'description.js');
	const nodePath = join(DIST, 'RedFlareAgentToolCall.node.js');

	beforeAll(() => {
		if (!existsSync(descriptionPath)) throw new Error('dist is missing: run `npm run build` first');
	});

	let source = '';
	let ToolCallNode: new () => INodeType;

	beforeAll(async () => {
		const compiled = (await import(descriptionPath)) as { configuredOutputs: (parameters: INodeParameters) => unknown };
		source = compiled.configuredOutputs.toString();
		({ RedFlareAgentToolCall: ToolCallNode } = (await import(nodePath)) as { RedFlareAgentToolCall: new () => INodeType });
	});

	const compiledSource = () => source;

	test('its source contains no "}}"', () => {
		expect(compiledSource()).not.toContain('}}');
	});

	test('its source stands alone: evaluated with nothing but $parameter it gives the same outputs', () => {
		const standalone = new Function('$parameter', 'return (' + compiledSource() + ')($parameter)') as (parameters: INodeParameters) => unknown;
		for (const parameters of [rows('lookup_order', 'create_ticket'), rows(), {}, { operation: 'reply' }, rows('a', '', 'c'), byExpression]) {
			expect(standalone(parameters)).toEqual(configuredOutputs(parameters));
		}
	});

	test('the node description embeds exactly that source as an n8n expression', () => {
		expect(new ToolCallNode().description.outputs).toBe(`={{(${compiledSource()})($parameter)}}`);
	});

	test("n8n's own expression engine computes the outputs from the node parameters", () => {
		const nodeType = new ToolCallNode();
		const nodeTypes: INodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}) as IDataObject,
		};
		const outputsFor = (parameters: INodeParameters) => {
			const node: INode = {
				id: 'tool-call',
				name: 'Tool Call',
				type: 'n8n-nodes-redflare.redFlareAgentToolCall',
				typeVersion: 1,
				position: [0, 0],
				parameters,
			};
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
			return NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Tool Call') as INode, nodeType.description);
		};
		const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
		try {
			expect(outputsFor(rows('lookup_order', 'create_ticket'))).toEqual(twoTools);
			expect(outputsFor({ operation: 'reply' })).toEqual([{ type: 'main', displayName: 'Reply' }]);
			expect(outputsFor({ operation: 'route' })).toEqual(twoTools.slice(2));
			expect(outputsFor(byExpression).map((output) => (output as { displayName: string }).displayName)).toEqual(['Order Status', 'Create Ticket', 'Tool 3', 'Not Routed', 'Tool List']);
			// getNodeOutputs swallows an evaluation failure with a warning and returns no outputs.
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
		}
	});
});
