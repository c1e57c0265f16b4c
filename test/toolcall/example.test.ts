/**
 * The Agent Tool Call examples in examples/, one per platform (TOOL_CALL_EXAMPLES): importable n8n
 * workflows. Their structure is checked against the package's own rules and the editor's display rules
 * (every parameter the panel shows is set in the file, so a later node version's new defaults cannot
 * change them), their sticky notes against the workflow they describe, and each answers its platform's
 * call when run through n8n-core (package from dist/, n8n's built-in node types replaced by the test
 * stand-ins of ./stand-ins) against a local server standing in for the demo API. The e2e suite runs
 * them in real n8n.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	NodeHelpers,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeProperties,
	type INodePropertyCollection,
	type INodeTypeDescription,
	type NodeTypeAndVersion,
} from 'n8n-workflow';

import { parseDefinition } from '../../engine';
import { resolveLinks } from '../../nodes/RedFlareAgentToolCall/links';
import { definitionFromParameters } from '../../nodes/shared/definitionInput';
import { DEFINITION_VERSIONS, isLegacy } from '../../nodes/shared/versions';
import { TOOL_CALL_EXAMPLES } from '../e2e/examples';
import { loadPackage, runWorkflow } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';
import { sentResponses, webhookRequest } from '../helpers/test-nodes';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
const DEMO_API = 'http://127.0.0.1:4010';
const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';
const DEFINITION = 'n8n-nodes-redflare.redFlareWebhookDefinition';
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
const CREDENTIALS = { redFlareSecretsApi: { id: 'redflare-demo-secrets', name: 'RedFlare Demo Secrets' } };

interface ExampleWorkflow {
	name: string;
	nodes: Array<INode & { webhookId?: string }>;
	connections: IConnections;
	settings?: IDataObject;
}

const load = (file: string): ExampleWorkflow => JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;

/** Every main connection as [source, output, target, input]. */
function edges(workflow: ExampleWorkflow): Array<[string, number, string, number]> {
	return Object.entries(workflow.connections).flatMap(([source, types]) =>
		(types.main ?? []).flatMap((targets, output) => (targets ?? []).map((target): [string, number, string, number] => [source, output, target.node, target.index])),
	);
}

