import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RESPONSE_BYTES } from '../../engine';
import { hasLegacy, type WebhookVersions } from './versions';

/** The node parameter that holds the options collection. */
export const OPTIONS_PARAMETER = 'options';

/**
 * Characters of data an agent is handed when Max Response Size for Agent is not set: about 1,000
 * tokens. A record or a short list fits whole; a voice agent's next turn is not held up by reading a
 * document, and a realtime model's context is not filled by one answer.
 */
export const DEFAULT_MAX_RESULT_CHARS = 4000;

/** Characters of an HTTP error's body (an HTML page as its text) the agent is handed: a few sentences. */
export const MAX_ERROR_DETAIL_CHARS = 500;

const DEFAULT_MAX_PARALLEL_CALLS = 16;
const MAX_PARALLEL_CALLS = 100;

/** The Max Parallel Calls option as a whole number from 1 to 100 (the default when not a number). */
export function maxParallelCalls(value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || Number.isNaN(number)) return DEFAULT_MAX_PARALLEL_CALLS;
	return Math.min(MAX_PARALLEL_CALLS, Math.max(1, Math.floor(number)));
}

const OPTIONS: INodeProperties[] = [
	{
		displayName: 'Dynamic Values Path',
		name: 'valuesPath',
		type: 'string',
		default: '',
		placeholder: 'body.args',
		description:
			'Dot path to the dynamic values in the incoming item. Empty: the item’s "params" when it has one (what the Agent Tool Call node emits), else the item itself. A JSON string there is parsed.',
	},
	{
		displayName: 'Include Response Headers',
		name: 'includeHeaders',
		type: 'boolean',
		default: false,
		description: 'Whether to hand the response headers to the agent too',
	},
	{
		displayName: 'Max Parallel Calls',
		name: 'maxParallelCalls',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_CALLS, numberPrecision: 0 },
		default: DEFAULT_MAX_PARALLEL_CALLS,
		description:
			'How many items’ calls may be in flight at once (each within its own timeout); the output keeps the input order. 1 sends one call at a time. Lower it for an API that limits concurrent requests or answers bursts with 429.',
	},
	{
		displayName: 'Max Response Bytes',
		name: 'maxResponseBytes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_RESPONSE_BYTES,
		description: 'The response body is read up to this many bytes and no further; a larger one is cut, with a note',
	},
	{
		displayName: 'Max Response Size for Agent',
		name: 'maxResultChars',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_RESULT_CHARS,
		description: `Characters of response data handed to the agent (as compact JSON); longer data is cut with a visible note. Not added: ${DEFAULT_MAX_RESULT_CHARS}, about 1,000 tokens, which a voice agent reads without a pause. 0 means no limit.`,
	},
	{
		displayName: 'On Failure',
		name: 'onFailure',
		type: 'options',
		options: [
			{
				name: 'Return Error to Agent',
				value: 'return',
				description: 'Output an agent result with ok: false so the agent can respond gracefully',
			},
			{
				name: 'Fail the Execution',
				value: 'fail',
				description: 'Stop with an n8n error (Continue On Fail still applies)',
			},
		],
		default: 'return',
	},
	{
		displayName: 'Response Fields to Keep',
		name: 'keepFields',
		type: 'string',
		default: '',
		placeholder: 'order.status, order.eta',
		description: 'Comma-separated dot paths of the response to hand to the agent (items.name keeps the name of every item in a list); empty keeps everything',
	},
	{
		displayName: 'Retries',
		name: 'retries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 5 },
		default: 0,
		description:
			'Extra attempts after a 429 or 503 (honouring Retry-After) or a network error, always within the timeout. Only GET, PUT and DELETE are retried unless the next option is on.',
	},
	{
		displayName: 'Retry POST and PATCH',
		name: 'retryNonIdempotent',
		type: 'boolean',
		default: false,
		description: 'Whether to retry methods that are not idempotent too (only if the endpoint tolerates a repeat)',
	},
];

/** The options of a webhook call; the Webhook Tool offers those in `names` (default: all). */
export function optionsProperty(versions: WebhookVersions, names?: readonly string[]): INodeProperties {
	const options = OPTIONS.map((option) =>
		option.name === 'maxResultChars' && hasLegacy(versions)
			? { ...option, description: `${option.description} Version ${versions.legacy.join(' and ')} of this node hands over everything when the option is not added.` }
			: option,
	);
	return {
		displayName: 'Options',
		name: OPTIONS_PARAMETER,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: names === undefined ? options : options.filter((option) => names.includes(option.name)),
	};
}
