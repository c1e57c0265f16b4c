import type { INodeProperties } from 'n8n-workflow';

import { optionsProperty } from '../RedFlareWebhookDefinition/options';
import { toolDefinitionProperties } from '../shared/definitionParameters';

// The Definition node's options that shape one call and its answer. Dynamic Values Path and On Failure
// do not apply: a tool's values are the model's arguments, and every call answers the model.
const TOOL_OPTIONS = new Set(['includeHeaders', 'keepFields', 'maxResponseBytes', 'maxResultChars', 'retries', 'retryNonIdempotent']);

const namingNotice: INodeProperties = {
	displayName:
		'The tool is named after this node: n8n keeps letters, digits, _ and - and turns anything else into _ ("Lookup Order" → Lookup_Order). Rename the node to rename the tool. Connect it to the Tool input of an AI Agent or an MCP Server Trigger.',
	name: 'toolNamingNotice',
	type: 'notice',
	default: '',
};

/** The tool node's parameters: the webhook parameters from the shared factory, then the call options. */
export const webhookToolProperties: INodeProperties[] = [
	namingNotice,
	...toolDefinitionProperties,
	{ ...optionsProperty, options: (optionsProperty.options ?? []).filter((option) => TOOL_OPTIONS.has(option.name)) },
];
