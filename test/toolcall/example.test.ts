/**
 * The Agent Tool Call examples in examples/, one per platform (TOOL_CALL_EXAMPLES): importable n8n
 * workflows built with version 2 of the package's nodes, the panel a builder gets today. Their
 * structure is checked against the package's own rules and the editor's display rules (every parameter
 * the panel shows is set in the file, so a later node version's new defaults cannot change them), their
 * sticky notes against the workflow they describe, and each answers its platform's call when run
 * through n8n-core (package from dist/, n8n's built-in node types replaced by the test stand-ins of
 * ./stand-ins) against a local server standing in for the demo API, also after its webhook nodes are
 * renamed. The e2e suite runs them in real n8n.
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
import { SAME_AS_REQUEST } from '../../nodes/RedFlareAgentToolCall/description';
import { resolveLinks } from '../../nodes/RedFlareAgentToolCall/links';
import { quotedNodeName } from '../../nodes/RedFlareAgentToolCall/nodeReference';
import { definitionFromParameters } from '../../nodes/shared/definitionInput';
import { DEFINITION_VERSIONS, isLegacy } from '../../nodes/shared/versions';
import { TOOL_CALL_EXAMPLES } from '../e2e/examples';
import { loadPackage, renamed, runWorkflow } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';
import { STICKY_NOTE, coveredPairs, noteText } from '../helpers/canvas';
import { sentResponses, webhookRequest } from '../helpers/test-nodes';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
const DEMO_API = 'http://127.0.0.1:4010';
const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';
const DEFINITION = 'n8n-nodes-redflare.redFlareWebhookDefinition';
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

/** The node a Linked Webhook names: the examples link by expression, `={{ $('Order Status').params.webhookName }}`. */
function linkedNodeName(webhook: string): string {
	const name = quotedNodeName(webhook);
	if (name === undefined) throw new Error(`the Linked Webhook ${webhook} references no node`);
	return name;
}

/** The Dynamic field rows of a Definition node, every section. */
function dynamicFields(definitionNode: INode): IDataObject[] {
	return ['headers', 'queryParams', 'pathParams', 'body']
		.flatMap((section) => (definitionNode.parameters[section] as { field?: IDataObject[] } | undefined)?.field ?? [])
		.filter((field) => (field.valueType ?? 'dynamic') === 'dynamic');
}

