import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { executeWebhook, type AgentFailure, type AgentResult, type ExecuteOptions } from '../../engine';
import { definitionFromParameters } from '../shared/definitionParameters';
import { readSecrets } from '../shared/secrets';
import { n8nTransport } from '../shared/transport';

interface DefinitionOptions {
	valuesPath?: string;
	includeHeaders?: boolean;
	maxResponseBytes?: number;
	maxResultChars?: number;
	onFailure?: 'return' | 'fail';
	keepFields?: string;
	retries?: number;
	retryNonIdempotent?: boolean;
}

/** Every typed read of the node's parameters for one item. */
function readParameters(context: IExecuteFunctions, itemIndex: number) {
	// Fallback null, not undefined: n8n drops parameters hidden by displayOptions (Body and Body Content
	// Type on a GET), and getNodeParameter throws for a missing one when the fallback is undefined.
	const definition = definitionFromParameters((name) => context.getNodeParameter(name, itemIndex, null) as unknown);
	const options = context.getNodeParameter('options', itemIndex, {}) as DefinitionOptions;
	return { definition, options };
}

function toNodeError(context: IExecuteFunctions, result: AgentFailure, itemIndex: number): NodeApiError | NodeOperationError {
	const { error } = result;
	if (error.code === 'http_error' && error.status !== undefined) {
		return new NodeApiError(context.getNode(), { ...error } as JsonObject, {
			itemIndex,
			httpCode: String(error.status),
			message: error.message,
		});
	}
	return new NodeOperationError(context.getNode(), error.message, {
		itemIndex,
		description: `RedFlare error code: ${error.code}${error.missing ? ` (missing: ${error.missing.join(', ')})` : ''}`,
	});
}

/** Runs the webhook for one input item and maps the engine's result onto n8n. */
export async function runItem(context: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): Promise<INodeExecutionData> {
	const { definition, options } = readParameters(context, itemIndex);
	const executeOptions: ExecuteOptions = {
		nodeName: context.getNode().name,
		valuesPath: options.valuesPath,
		transport: n8nTransport(context.helpers),
		resolveSecrets: async (names) => await readSecrets(context, itemIndex, names),
		signal: context.getExecutionCancelSignal(),
		maxResponseBytes: options.maxResponseBytes,
		maxChars: options.maxResultChars,
		keepFields: (options.keepFields ?? '').split(','),
		includeHeaders: options.includeHeaders,
		retry: { retries: options.retries ?? 0, retryNonIdempotent: options.retryNonIdempotent },
		logger: context.logger,
	};
	const result: AgentResult = await executeWebhook(definition, item.json, executeOptions);
	if (!result.ok && options.onFailure === 'fail') {
		const error = toNodeError(context, result, itemIndex);
		if (!context.continueOnFail()) throw error;
		// "Continue (using error output)": n8n routes an item that carries an error to the error output
		// (and, as for every node, replaces its JSON with { error: message }). Plain "Continue" keeps the
		// agent result on the main output, so the agent still gets a structured answer.
		if (context.getNode().onError === 'continueErrorOutput') {
			return { json: result as IDataObject, error, pairedItem: { item: itemIndex } };
		}
	}
	// Agent results are plain JSON by construction.
	return { json: result as IDataObject, pairedItem: { item: itemIndex } };
}
