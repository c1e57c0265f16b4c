import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { PreparedDefinition, executeWebhook, type AgentFailure, type AgentResult, type ExecuteOptions, type Transport } from '../../engine';
import { DEFINITION_PARAMETER_NAMES, definitionFromParameters } from '../shared/definitionParameters';
import { runBounded } from '../shared/parallel';
import { readOnceUnlessExpression } from '../shared/perExecution';
import { ExecutionSecrets } from '../shared/secrets';
import { n8nTransport } from '../shared/transport';
import { maxParallelCalls, OPTIONS_PARAMETER } from './options';

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

/** What every item of one execution shares: read once, dropped when the execution ends. */
interface Execution {
	context: IExecuteFunctions;
	node: INode;
	transport: Transport;
	signal: AbortSignal | undefined;
	secrets: ExecutionSecrets;
	definitions: PreparedDefinition[];
	optionsFor: (itemIndex: number) => DefinitionOptions;
}

function toNodeError(node: INode, result: AgentFailure, itemIndex: number): NodeApiError | NodeOperationError {
	const { error } = result;
	if (error.code === 'http_error' && error.status !== undefined) {
		return new NodeApiError(node, { ...error } as JsonObject, {
			itemIndex,
			httpCode: String(error.status),
			message: error.message,
		});
	}
	return new NodeOperationError(node, error.message, {
		itemIndex,
		description: `RedFlare error code: ${error.code}${error.missing ? ` (missing: ${error.missing.join(', ')})` : ''}`,
	});
}

/** Runs the webhook for one input item and maps the engine's result onto n8n. */
async function runItem(execution: Execution, itemIndex: number, item: INodeExecutionData): Promise<INodeExecutionData> {
	const { context, node } = execution;
	const options = execution.optionsFor(itemIndex);
	const executeOptions: ExecuteOptions = {
		nodeName: node.name,
		valuesPath: options.valuesPath,
		transport: execution.transport,
		resolveSecrets: execution.secrets.resolverFor(itemIndex),
		signal: execution.signal,
		maxResponseBytes: options.maxResponseBytes,
		maxChars: options.maxResultChars,
		keepFields: (options.keepFields ?? '').split(','),
		includeHeaders: options.includeHeaders,
		retry: { retries: options.retries ?? 0, retryNonIdempotent: options.retryNonIdempotent },
		logger: context.logger,
	};
	const result: AgentResult = await executeWebhook(execution.definitions[itemIndex], item.json, executeOptions);
	if (!result.ok && options.onFailure === 'fail') {
		const error = toNodeError(node, result, itemIndex);
		if (!context.continueOnFail()) throw error;
		// "Continue (using error output)": n8n routes an item that carries an error to the error output
		// (and, as for every node, replaces its JSON with { error: message }). Plain "Continue" keeps the
		// agent result on the main output, so the agent still gets a structured answer.
		if (node.onError === 'continueErrorOutput') {
			return { json: result as IDataObject, error, pairedItem: { item: itemIndex } };
		}
	}
	// Agent results are plain JSON by construction.
	return { json: result as IDataObject, pairedItem: { item: itemIndex } };
}

/**
 * Runs the webhook for every input item, up to Max Parallel Calls at once; the output keeps the
 * input's order and pairing. The definition and options are read once when no expression is in them
 * (else per item), the secrets credential once for the whole execution.
 */
export async function runItems(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	if (items.length === 0) return [];
	// Fallback null, not undefined: n8n drops parameters hidden by displayOptions (Body and Body Content
	// Type on a GET), and getNodeParameter throws for a missing one when the fallback is undefined.
	const definitionFor = readOnceUnlessExpression(context, DEFINITION_PARAMETER_NAMES, (itemIndex) =>
		PreparedDefinition.from(definitionFromParameters((name) => context.getNodeParameter(name, itemIndex, null) as unknown)),
	);
	const optionsFor = readOnceUnlessExpression(
		context,
		[OPTIONS_PARAMETER],
		(itemIndex) => context.getNodeParameter(OPTIONS_PARAMETER, itemIndex, {}) as DefinitionOptions,
	);
	// Every item's definition before any call: a broken expression stops the run before anything is sent,
	// and the secret names the execution uses are known, so only those are kept.
	const definitions = items.map((_, itemIndex) => definitionFor(itemIndex));
	const execution: Execution = {
		context,
		node: context.getNode(),
		transport: n8nTransport(context.helpers),
		signal: context.getExecutionCancelSignal(),
		secrets: new ExecutionSecrets(
			context,
			definitions.flatMap((definition) => definition.secretNames),
		),
		definitions,
		optionsFor,
	};
	// One limit for the whole execution (an expression there sees the first item).
	const limit = maxParallelCalls(context.getNodeParameter(`${OPTIONS_PARAMETER}.maxParallelCalls`, 0, null));
	try {
		const outcomes = await runBounded(items.length, limit, async (itemIndex) => await runItem(execution, itemIndex, items[itemIndex]));
		const output: INodeExecutionData[] = [];
		for (const outcome of outcomes) {
			// The lowest failing item is the one a one-at-a-time run would have stopped at.
			if (outcome?.status === 'rejected') throw outcome.reason;
			if (outcome) output.push(outcome.value);
		}
		return output;
	} finally {
		execution.secrets.forget();
	}
}
