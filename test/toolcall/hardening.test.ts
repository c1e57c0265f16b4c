/**
 * Issue 8 in the Tool Call node: outside data never fails the execution (arguments nested thousands of
 * levels deep, results that cannot be formatted), and Describe Tools shows a linked webhook that can
 * never work, with the same problems its definition parse names.
 */
import type { IExecuteFunctions, INodeParameters, NodeTypeAndVersion } from 'n8n-workflow';

import { RedFlareAgentToolCall } from '../../nodes/RedFlareAgentToolCall/RedFlareAgentToolCall.node';
import { resolveLinks } from '../../nodes/RedFlareAgentToolCall/links';
import { DEFINITION_NODE_TYPE, fields, params, runWorkflow, type WorkflowJson } from '../helpers/harness';

const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';

const lookup: INodeParameters = {
	webhookName: 'Order Status',
	method: 'GET',
	url: 'https://api.example.com/orders/{order_number}',
	dynamicParams: params({ name: 'order_number', required: true }),
	pathParams: fields({ name: 'order_number' }),
};

function routeWorkflow(parameters: INodeParameters = {}): WorkflowJson {
	return {
		nodes: [
			{ name: 'Trigger', type: 'n8n-nodes-base.manualTrigger' },
			{
				name: 'Route',
				type: TOOL_CALL,
				parameters: { operation: 'route', tools: { tool: [{ name: 'lookup_order', webhook: 'Lookup' }] }, ...parameters },
			},
			{ name: 'Lookup', type: DEFINITION_NODE_TYPE, parameters: lookup },
		],
		connections: {
			Trigger: { main: [[{ node: 'Route', type: 'main', index: 0 }]] },
			Route: { main: [[{ node: 'Lookup', type: 'main', index: 0 }]] },
		},
	};
}

const deepText = (levels: number) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;

describe('never an uncaught error in the Tool Call node', () => {
	test('arguments nested 5,000 levels deep → invalid_value on Not Routed, the execution goes on', async () => {
		const payload = { tool: 'lookup_order', toolCallId: 't-deep', params: deepText(5000) };
		const result = await runWorkflow(routeWorkflow(), { triggerItems: [payload, { tool: 'lookup_order', toolCallId: 't-ok', params: { order_number: 'A-1' } }] });
		expect(result.error).toBeUndefined();
		expect(result.outputOf('Route', 1)).toEqual([
			expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid_value' }), toolCallId: 't-deep' }),
		]);
		expect(result.outputOf('Route', 0)).toEqual([expect.objectContaining({ toolCallId: 't-ok' })]);
	});

	test.each<[string, INodeParameters, string]>([
		['Describe Tools', { describe: "={{ $('Nowhere').item.json.describe }}" }, 'Describe Tools Instead of Routing'],
		['the ElevenLabs Tool Name', { payloadFormat: 'elevenlabs', elevenLabsTool: "={{ $('Nowhere').item.json.tool }}" }, 'ElevenLabs Tool Name'],
		['a Custom path', { payloadFormat: 'custom', customToolPath: "={{ $('Nowhere').item.json.path }}" }, 'Tool Name Path'],
	])('%s as an expression that fails → config_error naming it on Not Routed, nothing routed, the execution goes on', async (_label, parameters, label) => {
		const call = { tool: 'lookup_order', toolCallId: 't-1', params: { order_number: 'A-1' } };
		const result = await runWorkflow(routeWorkflow(parameters), { triggerItems: [call, { ...call, toolCallId: 't-2' }] });
		expect(result.error).toBeUndefined();
		expect(result.outputOf('Route', 0)).toEqual([]);
		expect(result.outputOf('Route', 1)).toEqual([0, 1].map(() => ({ ok: false, error: { code: 'config_error', message: expect.stringContaining(`"${label}" could not be read`) } })));
	});

	test('Reply: a result that cannot be written as text (5,000 levels deep) → an internal_error reply, logged without values', async () => {
		// n8n itself cannot copy such an item between nodes, so the node is called with the item in hand.
		let deep: unknown = 'secret-value-123456';
		for (let level = 0; level < 5000; level++) deep = { a: [deep] };
		const logged: unknown[][] = [];
		const parameters: Record<string, unknown> = { operation: 'reply', replyFormat: 'vapi' };
		const context = {
			getNode: () => ({ name: 'Reply', typeVersion: 1 }),
			getParentNodes: () => [],
			addExecutionHints: () => undefined,
			getNodeParameter: (name: string, _item: number, fallback: unknown) => parameters[name] ?? fallback,
			getInputData: () => [
				{ json: { ok: true, status: 200, data: deep, toolCallId: 't-1' } },
				{ json: { ok: true, status: 200, data: { fine: true }, toolCallId: 't-2' } },
			],
			logger: { error: (...args: unknown[]) => logged.push(args) },
		} as unknown as IExecuteFunctions;
		const [[reply]] = await new RedFlareAgentToolCall().execute.call(context);
		expect(reply.json).toEqual({ results: [{ toolCallId: 't-1', result: expect.stringMatching(/unexpected/i) }, { toolCallId: 't-2', result: '{"fine":true}' }] });
		expect(logged).toHaveLength(1);
		expect(JSON.stringify(logged)).not.toContain('secret-value-123456');
	});
});

describe('Describe Tools shows a linked webhook that can never work', () => {
	const child = (parameters: INodeParameters): NodeTypeAndVersion => ({ name: 'Lookup', type: DEFINITION_NODE_TYPE, typeVersion: 1, disabled: false, parameters });
	const status = (parameters: INodeParameters) => {
		const [link] = resolveLinks([{ name: 'lookup_order', webhook: 'Lookup' }], [child(parameters)]);
		return link.status === 'ok' ? 'ok' : link.reason;
	};

	test.each<[string, INodeParameters, string]>([
		['a placeholder nothing fills', { ...lookup, url: 'https://api.example.com/orders/{order_id}' }, '{order_id}'],
		['a URL with user info', { ...lookup, url: 'https://user:pw@api.example.com/orders/{order_number}' }, 'Secrets'],
		['a framing header', { ...lookup, headers: fields({ name: 'Host', valueType: 'static', value: 'evil.example' }) }, '"Host"'],
		['a body value that is also a parent', { ...lookup, method: 'POST', body: fields({ name: 'a', valueType: 'static', value: '1' }, { name: 'a.b', valueType: 'static', value: '2' }) }, '"a.b"'],
		['a secret name with spaces around it', { ...lookup, headers: fields({ name: 'X-Key', valueType: 'secret', secretName: 'Key ' }) }, 'X-Key'],
	])('%s', (_label, parameters, named) => {
		const shown = status(parameters);
		expect(shown).not.toBe('ok');
		expect(shown).toContain(named);
	});

	test('a webhook whose parameters hold expressions is not judged before they resolve', () => {
		expect(status({ ...lookup, url: '={{ $vars.base }}/orders/{order_id}' })).toBe('ok');
	});

	test('a webhook that works is ok', () => {
		expect(status(lookup)).toBe('ok');
	});
});
