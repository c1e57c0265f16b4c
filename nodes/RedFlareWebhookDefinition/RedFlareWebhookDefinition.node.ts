import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { definitionProperties } from '../shared/definitionParameters';
import { getSecretNames, testSecretsCredential } from '../shared/secrets';
import { runItems } from './adapter';
import { optionsProperty } from './options';

/** One saved recipe for an outbound API call that an agent triggers mid-conversation. */
export class RedFlareWebhookDefinition implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedFlare Webhook Definition',
		name: 'redFlareWebhookDefinition',
		icon: { light: 'file:redflare.svg', dark: 'file:redflare.dark.svg' },
		group: ['transform'],
		version: 1,
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
		properties: [...definitionProperties, optionsProperty],
	};

	methods = {
		loadOptions: { getSecretNames },
		credentialTest: { redFlareSecretsTest: testSecretsCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runItems(this)];
	}
}