/** The Dynamic Params rows of a Definition node. */
function dynamicParams(definitionNode: INode): Array<{ name: string; dataType: string; required: boolean }> {
	return (definitionNode.parameters.dynamicParams as { param?: Array<{ name: string; dataType: string; required: boolean }> }).param ?? [];
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

	test(`n8n's real node types for the plumbing and the notes, version 2 of this package's for the rest; routes ${format}, replies in the request's format`, async () => {
		expect(workflow.nodes.map((candidate) => `${candidate.type}@${candidate.typeVersion}`).sort()).toEqual(
			[
				'n8n-nodes-base.webhook@2',
				'n8n-nodes-base.merge@3.2',
				'n8n-nodes-base.respondToWebhook@1.1',
				`${TOOL_CALL}@2`,
				`${TOOL_CALL}@2`,
				`${DEFINITION}@2`,
				`${DEFINITION}@2`,
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
		// Same as Request answers in the format the route recognised (the runs below check the replies).
		expect(reply.parameters.replyFormat).toBe(SAME_AS_REQUEST);
		// Version 2 is the version n8n adds today: the panel the examples show is the one a builder gets.
		for (const candidate of [route, ...byType(DEFINITION)]) expect([candidate.name, candidate.typeVersion]).toEqual([candidate.name, (await descriptionOf(candidate)).defaultVersion]);
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

	test('each tool row links a Definition node by an expression that survives a rename, wired to exactly that tool output; the chain ends in Respond to Webhook', () => {
		const rows = toolRows(route);
		expect(rows.map((row) => row.name)).toEqual(['lookup_order', 'create_ticket']);
		const linked = rows.map((row) => linkedNodeName(row.webhook));
		expect(linked).toEqual(['Order Status', 'Create Ticket']);
		const fromRoute = edges(workflow).filter(([source]) => source === route.name);
		rows.forEach((row, output) => {
			// The form the panel's hint and the README give, which n8n rewrites when the node is renamed.
			expect(row.webhook).toBe(`={{ $('${linked[output]}').params.webhookName }}`);
			expect(node(workflow, linked[output]).type).toBe(DEFINITION);
			expect(fromRoute.filter(([, index]) => index === output).map(([, , target, input]) => [target, input])).toEqual([[linked[output], 0]]);
		});
		// Not Routed feeds the Merge; Tool List is left unconnected.
		expect(fromRoute.filter(([, index]) => index === rows.length).map(([, , target]) => target)).toEqual([merge.name]);
		expect(fromRoute.filter(([, index]) => index === rows.length + 1)).toEqual([]);
		// The chain after the webhooks: Definition → Merge → Reply → Respond.
		const next = (name: string) => edges(workflow).filter(([source]) => source === name).map(([, , target]) => target);
		expect(next(trigger.name)).toEqual([route.name]);
		for (const name of linked) expect(next(name)).toEqual([merge.name]);
		expect(next(merge.name)).toEqual([reply.name]);
		expect(next(reply.name)).toEqual([respond.name]);
	});

	const children = (nodes: INode[]): NodeTypeAndVersion[] =>
		nodes
			.filter((candidate) => candidate.type !== TOOL_CALL || candidate.parameters.operation !== 'route')
			.filter((candidate) => candidate.type !== 'n8n-nodes-base.webhook')
			.map((candidate) => ({ name: candidate.name, type: candidate.type, typeVersion: candidate.typeVersion, disabled: false, parameters: candidate.parameters }));

	test('the tool links resolve as the Tool Call node resolves them', () => {
		expect(resolveLinks(toolRows(route), children(workflow.nodes)).map((link) => [link.status, link.webhook])).toEqual([
			['ok', 'Order Status'],
			['ok', 'Create Ticket'],
		]);
	});

	test('renaming the webhook nodes in the editor keeps the links (n8n rewrites the expressions)', () => {
		const after = renamed(workflow, [
			['Order Status', 'Order Status (EU)'],
			['Create Ticket', 'Support Tickets'],
		]);
		const renamedRoute = after.nodes.find((candidate) => candidate.name === route.name) as INode;
		expect(toolRows(renamedRoute).map((row) => row.webhook)).toEqual([
			"={{ $('Order Status (EU)').params.webhookName }}",
			"={{ $('Support Tickets').params.webhookName }}",
		]);
		expect(resolveLinks(toolRows(renamedRoute), children(after.nodes)).map((link) => [link.status, link.webhook])).toEqual([
			['ok', 'Order Status (EU)'],
			['ok', 'Support Tickets'],
		]);
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
		// The {order_number} placeholder is filled by the Dynamic Param of its name: no Path Params row says it again.
		expect(lookup.ok && [lookup.definition.path, lookup.definition.dynamicParams.map((param) => [param.name, param.dataType, param.required])]).toEqual([[], [['order_number', 'string', true]]]);
		const ticket = parseDefinition(definitionFromParameters((name) => node(workflow, 'Create Ticket').parameters[name], isLegacy(DEFINITION_VERSIONS, node(workflow, 'Create Ticket').typeVersion)));
		if (!ticket.ok) throw new Error(ticket.error.message);
		expect([ticket.definition.method, ticket.definition.url, ticket.definition.bodyContentType]).toEqual(['POST', `${DEMO_API}/tickets`, 'json']);
		// The type each body field is sent as: a Dynamic field's is its param's (it has none of its own), a Static one's its own.
		const paramTypes = new Map(ticket.definition.dynamicParams.map((param) => [param.name, param.dataType]));
		expect(ticket.definition.body.map((field) => [field.name, field.valueType === 'dynamic' ? [field.dataType, paramTypes.get(field.dynamicParam || field.name)] : field.dataType])).toEqual([
			['customer.email', [undefined, 'string']],
			['priority', [undefined, 'integer']],
			['urgent', [undefined, 'boolean']],
			['channel', 'string'],
		]);
	});

	test("every parameter the editor shows on the package's nodes is set in the file, in every row too", async () => {
		for (const candidate of [...byType(TOOL_CALL), ...byType(DEFINITION)]) {
			expect([candidate.name, unsetParameters(candidate, await descriptionOf(candidate))]).toEqual([candidate.name, []]);
		}
	});

	test("each Dynamic field names one of the webhook's Dynamic Params and has no Data Type of its own; no Path Params row repeats a placeholder", () => {
		const dynamic = byType(DEFINITION).flatMap((definitionNode) => dynamicFields(definitionNode).map((field) => ({ definitionNode, field })));
		expect(dynamic.length).toBeGreaterThan(0);
		for (const { definitionNode, field } of dynamic) {
			const names = dynamicParams(definitionNode).map((param) => param.name);
			expect([definitionNode.name, field.name, names]).toEqual([definitionNode.name, field.name, expect.arrayContaining([String(field.dynamicParam || field.name)])]);
			// Version 2 shows no Type on a Dynamic row: one saved would be a value the panel cannot show.
			expect([definitionNode.name, field.name, 'dataType' in field]).toEqual([definitionNode.name, field.name, false]);
		}
		for (const definitionNode of byType(DEFINITION)) {
			const placeholders = [...String(definitionNode.parameters.url).matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
			const pathRows = (definitionNode.parameters.pathParams as { field?: IDataObject[] }).field ?? [];
			// Each placeholder is a required Dynamic Param of its name, and no row says the same again.
			for (const placeholder of placeholders) expect(dynamicParams(definitionNode).find((param) => param.name === placeholder)).toMatchObject({ required: true });
			expect(pathRows.filter((row) => placeholders.includes(String(row.name)) && (row.valueType ?? 'dynamic') === 'dynamic' && [row.name, '', undefined].includes(row.dynamicParam as string))).toEqual([]);
		}
	});

	test('the sticky notes name the Production URL path, the credential, the secret, the demo API and the tools', () => {
		const text = noteText(workflow.nodes);
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
		expect(coveredPairs(workflow.nodes)).toEqual([]);
	});

	test('no secret value is stored in the workflow', () => {
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(/sk_|secretValue|"vault"/);
	});
});

describe('each example answers its platform through n8n-core', () => {
	const SECRET = 'demo-key-8c1f';
	const ORDER = { order: 'A-1001', status: 'shipped', eta: '2026-12-02' };
	/** An order whose answer is far longer than a voice agent should read. */
	const LONG_ORDER = { order: 'A-2002', status: 'delivered', history: Array.from({ length: 400 }, (_, index) => ({ step: index, event: 'scanned at the depot' })) };
	let server: TestServer;

	beforeAll(async () => {
		blockNetwork();
		server = await startServer({ status: 404, body: { error: 'not found' } });
		server.route('/orders/A-1001', (request) => (request.headers['x-api-key'] === SECRET ? { body: ORDER } : { status: 401, body: { error: 'bad key' } }));
		server.route('/orders/A-2002', (request) => (request.headers['x-api-key'] === SECRET ? { body: LONG_ORDER } : { status: 401, body: { error: 'bad key' } }));
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

	async function answer(file: string, trigger: IDataObject, edit: (workflow: ExampleWorkflow) => ExampleWorkflow = (workflow) => workflow) {
		sentResponses.length = 0;
		const before = server.requests.length;
		const result = await runWorkflow(edit(example(file)), { credentials: { 'redflare-demo-secrets': { vault: JSON.stringify({ 'Demo API Key': SECRET }) } }, triggerItems: [trigger] });
		expect(result.error).toBeUndefined();
		expect(result.credentialReads.every((read) => read.id === 'redflare-demo-secrets')).toBe(true);
		expect(JSON.stringify(result.runData)).not.toContain(SECRET);
		return { result, sent: server.requests.slice(before), responses: sentResponses.map((response) => [response.statusCode, response.body]) };
	}

	/** The README's Vapi request: an order lookup and a ticket with the given priority, in one call. */
	const lookupAndTicket = (callId: string, priority: string | number) =>
		webhookRequest(
			{
				message: {
					type: 'tool-calls',
					call: { id: callId },
					toolCallList: [
						{ id: 'tc-1', type: 'function', function: { name: 'lookup_order', arguments: { order_number: 'A-1001' } } },
						{ id: 'tc-2', type: 'function', function: { name: 'create_ticket', arguments: { email: 'ada@example.com', priority } } },
					],
				},
			},
			'vapi/tools',
		);

	test("Vapi: the README's request gets one Vapi reply with both results", async () => {
		const request = lookupAndTicket('call-7', '2');
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

	test('Vapi: after the builder renames both webhook nodes, the same request still gets both results', async () => {
		const request = lookupAndTicket('call-8', 3);
		const rename = (workflow: ExampleWorkflow) =>
			renamed(workflow, [
				['Order Status', 'Order Lookup (EU)'],
				['Create Ticket', 'New Ticket'],
			]);
		const { result, sent, responses } = await answer('voice-agent-two-tools.json', request, rename);
		expect(result.executedNodes).toEqual(expect.arrayContaining(['Order Lookup (EU)', 'New Ticket']));
		expect(sent.map((recorded) => `${recorded.method} ${recorded.url}`).sort()).toEqual(['GET /orders/A-1001', 'POST /tickets']);
		expect(responses).toEqual([
			[
				200,
				{
					results: [
						{ toolCallId: 'tc-1', result: JSON.stringify(ORDER) },
						{ toolCallId: 'tc-2', result: '{"ticket":"T-1","priority":3}' },
					],
				},
			],
		]);
		expect(result.hintsOf('Route Tool Calls')).toEqual([]);
	});

	test('Vapi: a request whose only call is refused (missing argument) is still answered in the Vapi format, naming what is missing', async () => {
		const request = webhookRequest(
			{ message: { type: 'tool-calls', call: { id: 'call-9' }, toolCallList: [{ id: 'tc-9', type: 'function', function: { name: 'create_ticket', arguments: { priority: 2 } } }] } },
			'vapi/tools',
		);
		const { sent, responses } = await answer('voice-agent-two-tools.json', request);
		expect(sent).toEqual([]);
		expect(responses).toEqual([[200, { results: [{ toolCallId: 'tc-9', result: expect.stringMatching(/\bemail\b/) }] }]]);
	});

	test('Retell: a long answer reaches the agent cut at the default Max Response Size for Agent (4,000 characters), with a note', async () => {
		const whole = JSON.stringify(LONG_ORDER);
		expect(whole.length).toBeGreaterThan(10000);
		const trigger = webhookRequest({ name: 'lookup_order', call: { call_id: 'call_long' }, args: { order_number: 'A-2002' } }, 'retell/tools');
		const { sent, responses } = await answer('retell-custom-functions.json', trigger);
		expect(sent.map((recorded) => `${recorded.method} ${recorded.url}`)).toEqual(['GET /orders/A-2002']);
		expect(responses).toEqual([
			[200, { ok: true, status: 200, data: `${whole.slice(0, 4000)}…`, note: `The response was truncated: showing the first 4000 of ${whole.length} characters.` }],
		]);
	});

	test('Describe Tools Instead of Routing: one Tool List item, every tool linked, the OpenAI and MCP lists ready to register', async () => {
		const describe = (workflow: ExampleWorkflow) => {
			const route = workflow.nodes.find((candidate) => candidate.name === 'Route Tool Calls') as INode;
			route.parameters.describe = true;
			return workflow;
		};
		const { result, sent } = await answer('openai-chat-completions-tools.json', webhookRequest({}, 'openai/chat-completions'), describe);
		expect(sent).toEqual([]);
		const list = result.outputOf('Route Tool Calls', 3);
		expect(list).toHaveLength(1);
		const [item] = list as Array<{ tools: IDataObject[]; openai: Array<{ type: string; function: IDataObject }>; mcp: Array<{ name: string; inputSchema: IDataObject }> }>;
		expect(item.tools.map((tool) => [tool.tool, tool.webhook, tool.status, tool.method, tool.url])).toEqual([
			['lookup_order', 'Order Status', 'ok', 'GET', `${server.origin}/orders/{order_number}`],
			['create_ticket', 'Create Ticket', 'ok', 'POST', `${server.origin}/tickets`],
		]);
		expect(item.openai.map((tool) => [tool.type, tool.function.name, tool.function.strict])).toEqual([
			['function', 'lookup_order', true],
			['function', 'create_ticket', true],
		]);
		const ticketSchema = item.mcp.find((tool) => tool.name === 'create_ticket')?.inputSchema;
		expect(ticketSchema).toMatchObject({
			type: 'object',
			properties: { email: { type: 'string' }, priority: { type: 'integer' }, urgent: { type: 'boolean' } },
			required: ['email', 'priority'],
		});
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
