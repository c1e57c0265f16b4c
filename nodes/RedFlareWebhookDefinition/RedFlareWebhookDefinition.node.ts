import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { webhookMethods } from '../shared/methods';
import { runItems } from './adapter';
import { definitionHints, definitionNodeProperties } from './description';

/** One saved recipe for an outbound API call that an agent triggers mid-conversation. */
export class RedFlareWebhookDefinition implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedFlare Webhook Definition',
		name: 'redFlareWebhookDefinition',
		icon: { light: 'file:redflare.svg', dark: 'file:redflare.dark.svg' },
		group: ['transform'],
		// Version 2: a Dynamic field takes its param's type; answers and error bodies sized for a voice agent.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["method"] + " " + $parameter["url"]}}',
		description: 'Call an outside API with values an agent extracted from the conversation, and hand the answer back',
		defaults: { name: 'RedFlare Webhook' },
		// Required by the community lint. Not offered as a tool: n8n's generated variant would build its schema
		// from $fromAI() alone and feed it the agent's merged item; the RedFlare Webhook Tool node is the typed tool.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// A string literal (SECRETS_CREDENTIAL's value): n8n's lint reads credential names from the source.
		credentials: [{ name: 'redFlareSecretsApi', required: false, testedBy: 'redFlareSecretsTest' }],
		properties: definitionNodeProperties,
		hints: definitionHints,
	};

	methods = webhookMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runItems(this)];
	}
}
