import type { INodeParameters, INodeProperties } from 'n8n-workflow';

/**
 * Outputs follow the Tools rows, as n8n's Switch node builds its outputs from its rules.
 * n8n evaluates this function's source as an expression, so it must not reference anything outside itself.
 */
export const configuredOutputs = (parameters: INodeParameters) => {
	if (parameters.operation === 'reply') return [{ type: 'main', displayName: 'Reply' }];
	const tools = parameters.tools as { tool?: Array<{ name?: string; webhook?: string }> } | undefined;
	const rows = tools?.tool ?? [];
	return [
		...rows.map((row, index) => ({ type: 'main', displayName: row.name || row.webhook || 'Tool ' + String(index + 1) })),
		{ type: 'main', displayName: 'Not Routed' },
		{ type: 'main', displayName: 'Tool List' },
	];
};

const route = { show: { operation: ['route'] } };

export const toolCallProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Route Tool Calls',
				value: 'route',
				action: 'Route tool calls to their webhooks',
				description: 'Send each tool call an agent made to the webhook linked to its tool',
			},
			{
				name: 'Reply to Agent',
				value: 'reply',
				action: 'Reply to the agent',
				description: 'Build the reply the agent platform expects from every webhook result',
			},
		],
		default: 'route',
	},
	{
		displayName: 'Payload Format',
		name: 'payloadFormat',
		type: 'options',
		noDataExpression: true,
		displayOptions: route,
		options: [
			{ name: 'Auto-Detect', value: 'auto', description: 'RedFlare, OpenAI, Vapi or Retell, recognised by shape' },
			{ name: 'Custom', value: 'custom', description: 'Dot paths to the tool name, the arguments and the call ID' },
			{ name: 'ElevenLabs Server Tool', value: 'elevenlabs', description: 'The body is the params; the tool name is set below' },
			{ name: 'OpenAI Chat Completions', value: 'openaiChat', description: 'Tool_calls[] with arguments as a JSON string' },
			{ name: 'OpenAI Responses', value: 'openaiResponses', description: 'Function_call items with call_id' },
			{ name: 'RedFlare', value: 'redflare', description: '{ tool, params, toolCallId, conversationId }' },
			{ name: 'Retell Custom Function', value: 'retell', description: '{ name, args, call }' },
			{ name: 'Vapi', value: 'vapi', description: 'Message.toolCallList[]' },
		],
		default: 'auto',
	},
	{
		displayName: 'ElevenLabs Tool Name',
		name: 'elevenLabsTool',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { operation: ['route'], payloadFormat: ['elevenlabs'] } },
		description: 'The tool this endpoint serves: ElevenLabs does not send the tool name',
	},
	{
		displayName: 'Tool Name Path',
		name: 'customToolPath',
		type: 'string',
		default: 'tool',
		displayOptions: { show: { operation: ['route'], payloadFormat: ['custom'] } },
	},
	{
		displayName: 'Arguments Path',
		name: 'customArgumentsPath',
		type: 'string',
		default: 'params',
		displayOptions: { show: { operation: ['route'], payloadFormat: ['custom'] } },
	},
	{
		displayName: 'Call ID Path',
		name: 'customCallIdPath',
		type: 'string',
		default: 'id',
		displayOptions: { show: { operation: ['route'], payloadFormat: ['custom'] } },
	},
	{
		displayName: 'Tools',
		name: 'tools',
		type: 'fixedCollection',
		placeholder: 'Add Tool',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		noDataExpression: true,
		displayOptions: route,
		description: 'Each tool gets an output of its own; connect it to the webhook it is linked to. Removing a row unlinks the tool.',
		options: [
			{
				displayName: 'Tool',
				name: 'tool',
				values: [
					{
						displayName: 'Tool Name',
						name: 'name',
						type: 'string',
						default: '',
						noDataExpression: true,
						placeholder: 'lookup_order',
						description:
							'The name the agent calls: 1 to 64 letters, digits, _ or -. Empty: the linked webhook’s Name as a tool name (Order Status → order_status).',
					},
					{
						displayName: 'Linked Webhook',
						name: 'webhook',
						type: 'string',
						default: '',
						required: true,
						noDataExpression: true,
						placeholder: 'Order Status',
						description: 'The name of the RedFlare Webhook Definition node this tool calls (connected to this tool’s output)',
					},
				],
			},
		],
	},
	{
		displayName: 'Describe Tools Instead of Routing',
		name: 'describe',
		type: 'boolean',
		default: false,
		displayOptions: route,
		description:
			'Whether to output the tool list (OpenAI and MCP schemas, linked webhooks, broken links) on "Tool List" instead of routing. Can be an expression, e.g. true when the request asks for the tool list.',
	},
	{
		displayName: 'Reply Format',
		name: 'replyFormat',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: ['reply'] } },
		options: [
			{ name: 'ElevenLabs', value: 'elevenlabs', description: 'The result object itself as the response body' },
			{ name: 'OpenAI Chat Completions', value: 'openaiChat', description: 'Role: tool messages' },
			{ name: 'OpenAI Responses', value: 'openaiResponses', description: 'Function_call_output items' },
			{ name: 'RedFlare', value: 'redflare', description: '{ toolCallId, ok, data | error }' },
			{ name: 'Retell', value: 'retell', description: 'The result object itself as the response body' },
			{ name: 'Vapi', value: 'vapi', description: '{ results: [{ toolCallId, result }] }' },
		],
		default: 'redflare',
	},
];
