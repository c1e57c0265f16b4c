/**
 * TEST-ONLY stand-in for n8n's AI Agent (v3), registered as `@n8n/n8n-nodes-langchain.agent`
 * (@n8n/n8n-nodes-langchain is not installed here). It plays the model: its `calls` parameter lists the
 * tool calls the model "makes". What it mirrors of the real agent (2.41.1):
 * - the tools come from n8n-core's real getInputConnectionData (supplyData of each connected tool node);
 * - like getConnectedTools, it accepts a tool by duck type and refuses two tools with one name;
 * - `via: engine` (Agent v3): it returns an engine request, one action per call on the tool's node
 *   (`metadata.sourceNodeName`), and n8n-core's engine runs that node's execute() with the agent's input
 *   item merged with the call's arguments; when resumed, each answer is what the model would receive:
 *   `JSON.stringify(items)`, or the error as `{ error }`;
 * - `via: invoke` (MCP Server Trigger, sub-agents, older agents): it calls each tool's invoke().
 * Its output item lists the tools it was given and the answers.
 */
import {
	NodeConnectionTypes,
	NodeOperationError,
	type EngineRequest,
	type EngineResponse,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/** One tool call the stand-in's "model" makes. */
export interface ModelCall {
	id: string;
	tool: string;
	arguments: IDataObject;
}

interface SuppliedTool {
	name: string;
	description: string;
	schema: unknown;
	invoke(input: unknown): Promise<unknown>;
	metadata?: { sourceNodeName?: string };
}

function isTool(value: unknown): value is SuppliedTool {
	const candidate = value as Partial<SuppliedTool> | null;
	return typeof candidate?.name === 'string' && typeof candidate.description === 'string' && typeof candidate.invoke === 'function';
}

export class TestAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AI Agent (test stand-in)',
		name: 'agent',
		group: ['transform'],
		version: [3, 3.1],
		description: "Test-only mirror of the tool-calling protocol of n8n's AI Agent v3",
		defaults: { name: 'AI Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools' }],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Calls (JSON)', name: 'calls', type: 'string', default: '[]' },
			{
				displayName: 'Via',
				name: 'via',
				type: 'options',
				options: [
					{ name: 'Engine (Agent V3)', value: 'engine' },
					{ name: 'Invoke', value: 'invoke' },
				],
				default: 'engine',
			},
		],
	};

	async execute(this: IExecuteFunctions, response?: EngineResponse<{ itemIndex: number }>): Promise<INodeExecutionData[][] | EngineRequest<{ itemIndex: number }>> {
		const supplied = ((await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) ?? []) as unknown[];
		const tools = supplied.filter(isTool);
		const seen = new Set<string>();
		for (const tool of tools) {
			if (seen.has(tool.name)) {
				throw new NodeOperationError(this.getNode(), `You have multiple tools with the same name: '${tool.name}', please rename them to avoid conflicts`);
			}
			seen.add(tool.name);
		}
		const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as ModelCall[];
		const described = tools.map((tool) => ({ name: tool.name, description: tool.description, schema: tool.schema as IDataObject }));
		const find = (call: ModelCall) => tools.find((tool) => tool.name === call.tool);

		if (this.getNodeParameter('via', 0) === 'invoke') {
			const answers: IDataObject[] = [];
			for (const call of calls) {
				const tool = find(call);
				answers.push({ id: call.id, content: tool ? ((await tool.invoke(call.arguments)) as string) : 'unknown tool' });
			}
			return [[{ json: { tools: described, answers }, pairedItem: { item: 0 } }]];
		}

		// n8n-core always passes a response; a first run has no action responses in it yet.
		const responses = response?.actionResponses ?? [];
		// As createEngineRequests: a call to a tool it does not know (or without a source node) is dropped.
		const actions = calls.flatMap((call) => {
			const nodeName = find(call)?.metadata?.sourceNodeName;
			if (nodeName === undefined) return [];
			return [{ actionType: 'ExecutionNodeAction' as const, nodeName, input: call.arguments, type: NodeConnectionTypes.AiTool, id: call.id, metadata: { itemIndex: 0 } }];
		});
		if (responses.length === 0 && actions.length > 0) return { actions, metadata: { itemIndex: 0 } };
		// As buildObservation: the tool node's items as JSON text, or its error.
		const answers = responses.map(({ action, data }) => {
			const items = data.data?.[NodeConnectionTypes.AiTool]?.[0]?.map((item) => item.json);
			const content = items && items.length > 0 ? JSON.stringify(items) : JSON.stringify({ error: data.error?.message ?? 'Unknown error' });
			return { id: action.id, content };
		});
		return [[{ json: { tools: described, answers }, pairedItem: { item: 0 } }]];
	}
}
