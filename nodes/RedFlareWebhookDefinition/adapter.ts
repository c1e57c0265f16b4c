import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { PreparedDefinition, executeWebhook, type AgentFailure, type AgentResult } from '../../engine';
import { executeOptions, failsExecution, readCallOptions, type CallOptions } from '../shared/callOptions';
import { DEFINITION_PARAMETER_NAMES, readDefinition } from '../shared/definitionInput';
import { maxParallelCalls, OPTIONS_PARAMETER } from '../shared/options';
import { runBounded } from '../shared/parallel';
import { readOnceUnlessExpression } from '../shared/perExecution';
import { ExecutionSecrets } from '../shared/secrets';
import { DEFINITION_VERSIONS, isLegacy } from '../shared/versions';

/** One item's call as the node's parameters set it up. */
interface ItemSetup {
	/** The definition, or the config_error the item answers (a parameter or an option that cannot be read). */
	definition: PreparedDefinition;
	options: CallOptions;
	/** On Failure is "Fail the Execution". */
	fails: boolean;
}

/** What every item of one execution shares: read once, dropped when the execution ends. */
interface Execution {
	context: IExecuteFunctions;
	node: INode;
	legacy: boolean;
	secrets: ExecutionSecrets;
	setups: ItemSetup[];
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
	const setup = execution.setups[itemIndex];
	const options = {
		...executeOptions(context, setup.options, { legacy: execution.legacy, resolveSecrets: execution.secrets.resolverFor(itemIndex) }),
		nodeName: node.name,
	};
	const result: AgentResult = await executeWebhook(setup.definition, item.json, options);
	if (!result.ok && setup.fails) {
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
 * Every item's setup, before any call: the definition and the options are read once when no expression
 * is in them (else per item). One that cannot be read becomes that item's config_error.
 */
function readSetups(context: IExecuteFunctions, count: number, legacy: boolean): ItemSetup[] {
	const definitionFor = readOnceUnlessExpression(context, DEFINITION_PARAMETER_NAMES, (itemIndex) => {
		const read = readDefinition(context, itemIndex, { legacy });
		return read.ok ? PreparedDefinition.from(read.input) : PreparedDefinition.refused(read.error);
	});
	const optionsFor = readOnceUnlessExpression(context, [OPTIONS_PARAMETER], (itemIndex) => readCallOptions(context, itemIndex));
	return Array.from({ length: count }, (_, itemIndex) => {
		const options = optionsFor(itemIndex);
		return {
			definition: options.ok ? definitionFor(itemIndex) : PreparedDefinition.refused(options.error),
			options: options.ok ? options.options : {},
			fails: failsExecution(context, itemIndex),
		};
	});
}

/**
 * Runs the webhook for every input item, up to Max Parallel Calls at once; the output keeps the
 * input's order and pairing. The secrets credential is read once for the whole execution.
 */
export async function runItems(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	if (items.length === 0) return [];
	const node = context.getNode();
	const legacy = isLegacy(DEFINITION_VERSIONS, node.typeVersion);
	const setups = readSetups(context, items.length, legacy);
	const execution: Execution = {
		context,
		node,
		legacy,
		// Only the secret names the execution's definitions use are kept.
		secrets: new ExecutionSecrets(context, setups.flatMap((setup) => setup.definition.secretNames)),
		setups,
	};
	// One limit for the whole execution (an expression there sees the first item).
	const limit = maxParallelCalls(setups[0].options.maxParallelCalls);
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
