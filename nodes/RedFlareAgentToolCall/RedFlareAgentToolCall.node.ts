import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { readOperation, replyToAgent, routeToolCalls } from './adapter';
import { TOOL_CALL_SUBTITLE, configuredOutputs, toolCallHints, toolCallProperties } from './description';

/** The agent side: routes tool calls to the webhooks linked to each tool, describes tools, formats replies. */
export class RedFlareAgentToolCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedFlare Agent Tool Call',
		name: 'redFlareAgentToolCall',
		icon: { light: 'file:redflare-tools.svg', dark: 'file:redflare-tools.dark.svg' },
		group: ['transform'],
		// Version 2: replies in the request's format by default, carries it on the items, one Tool List item.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: TOOL_CALL_SUBTITLE,
		description: 'Route the tool calls of a voice or chat agent (RedFlare, OpenAI, Vapi, Retell, ElevenLabs) to RedFlare webhooks and reply',
		defaults: { name: 'RedFlare Agent Tool Call' },
		// Required by the community lint; as an AI tool this node means nothing, so it is not offered as one.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		properties: toolCallProperties,
		hints: toolCallHints,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return readOperation(this) === 'reply' ? replyToAgent(this) : routeToolCalls(this);
	}
}
