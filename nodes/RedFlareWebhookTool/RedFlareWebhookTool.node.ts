import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import { webhookMethods } from '../shared/methods';
import { runToolCalls, supplyTool } from './adapter';
import { webhookToolProperties } from './description';

/** A RedFlare webhook as a typed tool of n8n's AI Agent and MCP Server Trigger (an AI sub-node). */
export class RedFlareWebhookTool implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedFlare Webhook Tool',
		name: 'redFlareWebhookTool',
		icon: { light: 'file:../RedFlareWebhookDefinition/redflare.svg', dark: 'file:../RedFlareWebhookDefinition/redflare.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["method"] + " " + $parameter["url"]}}',
		description: 'Let an AI Agent or an MCP client call an outside API, with typed arguments and secrets that are never shown',
		defaults: { name: 'RedFlare Webhook Tool' },
		// Required by the community lint; this node is a tool already, so n8n must not wrap it in another.
		usableAsTool: undefined,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
		outputNames: ['Tool'],
		// A string literal (SECRETS_CREDENTIAL's value): n8n's lint reads credential names from the source.
		credentials: [{ name: 'redFlareSecretsApi', required: false, testedBy: 'redFlareSecretsTest' }],
		properties: webhookToolProperties,
	};

	methods = webhookMethods;

	/** The tool for the AI Agent's model and the MCP Server Trigger (called through its `invoke`). */
	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		return { response: supplyTool(this, itemIndex) };
	}

	/** One call per item, as the AI Agent (v3) runs its tools: the values are the model's arguments. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runToolCalls(this)];
	}
}
