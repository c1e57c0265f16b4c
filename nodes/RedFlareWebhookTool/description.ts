import type { INodeProperties } from 'n8n-workflow';

import { optionsProperty } from '../shared/options';
import type { WebhookVersions } from '../shared/versions';
import { webhookProperties } from '../shared/webhookProperties';

/** The Webhook Tool has the webhook parameters' current behaviour on every version. */
export const TOOL_VERSIONS: WebhookVersions = { legacy: [] };

// The options that shape one call and its answer. Dynamic Values Path, On Failure and Max Parallel
// Calls do not apply: a tool's values are the model's arguments, and every call answers the model.
const TOOL_OPTIONS = ['includeHeaders', 'keepFields', 'maxResponseBytes', 'maxResultChars', 'retries', 'retryNonIdempotent'];

const namingNotice: INodeProperties = {
	displayName:
		'The tool is named after this node: n8n keeps letters, digits, _ and - and turns anything else into _ ("Lookup Order" → Lookup_Order). Rename the node to rename the tool. Connect it to the Tool input of an AI Agent or an MCP Server Trigger.',
	name: 'toolNamingNotice',
	type: 'notice',
	default: '',
};

/**
 * The tool node's parameters: the webhook parameters from the shared factory without Name (the tool is
 * named after its node, because n8n's AI Agent records earlier tool calls under the node's name), then
 * the call options.
 */
export const webhookToolProperties: INodeProperties[] = [
	namingNotice,
	...webhookProperties(TOOL_VERSIONS).filter((property) => property.name !== 'webhookName'),
	optionsProperty(TOOL_VERSIONS, TOOL_OPTIONS),
];
