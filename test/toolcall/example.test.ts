/**
 * examples/voice-agent-two-tools.json: an importable n8n workflow. Its structure is checked against the
 * package's own rules, then it is run through n8n-core (package from dist/, n8n's built-in node types
 * replaced by the test stand-ins of ./stand-ins) against a local server standing in for the demo API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, IDataObject, INode, INodeParameters, NodeTypeAndVersion } from 'n8n-workflow';

import { parseDefinition } from '../../engine';
import { resolveLinks } from '../../nodes/RedFlareAgentToolCall/links';
import { definitionFromParameters } from '../../nodes/shared/definitionInput';
import { DEFINITION_VERSIONS, isLegacy } from '../../nodes/shared/versions';
import { runWorkflow } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';
import { sentResponses, webhookRequest } from '../helpers/test-nodes';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'voice-agent-two-tools.json');
const DEMO_API = 'http://127.0.0.1:4010';
const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';
const DEFINITION = 'n8n-nodes-redflare.redFlareWebhookDefinition';

interface ExampleWorkflow {
	name: string;
	nodes: Array<INode & { webhookId?: string }>;
	connections: IConnections;
	settings?: IDataObject;
}

const load = (): ExampleWorkflow => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as ExampleWorkflow;

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

describe('examples/voice-agent-two-tools.json: structure', () => {
	const workflow = load();
	const byType = (type: string) => workflow.nodes.filter((candidate) => candidate.type === type);
	const route = byType(TOOL_CALL).find((candidate) => candidate.parameters.operation === 'route') as INode;
	const reply = byType(TOOL_CALL).find((candidate) => candidate.parameters.operation === 'reply') as INode;

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

	test("n8n's real node types for the plumbing, this package's types for the rest", () => {
		expect(workflow.nodes.map((candidate) => `${candidate.type}@${candidate.typeVersion}`).sort()).toEqual(
			[
				'n8n-nodes-base.webhook@2',
				'n8n-nodes-base.merge@3.2',
				'n8n-nodes-base.respondToWebhook@1.1',
				`${TOOL_CALL}@1`,
				`${TOOL_CALL}@1`,
				`${DEFINITION}@1`,
				`${DEFINITION}@1`,
			].sort(),
		);
		const [trigger] = byType('n8n-nodes-base.webhook');
		expect(trigger.parameters).toMatchObject({ httpMethod: 'POST', responseMode: 'responseNode' });
		expect(trigger.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		const [merge] = byType('n8n-nodes-base.merge');
		expect(merge.parameters).toMatchObject({ mode: 'append' });
		const [respond] = byType('n8n-nodes-base.respondToWebhook');
		expect(respond.parameters.respondWith).toBe('firstIncomingItem');
		expect(route.parameters.payloadFormat).toBe('vapi');
		expect(reply.parameters.replyFormat).toBe('vapi');
	});

	test('every connection source and target exists, and targets an input the node has', () => {
		const names = new Set(workflow.nodes.map((candidate) => candidate.name));
		const [merge] = byType('n8n-nodes-base.merge');
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

	test('each tool row links a Definition node wired to exactly that tool output', () => {
		const rows = toolRows(route);
		expect(rows.map((row) => row.name)).toEqual(['lookup_order', 'create_ticket']);
		const fromRoute = edges(workflow).filter(([source]) => source === route.name);
		rows.forEach((row, output) => {
			expect(node(workflow, row.webhook).type).toBe(DEFINITION);
			expect(fromRoute.filter(([, index]) => index === output).map(([, , target, input]) => [target, input])).toEqual([[row.webhook, 0]]);
		});
		// Not Routed feeds the Merge; Tool List is left unconnected.
		expect(fromRoute.filter(([, index]) => index === rows.length).map(([, , target]) => target)).toEqual(['Merge Results']);
		expect(fromRoute.filter(([, index]) => index === rows.length + 1)).toEqual([]);
		// The chain after the webhooks: Definition → Merge → Reply → Respond.
		const next = (name: string) => edges(workflow).filter(([source]) => source === name).map(([, , target]) => target);
		for (const row of rows) expect(next(row.webhook)).toEqual(['Merge Results']);
		expect(next('Merge Results')).toEqual([reply.name]);
		expect(next(reply.name)).toEqual(['Respond to Vapi']);
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
			expect(definitionNode.credentials).toEqual({ redFlareSecretsApi: { id: 'redflare-demo-secrets', name: 'RedFlare Demo Secrets' } });
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

	test('no secret value is stored in the workflow', () => {
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(/sk_|secretValue|"vault"/);
	});
});

describe('examples/voice-agent-two-tools.json: run through n8n-core', () => {
	const SECRET = 'demo-key-8c1f';
	let server: TestServer;

	beforeAll(async () => {
		blockNetwork();
		server = await startServer({ status: 404, body: { error: 'not found' } });
		server.route('/orders/A-1001', (request) =>
			request.headers['x-api-key'] === SECRET
				? { body: { order: 'A-1001', status: 'shipped', eta: '2026-12-02' } }
				: { status: 401, body: { error: 'bad key' } },
		);
		server.route('/tickets', (request) => {
			const body = JSON.parse(request.text) as { priority: number };
			return request.headers['x-api-key'] === SECRET ? { status: 201, body: { ticket: 'T-1', priority: body.priority } } : { status: 401, body: {} };
		});
	});

	afterAll(async () => {
		await server.close();
		restoreNetwork();
	});

	/** The example with the demo API's origin replaced by the test server's. */
	function example(): ExampleWorkflow {
		const workflow = load();
		for (const candidate of workflow.nodes) {
			if (typeof candidate.parameters.url === 'string') candidate.parameters.url = candidate.parameters.url.replace(DEMO_API, server.origin) as INodeParameters[string];
		}
		return workflow;
	}

	test("the README's Vapi request gets one Vapi reply with both results", async () => {
		sentResponses.length = 0;
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
		const result = await runWorkflow(example(), {
			credentials: { 'redflare-demo-secrets': { vault: JSON.stringify({ 'Demo API Key': SECRET }) } },
			triggerItems: [request],
		});
		expect(result.error).toBeUndefined();
		expect(result.executedNodes).toEqual(expect.arrayContaining(['Vapi Tool Calls', 'Route Tool Calls', 'Order Status', 'Create Ticket', 'Merge Results', 'Reply to Vapi', 'Respond to Vapi']));
		expect(result.credentialReads.every((read) => read.id === 'redflare-demo-secrets')).toBe(true);

		const ticket = server.requests.find((recorded) => recorded.method === 'POST');
		expect(JSON.parse(ticket?.text ?? '')).toEqual({ customer: { email: 'ada@example.com' }, priority: 2, channel: 'voice' });

		const expected = {
			results: [
				{ toolCallId: 'tc-1', result: '{"order":"A-1001","status":"shipped","eta":"2026-12-02"}' },
				{ toolCallId: 'tc-2', result: '{"ticket":"T-1","priority":2}' },
			],
		};
		expect(result.outputOf('Reply to Vapi')).toEqual([expected]);
		expect(sentResponses.map((response) => [response.statusCode, response.body])).toEqual([[200, expected]]);
		expect(JSON.stringify(result.runData)).not.toContain(SECRET);
	});
});
