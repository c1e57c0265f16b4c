import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { replyToAgent, routeToolCalls } from './adapter';
import { configuredOutputs, toolCallProperties } from './description';

/** The agent side: routes tool calls to the webhooks linked to each tool, describes tools, formats replies. */
export class RedFlareAgentToolCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedFlare Agent Tool Call',
		name: 'redFlareAgentToolCall',
		icon: { light: 'file:redflare-tools.svg', dark: 'file:redflare-tools.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "reply" ? "Reply: " + $parameter["replyFormat"] : "Route: " + $parameter["payloadFormat"]}}',
		description: 'Route the tool calls of a voice or chat agent (RedFlare, OpenAI, Vapi, Retell, ElevenLabs) to RedFlare webhooks and reply',
		defaults: { name: 'RedFlare Agent Tool Call' },
		// Required by the community lint; as an AI tool this node means nothing, so it is not offered as one.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		properties: toolCallProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'route') as string;
		return operation === 'reply' ? replyToAgent(this) : routeToolCalls(this);
	}
}
