import type { IExecuteFunctions } from 'n8n-workflow';

import { ConfigError, DEFAULT_TIMEOUT_SECONDS } from '../../engine';
import { readParameter } from './parameterRead';
import { SECTION_PARAMETERS } from './webhookProperties';

/*
 * The webhook parameters read back into the engine's definition input, for the Definition node (per
 * item, expressions evaluated), the Webhook Tool (per call) and the Tool Call node (raw, from a linked
 * node). Saved workflows leave out every value that equals its default, so each one is filled here.
 */

/** What the panel calls each parameter, for a message about one that cannot be read. */
const PARAMETER_LABELS: Record<string, string> = {
	webhookName: 'Name',
	webhookDescription: 'Description',
	method: 'Method',
	url: 'URL',
	timeout: 'Timeout',
	dynamicParams: 'Dynamic Params',
	[SECTION_PARAMETERS.headers]: 'Headers',
	[SECTION_PARAMETERS.query]: 'Query Params',
	[SECTION_PARAMETERS.path]: 'Path Params',
	[SECTION_PARAMETERS.body]: 'Body',
	bodyContentType: 'Body Content Type',
};

/** Every parameter `definitionFromParameters` reads. */
export const DEFINITION_PARAMETER_NAMES = Object.keys(PARAMETER_LABELS);

type Row = Record<string, unknown>;

function rows(collection: unknown, key: string): Row[] {
	if (collection === null || typeof collection !== 'object') return [];
	const list = (collection as Record<string, unknown>)[key];
	return Array.isArray(list) ? list.filter((row): row is Row => row !== null && typeof row === 'object') : [];
}

/** The Dynamic Params rows of the parameter's value, defaults filled. */
export function dynamicParamRows(collection: unknown): Row[] {
	return rows(collection, 'param').map((row) => ({
		name: row.name,
		dataType: row.dataType ?? 'string',
		description: row.description ?? '',
		required: row.required ?? true,
	}));
}

/** A section's field rows, defaults filled. A Dynamic field has a type of its own only on legacy versions. */
function fieldRows(collection: unknown, legacy: boolean): Row[] {
	return rows(collection, 'field').map((row) => {
		const valueType = row.valueType ?? 'dynamic';
		return {
			name: row.name,
			valueType,
			dataType: valueType === 'dynamic' && !legacy ? undefined : (row.dataType ?? 'string'),
			value: valueType === 'static' ? (row.value ?? '') : undefined,
			secretName: valueType === 'secret' ? row.secretName : undefined,
			dynamicParam: valueType === 'dynamic' ? row.dynamicParam : undefined,
		};
	});
}

/**
 * Turns the node's parameters into the engine's definition input (validated by the engine). `read`
 * returns one parameter by name; `legacy`: the node version keeps the first behaviour (versions.ts).
 */
export function definitionFromParameters(read: (name: string) => unknown, legacy: boolean): Record<string, unknown> {
	const method = read('method') ?? 'GET';
	return {
		name: read('webhookName'),
		description: read('webhookDescription') ?? '',
		method,
		url: read('url'),
		timeoutSeconds: read('timeout') ?? DEFAULT_TIMEOUT_SECONDS,
		dynamicParams: dynamicParamRows(read('dynamicParams')),
		headers: fieldRows(read(SECTION_PARAMETERS.headers), legacy),
		query: fieldRows(read(SECTION_PARAMETERS.query), legacy),
		path: fieldRows(read(SECTION_PARAMETERS.path), legacy),
		// A GET hides the Body section; rows left from another method are not sent.
		body: method === 'GET' ? [] : fieldRows(read(SECTION_PARAMETERS.body), legacy),
		bodyContentType: read('bodyContentType') ?? 'json',
	};
}

/** The definition input of one item, or why it cannot be had. */
type DefinitionRead = { ok: true; input: Record<string, unknown> } | { ok: false; error: ConfigError };

/**
 * The definition of one item as the node's parameters give it, expressions evaluated. A parameter that
 * cannot be read (its expression fails) is a config_error naming it, never a failed execution: the
 * node decides, by its On Failure setting, whether that fails. `name` is the webhook's Name for a node
 * without a Name parameter (the Webhook Tool is named after its node).
 */
export function readDefinition(
	context: Pick<IExecuteFunctions, 'getNodeParameter'>,
	itemIndex: number,
	options: { legacy: boolean; name?: string },
): DefinitionRead {
	const values: Record<string, unknown> = {};
	for (const parameter of DEFINITION_PARAMETER_NAMES) {
		if (parameter === 'webhookName' && options.name !== undefined) {
			values[parameter] = options.name;
			continue;
		}
		// Fallback null, not undefined: n8n drops parameters hidden by displayOptions (Body on a GET),
		// and a missing one throws when the fallback is undefined.
		const value = readParameter<unknown>(context, parameter, PARAMETER_LABELS[parameter], itemIndex, null);
		if (value instanceof ConfigError) return { ok: false, error: value };
		values[parameter] = value;
	}
	return { ok: true, input: definitionFromParameters((parameter) => values[parameter], options.legacy) };
}
