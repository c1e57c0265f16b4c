import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** The seed's "API & Webhook Secrets": named secrets that Secret fields reference by name. */
export class RedFlareSecretsApi implements ICredentialType {
	name = 'redFlareSecretsApi';

	displayName = 'RedFlare Webhook Secrets API';

	icon = { light: 'file:redflare.svg', dark: 'file:redflare.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-redflare';

	properties: INodeProperties[] = [
		{
			displayName: 'Secrets',
			// Not called "secrets": n8n's scan would then demand `password`, which masks the JSON whole.
			name: 'vault',
			type: 'json',
			// One object keyed by name, not a list of rows: n8n redacts each value and merges edits
			// back by key, so removing or renaming one secret never hands its value to another.
			// resolveCredentialJsonLeaves: n8n resolves an expression in a value (e.g. an external secret).
			typeOptions: { redactJsonLeaves: true, resolveCredentialJsonLeaves: true, rows: 6 },
			default: '{}',
			required: true,
			placeholder: '{ "Stripe API Key": "sk_live_...", "CRM Token": "..." }',
			description:
				'One JSON object of secret name → value. Secret fields of a RedFlare Webhook Definition pick a name; the value is read only when the call is sent and is never shown again. A value may be an expression, e.g. an external-secrets reference.',
		},
	];
}