function node(workflow: ExampleWorkflow, name: string): INode {
	const found = workflow.nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no node "${name}"`);
	return found;
}

function toolRows(route: INode): Array<{ name: string; webhook: string }> {
	return ((route.parameters.tools as { tool?: Array<{ name: string; webhook: string }> }).tool ?? []).map((row) => ({ ...row }));
}

/** The description of a package node at the version the example uses. */
async function descriptionOf(candidate: INode): Promise<INodeTypeDescription> {
	const { nodeTypes } = await loadPackage();
	return NodeHelpers.getVersionedNodeType(nodeTypes[candidate.type], candidate.typeVersion).description;
}

/** Every parameter the editor shows for the node (rows of a fixed collection too) that the file leaves to its default. */
function unsetParameters(candidate: INode, description: INodeTypeDescription): string[] {
	const values = candidate.parameters;
	const unset: string[] = [];
	for (const property of description.properties) {
		if (property.type === 'notice' || !NodeHelpers.displayParameter(values, property, candidate, description)) continue;
		if (!(property.name in values)) {
			unset.push(property.name);
			continue;
		}
		if (property.type !== 'fixedCollection') continue;
		for (const option of (property.options ?? []) as INodePropertyCollection[]) {
			const rows = (values[property.name] as IDataObject)[option.name];
			const list = (Array.isArray(rows) ? rows : rows === undefined ? [] : [rows]) as IDataObject[];
			list.forEach((row, index) => {
				const path = `parameters.${property.name}.${option.name}[${index}]`;
				for (const value of option.values as INodeProperties[]) {
					if (NodeHelpers.displayParameterPath(values, value, path, candidate, description) && !(value.name in row)) unset.push(`${path}.${value.name}`);
				}
			});
		}
	}
	return unset;
}

interface Box {
	name: string;
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/** Where a node sits on the canvas: a sticky note's own size; any other node about 100 × 180 (a Route node with four outputs, and the name below it). */
function box(candidate: INode): Box {
	const [left, top] = candidate.position;
	const width = candidate.type === STICKY_NOTE ? Number(candidate.parameters.width) : 100;
	const height = candidate.type === STICKY_NOTE ? Number(candidate.parameters.height) : 180;
	return { name: candidate.name, left, top, right: left + width, bottom: top + height };
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('TOOL_CALL_EXAMPLES lists every example in examples/ that uses the Agent Tool Call node', () => {
	const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json') && load(file).nodes.some((candidate) => candidate.type === TOOL_CALL));
	expect(TOOL_CALL_EXAMPLES.map((example) => example.file).sort()).toEqual(files.sort());
});

describe.each(TOOL_CALL_EXAMPLES)('examples/$file ($platform): structure', ({ file, format, path }) => {
	const workflow = load(file);
	const byType = (type: string) => workflow.nodes.filter((candidate) => candidate.type === type);
	const route = byType(TOOL_CALL).find((candidate) => candidate.parameters.operation === 'route') as INode;
	const reply = byType(TOOL_CALL).find((candidate) => candidate.parameters.operation === 'reply') as INode;
	const [trigger] = byType('n8n-nodes-base.webhook');
	const [merge] = byType('n8n-nodes-base.merge');
	const [respond] = byType('n8n-nodes-base.respondToWebhook');
	const notes = byType(STICKY_NOTE);

	test('node names and ids are unique; every node has a type, version and position', () => {
		expect(new Set(workflow.nodes.map((candidate) => candidate.name)).size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((candidate) => candidate.id)).size).toBe(workflow.nodes.length);
		for (const candidate of workflow.nodes) {
			expect(candidate.id).toMatch(/^[0-9a-f-]{36}$/);
			expect(typeof candidate.typeVersion).toBe('number');
			expect(candidate.position).toHaveLength(2);
		}
		expect(workflow.settings?.executionOrder).toBe('v1');
	});

	test(`n8n's real node types for the plumbing and the notes, this package's for the rest; the ${format} formats both ways`, () => {
		expect(workflow.nodes.map((candidate) => `${candidate.type}@${candidate.typeVersion}`).sort()).toEqual(
			[
				'n8n-nodes-base.webhook@2',
				'n8n-nodes-base.merge@3.2',
				'n8n-nodes-base.respondToWebhook@1.1',
				`${TOOL_CALL}@1`,
				`${TOOL_CALL}@1`,
				`${DEFINITION}@1`,
				`${DEFINITION}@1`,
				`${STICKY_NOTE}@1`,
				`${STICKY_NOTE}@1`,
				`${STICKY_NOTE}@1`,
			].sort(),
		);
		expect(trigger.parameters).toMatchObject({ httpMethod: 'POST', path, responseMode: 'responseNode' });
		expect((trigger as { webhookId?: string }).webhookId).toMatch(/^[0-9a-f-]{36}$/);
		expect(merge.parameters).toMatchObject({ mode: 'append' });
		expect(respond.parameters.respondWith).toBe('firstIncomingItem');
		expect(route.parameters.payloadFormat).toBe(format);
		expect(reply.parameters.replyFormat).toBe(format);
	});

	test('every connection source and target exists, and targets an input the node has', () => {
		const names = new Set(workflow.nodes.map((candidate) => candidate.name));
		const inputs = (name: string) => (name === merge.name ? (merge.parameters.numberInputs as number) : node(workflow, name).type === 'n8n-nodes-base.webhook' ? 0 : 1);
		for (const source of Object.keys(workflow.connections)) expect(names).toContain(source);
		for (const [source, output, target, input] of edges(workflow)) {
			expect(names).toContain(target);
			expect(input).toBeLessThan(inputs(target));
			// Route has one output per tool row, then Not Routed, then Tool List; the others have one.
			expect(output).toBeLessThan(source === route.name ? toolRows(route).length + 2 : 1);
		}
		// Every Merge input is fed, each by exactly one output.
		const mergeInputs = edges(workflow)
			.filter(([, , target]) => target === merge.name)
			.map(([, , , input]) => input)
			.sort();
		expect(mergeInputs).toEqual(Array.from({ length: merge.parameters.numberInputs as number }, (_, index) => index));
	});

	test('each tool row links a Definition node wired to exactly that tool output; the chain ends in Respond to Webhook', () => {
		const rows = toolRows(route);
		expect(rows.map((row) => row.name)).toEqual(['lookup_order', 'create_ticket']);
		const fromRoute = edges(workflow).filter(([source]) => source === route.name);
		rows.forEach((row, output) => {
			expect(node(workflow, row.webhook).type).toBe(DEFINITION);
			expect(fromRoute.filter(([, index]) => index === output).map(([, , target, input]) => [target, input])).toEqual([[row.webhook, 0]]);
		});
		// Not Routed feeds the Merge; Tool List is left unconnected.
		expect(fromRoute.filter(([, index]) => index === rows.length).map(([, , target]) => target)).toEqual([merge.name]);
		expect(fromRoute.filter(([, index]) => index === rows.length + 1)).toEqual([]);
		// The chain after the webhooks: Definition → Merge → Reply → Respond.
		const next = (name: string) => edges(workflow).filter(([source]) => source === name).map(([, , target]) => target);
		expect(next(trigger.name)).toEqual([route.name]);
		for (const row of rows) expect(next(row.webhook)).toEqual([merge.name]);
		expect(next(merge.name)).toEqual([reply.name]);
		expect(next(reply.name)).toEqual([respond.name]);
	});

	test('the tool links resolve as the Tool Call node resolves them', () => {
		const children: NodeTypeAndVersion[] = workflow.nodes
			.filter((candidate) => candidate.name !== route.name && candidate.type !== 'n8n-nodes-base.webhook')
			.map((candidate) => ({ name: candidate.name, type: candidate.type, typeVersion: candidate.typeVersion, disabled: false, parameters: candidate.parameters }));
		expect(resolveLinks(toolRows(route), children).map((link) => link.status)).toEqual(['ok', 'ok']);
	});

	test('the Definition nodes are valid webhooks on the demo API, with the secret header and a typed JSON body', () => {
		for (const definitionNode of byType(DEFINITION)) {
			const parsed = parseDefinition(definitionFromParameters((name) => definitionNode.parameters[name], isLegacy(DEFINITION_VERSIONS, definitionNode.typeVersion)));
			if (!parsed.ok) throw new Error(`${definitionNode.name}: ${parsed.error.message}`);
			expect(parsed.definition.url.startsWith(`${DEMO_API}/`)).toBe(true);
			expect(parsed.definition.headers).toContainEqual(expect.objectContaining({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Demo API Key' }));
			expect(definitionNode.credentials).toEqual(CREDENTIALS);
		}
		const lookup = parseDefinition(definitionFromParameters((name) => node(workflow, 'Order Status').parameters[name], isLegacy(DEFINITION_VERSIONS, node(workflow, 'Order Status').typeVersion)));
		expect(lookup.ok && [lookup.definition.method, lookup.definition.url]).toEqual(['GET', `${DEMO_API}/orders/{order_number}`]);
		const ticket = parseDefinition(definitionFromParameters((name) => node(workflow, 'Create Ticket').parameters[name], isLegacy(DEFINITION_VERSIONS, node(workflow, 'Create Ticket').typeVersion)));
		if (!ticket.ok) throw new Error(ticket.error.message);
		expect([ticket.definition.method, ticket.definition.url, ticket.definition.bodyContentType]).toEqual(['POST', `${DEMO_API}/tickets`, 'json']);
		expect(ticket.definition.body.map((field) => [field.name, field.dataType])).toEqual([
			['customer.email', 'string'],
			['priority', 'integer'],
			['urgent', 'boolean'],
			['channel', 'string'],
		]);
	});

	test("every parameter the editor shows on the package's nodes is set in the file, in every row too", async () => {
		for (const candidate of [...byType(TOOL_CALL), ...byType(DEFINITION)]) {
			expect([candidate.name, unsetParameters(candidate, await descriptionOf(candidate))]).toEqual([candidate.name, []]);
		}
	});

	test("each Dynamic field names one of the webhook's Dynamic Params and has that param's Data Type", () => {
		for (const definitionNode of byType(DEFINITION)) {
			const params = new Map(((definitionNode.parameters.dynamicParams as { param: Array<{ name: string; dataType: string }> }).param ?? []).map((param) => [param.name, param.dataType]));
			const dynamicFields = ['headers', 'queryParams', 'pathParams', 'body']
				.flatMap((section) => ((definitionNode.parameters[section] as { field?: IDataObject[] } | undefined)?.field ?? []))
				.filter((field) => field.valueType === 'dynamic');
			expect(dynamicFields.length).toBeGreaterThan(0);
			for (const field of dynamicFields) expect([definitionNode.name, field.name, field.dataType]).toEqual([definitionNode.name, field.name, params.get(String(field.dynamicParam))]);
		}
	});

	test('the sticky notes name the Production URL path, the credential, the secret, the demo API and the tools', () => {
		const text = notes.map((note) => String(note.parameters.content)).join('\n');
		expect(text).toContain(`https://<your-n8n>/webhook/${path}`);
		expect(text).toContain('Production URL');
		expect(text).toContain('RedFlare Webhook Secrets API');
		for (const definitionNode of byType(DEFINITION)) {
			expect(text).toContain(`**${definitionNode.name}**`);
			for (const field of (definitionNode.parameters.headers as { field: IDataObject[] }).field) {
				if (field.valueType === 'secret') expect(text).toContain(`"${String(field.secretName)}"`);
			}
			expect(text).toContain(new URL(String(definitionNode.parameters.url).replace(/[{}]/g, '')).origin);
		}
		for (const row of toolRows(route)) expect(text).toContain(`\`${row.name}\``);
	});

	test('no sticky note covers a node or another note', () => {
		const boxes = workflow.nodes.map(box);
		const covered = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.name} / ${b.name}`));
		expect(covered).toEqual([]);
	});

	test('no secret value is stored in the workflow', () => {
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(/sk_|secretValue|"vault"/);
	});
});

describe('each example answers its platform through n8n-core', () => {
	const SECRET = 'demo-key-8c1f';
	const ORDER = { order: 'A-1001', status: 'shipped', eta: '2026-12-02' };
	let server: TestServer;

	beforeAll(async () => {
		blockNetwork();
		server = await startServer({ status: 404, body: { error: 'not found' } });
		server.route('/orders/A-1001', (request) => (request.headers['x-api-key'] === SECRET ? { body: ORDER } : { status: 401, body: { error: 'bad key' } }));
		server.route('/tickets', (request) => {
			const body = JSON.parse(request.text) as { priority: number };
			return request.headers['x-api-key'] === SECRET ? { status: 201, body: { ticket: 'T-1', priority: body.priority } } : { status: 401, body: {} };
		});
	});

	afterAll(async () => {
		await server.close();
		restoreNetwork();
	});

	/** The example with the demo API's origin replaced by the test server's; sticky notes are only drawn, never run. */
	function example(file: string): ExampleWorkflow {
		const workflow = load(file);
		workflow.nodes = workflow.nodes.filter((candidate) => candidate.type !== STICKY_NOTE);
		for (const candidate of workflow.nodes) {
			if (typeof candidate.parameters.url === 'string') candidate.parameters.url = candidate.parameters.url.replace(DEMO_API, server.origin);
		}
		return workflow;
	}

	async function answer(file: string, trigger: IDataObject) {
		sentResponses.length = 0;
		const before = server.requests.length;
		const result = await runWorkflow(example(file), { credentials: { 'redflare-demo-secrets': { vault: JSON.stringify({ 'Demo API Key': SECRET }) } }, triggerItems: [trigger] });
		expect(result.error).toBeUndefined();
		expect(result.credentialReads.every((read) => read.id === 'redflare-demo-secrets')).toBe(true);
		expect(JSON.stringify(result.runData)).not.toContain(SECRET);
		return { result, sent: server.requests.slice(before), responses: sentResponses.map((response) => [response.statusCode, response.body]) };
	}

	test("Vapi: the README's request gets one Vapi reply with both results", async () => {
		const request = webhookRequest(
			{
				message: {
					type: 'tool-calls',
					call: { id: 'call-7' },
					toolCallList: [
						{ id: 'tc-1', type: 'function', function: { name: 'lookup_order', arguments: { order_number: 'A-1001' } } },
						{ id: 'tc-2', type: 'function', function: { name: 'create_ticket', arguments: { email: 'ada@example.com', priority: '2' } } },
					],
				},
			},
			'vapi/tools',
		);
		const { result, sent, responses } = await answer('voice-agent-two-tools.json', request);
		expect(result.executedNodes).toEqual(expect.arrayContaining(['Vapi Tool Calls', 'Route Tool Calls', 'Order Status', 'Create Ticket', 'Merge Results', 'Reply to Vapi', 'Respond to Vapi']));
		const ticket = sent.find((recorded) => recorded.method === 'POST');
		expect(JSON.parse(ticket?.text ?? '')).toEqual({ customer: { email: 'ada@example.com' }, priority: 2, channel: 'voice' });
		const expected = {
			results: [
				{ toolCallId: 'tc-1', result: JSON.stringify(ORDER) },
				{ toolCallId: 'tc-2', result: '{"ticket":"T-1","priority":2}' },
			],
		};
		expect(result.outputOf('Reply to Vapi')).toEqual([expected]);
		expect(responses).toEqual([[200, expected]]);
	});

	test.each([
		['retell-custom-functions.json', webhookRequest({ name: 'lookup_order', call: { call_id: 'call_abc' }, args: { order_number: 'A-1001' } }, 'retell/tools'), { ok: true, status: 200, data: ORDER }],
		[
			'elevenlabs-server-tools.json',
			{ ...webhookRequest({ order_number: 'A-1001' }, 'elevenlabs/tools'), query: { tool: 'lookup_order' } },
			{ ok: true, status: 200, data: ORDER },
		],
		[
			'openai-chat-completions-tools.json',
			webhookRequest({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_number":"A-1001"}' } }] }, 'openai/chat-completions'),
			{ messages: [{ role: 'tool', tool_call_id: 'call_1', content: JSON.stringify(ORDER) }] },
		],
		[
			'openai-responses-tools.json',
			webhookRequest({ object: 'response', output: [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'lookup_order', arguments: '{"order_number":"A-1001"}', status: 'completed' }] }, 'openai/responses'),
			{ input: [{ type: 'function_call_output', call_id: 'call_1', output: JSON.stringify(ORDER) }] },
		],
		['redflare-tool-calls.json', webhookRequest({ tool: 'lookup_order', params: { order_number: 'A-1001' }, toolCallId: 'rf-1' }, 'redflare/tools'), { ok: true, status: 200, data: ORDER, toolCallId: 'rf-1' }],
	])('%s: an order lookup gets the reply its platform reads', async (file, trigger, expected) => {
		const { sent, responses } = await answer(file, trigger);
		expect(sent.map((recorded) => `${recorded.method} ${recorded.url}`)).toEqual(['GET /orders/A-1001']);
		expect(responses).toEqual([[200, expected]]);
	});
});
