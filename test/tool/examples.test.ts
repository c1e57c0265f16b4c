/**
 * examples/ai-agent-webhook-tools.json and examples/mcp-webhook-tools.json: importable n8n workflows.
 * Their structure is checked here, and their tool nodes run through n8n-core with the AI Agent
 * stand-in against a local server; the e2e suite runs both examples in real n8n.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, INode } from 'n8n-workflow';

import { parseDefinition } from '../../engine';
import { definitionFromParameters } from '../../nodes/shared/definitionInput';
import { STICKY_NOTE, coveredPairs, noteText } from '../helpers/canvas';
import { PACKAGE_ROOT, runWorkflow } from '../helpers/harness';
import { TOOL_TYPE, agentView, agentWorkflow } from './workflow';
import { useServer } from './use-server';

const DEMO_API = 'http://127.0.0.1:4010';

interface ExampleWorkflow {
	name: string;
	nodes: Array<INode & { webhookId?: string }>;
	connections: IConnections;
	settings?: { executionOrder?: string };
}

const load = (file: string): ExampleWorkflow => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'examples', file), 'utf8')) as ExampleWorkflow;

const EXAMPLES: Array<[string, string, string[]]> = [
	[
		'ai-agent-webhook-tools.json',
		'AI Agent',
		[
			'@n8n/n8n-nodes-langchain.agent@3.1',
			'@n8n/n8n-nodes-langchain.chatTrigger@1.3',
			'@n8n/n8n-nodes-langchain.lmChatOpenAi@1.3',
			`${TOOL_TYPE}@1`,
			`${TOOL_TYPE}@1`,
			`${STICKY_NOTE}@1`,
			`${STICKY_NOTE}@1`,
		],
	],
	['mcp-webhook-tools.json', 'MCP Server Trigger', ['@n8n/n8n-nodes-langchain.mcpTrigger@2', `${TOOL_TYPE}@1`, `${TOOL_TYPE}@1`, `${STICKY_NOTE}@1`, `${STICKY_NOTE}@1`, `${STICKY_NOTE}@1`]],
];

describe.each(EXAMPLES)('examples/%s', (file, consumer, types) => {
	const workflow = load(file);
	const tools = workflow.nodes.filter((node) => node.type === TOOL_TYPE);

	test('n8n’s node types and versions; unique names and ids; execution order v1', () => {
		expect(workflow.nodes.map((node) => `${node.type}@${node.typeVersion}`).sort()).toEqual([...types].sort());
		expect(new Set(workflow.nodes.map((node) => node.name)).size).toBe(workflow.nodes.length);
		for (const node of workflow.nodes) expect(node.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
		expect(workflow.settings?.executionOrder).toBe('v1');
	});

	test(`both tools are on the Tool input of the ${consumer}, with the demo credential; their webhooks are valid as configured`, () => {
		expect(tools.map((node) => node.name)).toEqual(['Lookup Order', 'Create Ticket']);
		for (const tool of tools) {
			expect(workflow.connections[tool.name]).toEqual({ ai_tool: [[{ node: consumer, type: 'ai_tool', index: 0 }]] });
			expect(tool.credentials).toEqual({ redFlareSecretsApi: { id: 'redflare-demo-secrets', name: 'RedFlare Demo Secrets' } });
			expect(tool.parameters).not.toHaveProperty('webhookName');
			const parsed = parseDefinition(definitionFromParameters((name) => (name === 'webhookName' ? tool.name : tool.parameters[name]), false));
			expect(parsed).toMatchObject({ ok: true });
			expect(String(tool.parameters.url).startsWith(`${DEMO_API}/`)).toBe(true);
		}
	});

	test('the sticky notes name the credential, the secret, the demo API and each tool as the model is offered it; none covers a node', () => {
		const text = noteText(workflow.nodes);
		expect(text).toContain('RedFlare Webhook Secrets API');
		expect(text).toContain(DEMO_API);
		for (const tool of tools) {
			expect(text).toContain(`**${tool.name}**`);
			for (const field of (tool.parameters.headers as { field: Array<{ valueType?: string; secretName?: string }> }).field) {
				if (field.valueType === 'secret') expect(text).toContain(`"${String(field.secretName)}"`);
			}
		}
		expect(text).toContain('`Lookup_Order`');
		if (consumer === 'AI Agent') expect(text).toContain('Execution Order');
		expect(coveredPairs(workflow.nodes)).toEqual([]);
	});
});

test('the MCP example tells how to reach it: the Production URL of its path, with authentication', () => {
	const workflow = load('mcp-webhook-tools.json');
	const trigger = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
	const text = noteText(workflow.nodes);
	expect(text).toContain(`https://<your-n8n>/mcp/${String(trigger?.parameters.path)}`);
	expect(text).toContain('Production URL');
	expect(text).toContain('Authentication');
});

test('the AI Agent example: v3.1 agent, OpenAI Chat Model with the Responses API off, fed by the chat trigger', () => {
	const workflow = load('ai-agent-webhook-tools.json');
	const model = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi');
	expect(model?.parameters.responsesApiEnabled).toBe(false);
	expect(workflow.connections['OpenAI Chat Model']).toEqual({ ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] });
	expect(workflow.connections['When chat message received']).toEqual({ main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] });
});

describe('the examples’ tools through n8n-core', () => {
	const server = useServer();

	test('offered as Lookup_Order and Create_Ticket; a ticket call sends the typed body with the secret', async () => {
		const tools = load('ai-agent-webhook-tools.json')
			.nodes.filter((node) => node.type === TOOL_TYPE)
			.map((node) => JSON.parse(JSON.stringify(node).split(DEMO_API).join(server().origin)) as INode);
		const credentials = { 'redflare-demo-secrets': { vault: JSON.stringify({ 'Demo API Key': 'demo_key_for_the_example_test' }) } };
		const result = await runWorkflow(
			agentWorkflow(tools, [{ id: 'call', tool: 'Create_Ticket', arguments: { email: 'ada@example.com', subject: 'Lid cracked', priority: '2', urgent: 'yes' } }]),
			{ credentials },
		);
		expect(result.error).toBeUndefined();
		expect(agentView(result).tools.map((tool) => tool.name).sort()).toEqual(['Create_Ticket', 'Lookup_Order']);
		expect(server().requests).toHaveLength(1);
		expect(server().requests[0].text).toBe('{"customer":{"email":"ada@example.com"},"subject":"Lid cracked","priority":2,"urgent":true,"channel":"chat"}');
		expect(server().requests[0].headers['x-api-key']).toBe('demo_key_for_the_example_test');
	});
});
