/**
 * Workflows around the RedFlare Webhook Tool for the n8n-core harness: a Manual Trigger feeding the
 * AI Agent stand-in (test/helpers/test-agent.ts), with tool nodes on its Tool input.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fields, params, type RunResult, type WorkflowJson, type WorkflowNode } from '../helpers/harness';
import type { ModelCall } from '../helpers/test-agent';

export const TOOL_TYPE = 'n8n-nodes-redflare.redFlareWebhookTool';
export const AGENT = 'AI Agent';

export const SECRETS = { 'Orders Key': 'sk_tool_test_9Qw2Lr' };
export const credentials = { redFlareSecretsApi: { vault: JSON.stringify(SECRETS) } };

/** A RedFlare Webhook Tool node (the tool's name comes from the node's name). */
export const toolNode = (name: string, parameters: INodeParameters, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({
	name,
	type: TOOL_TYPE,
	parameters,
	...extra,
});

/** GET `${origin}/orders/{order_number}` with a Secret header. */
export const lookupParameters = (origin: string): INodeParameters => ({
	webhookDescription: 'Look up an order by its number',
	method: 'GET',
	url: `${origin}/orders/{order_number}`,
	dynamicParams: params({ name: 'order_number', description: 'The order number, e.g. A-1001' }),
	pathParams: fields({ name: 'order_number' }),
	headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders Key' }),
});

/** POST `${origin}/tickets`: a String, an Integer and an optional Boolean, and a Secret header. */
export const ticketParameters = (origin: string): INodeParameters => ({
	webhookDescription: 'Open a support ticket',
	method: 'POST',
	url: `${origin}/tickets`,
	dynamicParams: params(
		{ name: 'email', description: "The customer's email" },
		{ name: 'priority', dataType: 'integer', description: '1 to 3' },
		{ name: 'urgent', dataType: 'boolean', description: 'Needs an answer today', required: false },
	),
	headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders Key' }),
	body: fields(
		{ name: 'customer.email', dynamicParam: 'email' },
		{ name: 'priority', dataType: 'integer' },
		{ name: 'urgent', dataType: 'boolean' },
	),
});

/** Trigger → AI Agent (stand-in) with `tools` on its Tool input; the agent "makes" `calls`. */
export function agentWorkflow(tools: WorkflowNode[], calls: ModelCall[], via: 'engine' | 'invoke' = 'engine'): WorkflowJson {
	return {
		nodes: [
			{ name: 'Trigger', type: 'n8n-nodes-base.manualTrigger' },
			{ name: AGENT, type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1, parameters: { calls: JSON.stringify(calls), via } },
			...tools,
		],
		connections: {
			Trigger: { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
			...Object.fromEntries(tools.map((tool) => [tool.name, { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] }])),
		},
	};
}

export interface AgentView {
	/** The tools the agent was given: name, description, schema. */
	tools: Array<{ name: string; description: string; schema: IDataObject }>;
	/** What the model would receive for each call, parsed, by call id. */
	answers: Record<string, unknown>;
}

/** What the agent saw: its tools, and each answer parsed (Agent v3 answers are a list of items). */
export function agentView(result: RunResult): AgentView {
	const [item] = result.outputOf(AGENT) as unknown as Array<{ tools: AgentView['tools']; answers: Array<{ id: string; content: string }> }>;
	return { tools: item.tools, answers: Object.fromEntries(item.answers.map((answer) => [answer.id, JSON.parse(answer.content) as unknown])) };
}

/** One run of a tool node as n8n logs it: the input it was given and the output it answered. */
export function toolLog(result: RunResult, node: string): Array<{ input: unknown; output: unknown; error?: string }> {
	return (result.runData[node] ?? []).map((run) => ({
		input: run.inputOverride?.ai_tool?.[0]?.[0]?.json,
		output: run.data?.ai_tool?.[0]?.[0]?.json,
		...(run.error ? { error: run.error.message } : {}),
	}));
}
