import type { INodeParameters, INodeProperties, INodePropertyOptions, NodeHint } from 'n8n-workflow';

import { PAYLOAD_FORMATS, REPLY_FORMATS, type PayloadFormat, type ReplyFormat } from '../../engine';
import { NAME_ESCAPE, NODE_REFERENCE } from './nodeReference';

/**
 * Outputs follow the Tools rows, as n8n's Switch node builds its outputs from its rules. n8n evaluates
 * this function's source as an expression over the raw parameters, so it must not reference anything
 * outside itself; a Linked Webhook written as an expression is labelled with the node it names.
 */
export const configuredOutputs = (parameters: INodeParameters) => {
	if (parameters.operation === 'reply') return [{ type: 'main', displayName: 'Reply' }];
	const tools = parameters.tools as { tool?: Array<{ name?: string; webhook?: string }> } | undefined;
	const rows = tools?.tool ?? [];
	const linked = (webhook: string) => (webhook.startsWith('=') ? (/\$(?:\(\s*|node\[\s*)(['"])(.+?)\1/.exec(webhook)?.[2] ?? '') : webhook);
	return [
		...rows.map((row, index) => ({ type: 'main', displayName: row.name || linked(String(row.webhook ?? '')) || 'Tool ' + String(index + 1) })),
		{ type: 'main', displayName: 'Not Routed' },
		{ type: 'main', displayName: 'Tool List' },
	];
};

/** The value of Reply Format that answers in the format of the request (version 2's default). */
export const SAME_AS_REQUEST = 'sameAsRequest';

const PAYLOAD_FORMAT_LABELS: Record<PayloadFormat, Omit<INodePropertyOptions, 'value'>> = {
	auto: { name: 'Auto-Detect', description: 'RedFlare, OpenAI, Vapi or Retell, recognised by shape' },
	custom: { name: 'Custom', description: 'Dot paths to the tool name, the arguments and the call ID' },
	elevenlabs: { name: 'ElevenLabs Server Tool', description: 'The body is the params; the tool name is set below' },
	openaiChat: { name: 'OpenAI Chat Completions', description: 'Tool_calls[] with arguments as a JSON string' },
	openaiResponses: { name: 'OpenAI Responses', description: 'Function_call items with call_id' },
	redflare: { name: 'RedFlare', description: '{ tool, params, toolCallId, conversationId }' },
	retell: { name: 'Retell Custom Function', description: '{ name, args, call }' },
	vapi: { name: 'Vapi', description: 'Message.toolCallList[]' },
};

const REPLY_FORMAT_LABELS: Record<ReplyFormat, Omit<INodePropertyOptions, 'value'>> = {
	elevenlabs: { name: 'ElevenLabs', description: 'The result object itself as the response body' },
	openaiChat: { name: 'OpenAI Chat Completions', description: 'Role: tool messages' },
	openaiResponses: { name: 'OpenAI Responses', description: 'Function_call_output items' },
	redflare: { name: 'RedFlare', description: '{ toolCallId, ok, data | error }' },
	retell: { name: 'Retell', description: 'The result object itself as the response body' },
	vapi: { name: 'Vapi', description: '{ results: [{ toolCallId, result }] }' },
};

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

// Every format the engine reads or writes, in the alphabetical order n8n's lint asks of option lists.
const PAYLOAD_FORMAT_OPTIONS = PAYLOAD_FORMATS.map((value) => ({ ...PAYLOAD_FORMAT_LABELS[value], value })).sort(byName);
const REPLY_FORMAT_OPTIONS = [
	...REPLY_FORMATS.map((value) => ({ ...REPLY_FORMAT_LABELS[value], value })),
	{
		name: 'Same as Request',
		value: SAME_AS_REQUEST,
		description: 'The format of the platform that sent the tool calls, as the route recognised it (RedFlare when it cannot tell)',
	},
].sort(byName);

const labels = (options: INodePropertyOptions[]) => JSON.stringify(Object.fromEntries(options.map((option) => [option.value, option.name])));

/** "Route: Vapi", "Reply: Same as Request". */
export const TOOL_CALL_SUBTITLE = `={{ $parameter["operation"] === "reply" ? "Reply: " + (${labels(REPLY_FORMAT_OPTIONS)}[$parameter["replyFormat"]] ?? $parameter["replyFormat"]) : "Route: " + (${labels(PAYLOAD_FORMAT_OPTIONS)}[$parameter["payloadFormat"]] ?? $parameter["payloadFormat"]) }}`;

const route = { show: { operation: ['route'] } };
const reply = { show: { operation: ['reply'] } };
const V1 = [1];
const V2_ON = [{ _cnd: { gte: 2 } }];

// The node a row's Linked Webhook names, in an editor expression over the raw row `row`.
const LINKED_NODE = `const text = String(row.webhook ?? ""); const quoted = /${NODE_REFERENCE.source}/.exec(text); const node = text.startsWith("=") ? (quoted ? quoted[2].replace(/${NAME_ESCAPE.source}/g, "$1") : "") : text;`;
// Whether that node is missing or is no Definition node (which always has a URL parameter).
const LINK_BROKEN = `(() => { try { return $(node).params.url === undefined; } catch (error) { return true; } })()`;

/** "lookup_order → Order Status", or "lookup_order → BROKEN LINK: Order Status" when the editor finds no such Definition node. */
const TOOL_ROW_TITLE = `={{ (() => { const row = $collection.item.value; ${LINKED_NODE} const broken = ${LINK_BROKEN}; const tool = row.name || (broken ? "" : String($(node).params.webhookName ?? "").trim().toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "")); return (tool || "(no name)") + " → " + (broken ? "BROKEN LINK: " + (node || "(none)") : node); })() }}`;

export const toolCallHints: NodeHint[] = [
	{
		message:
			'A Linked Webhook names no RedFlare Webhook Definition node of this workflow: calls to that tool go to Not Routed. Check the Tools rows (a broken one says BROKEN LINK).',
		type: 'warning',
		location: 'outputPane',
		whenToDisplay: 'always',
		displayCondition: `={{ ($parameter.operation ?? "route") === "route" && ($parameter.tools?.tool ?? []).some((row) => { ${LINKED_NODE} return ${LINK_BROKEN}; }) }}`,
	},
];

const describeProperty: INodeProperties = {
	displayName: 'Describe Tools Instead of Routing',
	name: 'describe',
	type: 'boolean',
	default: false,
	description:
		'Whether to output the tool list on "Tool List" instead of routing: one item holding every tool (a tool with a broken link has no schema, only its status and reason) and, beside them, the "openai" and "mcp" lists of the working tools, ready to register. Can be an expression, e.g. true when the request asks for the tool list.',
};
const describeLegacyDescription =
	'Whether to output the tool list on "Tool List" instead of routing: one item per tool with its OpenAI and MCP schemas and its linked webhook; a tool with a broken link has no "openai" or "mcp", only its status. Can be an expression, e.g. true when the request asks for the tool list.';

const replyFormatProperty: INodeProperties = {
	displayName: 'Reply Format',
	name: 'replyFormat',
	type: 'options',
	noDataExpression: true,
	options: REPLY_FORMAT_OPTIONS,
	default: SAME_AS_REQUEST,
};

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
		displayName:
			'Connect each tool’s output to the RedFlare Webhook Definition node its Linked Webhook names, and Not Routed to the reply’s Merge. Link with <code>{{ $(\'Node Name\').params.webhookName }}</code> to keep the link when that node is renamed.',
		name: 'routeNotice',
		type: 'notice',
		default: '',
		displayOptions: route,
	},
	{
		displayName: 'Payload Format',
		name: 'payloadFormat',
		type: 'options',
		noDataExpression: true,
		displayOptions: route,
		options: PAYLOAD_FORMAT_OPTIONS,
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
		typeOptions: { multipleValues: true, sortable: true, fixedCollection: { itemTitle: TOOL_ROW_TITLE } },
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
						placeholder: "{{ $('Order Status').params.webhookName }}",
						description:
							'The RedFlare Webhook Definition node this tool calls (connected to this tool’s output): its node name, or an expression that references it, which n8n updates when that node is renamed',
						hint: "Write {{ $('Node Name').params.webhookName }} to keep the link when the node is renamed",
					},
				],
			},
		],
	},
	{ ...describeProperty, description: describeLegacyDescription, displayOptions: { show: { operation: ['route'], '@version': V1 } } },
	{ ...describeProperty, displayOptions: { show: { operation: ['route'], '@version': V2_ON } } },
	{
		displayName:
			'Put a Merge node in <b>Append</b> mode in front of this node, with every tool’s webhook and Not Routed connected to it, so that all results of the request arrive together and the agent gets one reply.',
		name: 'replyNotice',
		type: 'notice',
		default: '',
		displayOptions: reply,
	},
	{ ...replyFormatProperty, options: REPLY_FORMAT_OPTIONS.filter((option) => option.value !== SAME_AS_REQUEST), default: 'redflare', displayOptions: { show: { operation: ['reply'], '@version': V1 } } },
	{ ...replyFormatProperty, displayOptions: { show: { operation: ['reply'], '@version': V2_ON } } },
];
