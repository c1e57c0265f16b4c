import { createHash } from 'node:crypto';

import {
	NodeConnectionTypes,
	NodeOperationError,
	nodeNameToToolName,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type ISupplyDataFunctions,
} from 'n8n-workflow';

import {
	ConfigError,
	InvalidValueError,
	TOOL_NAME_PATTERN,
	executeWebhook,
	failure,
	internalFailure,
	parseDefinition,
	parseDynamicParams,
	toolInputSchema,
	type AgentResult,
	type DynamicParamDefinition,
	type JsonObjectSchema,
} from '../../engine';
import { executeOptions, readCallOptions, type CallContext, type CallOptions } from '../shared/callOptions';
import { readDefinition } from '../shared/definitionInput';
import { messageOf } from '../shared/parameterRead';
import { ExecutionSecrets, type CredentialsContext } from '../shared/secrets';
import { isLegacy } from '../shared/versions';
import { TOOL_VERSIONS } from './description';

/**
 * The tool as n8n's AI Agent and MCP Server Trigger take it: a plain object they recognise by its
 * name, description and invoke; n8n converts the JSON Schema to its own zod schema.
 */
interface WebhookTool {
	name: string;
	description: string;
	schema: JsonObjectSchema;
	invoke(input: unknown): Promise<string>;
}

/** What every call of the tool needs, read from the node's parameters for one item. */
interface ToolSetup {
	name: string;
	description: string;
	/** The engine's definition input (validated again by the engine on every call). */
	definition: Record<string, unknown>;
	params: DynamicParamDefinition[];
	options: CallOptions;
	/** The node version keeps the webhook parameters' first behaviour (none does: see TOOL_VERSIONS). */
	legacy: boolean;
	/** Why the webhook cannot work as configured: every call answers with it (config_error). */
	problem?: ConfigError;
}

type SetupContext = Pick<IExecuteFunctions, 'getNode' | 'getNodeParameter' | 'getParentNodes'>;

// The package prefix differs between an installed package, custom extensions and tests.
const TOOL_TYPE_SUFFIX = '.redFlareWebhookTool';

/** RedFlare Webhook Tools on the same agent whose node names give the same tool name as this one. */
function namesakes(context: SetupContext, consumer: string | undefined, toolName: string): string[] {
	if (consumer === undefined) return [];
	const own = context.getNode().name;
	return context
		.getParentNodes(consumer, { connectionType: NodeConnectionTypes.AiTool, depth: 1 })
		.filter((node) => node.name !== own && !node.disabled && node.type.endsWith(TOOL_TYPE_SUFFIX))
		.filter((node) => nodeNameToToolName(node.name) === toolName)
		.map((node) => node.name);
}

/** A name no namesake shares (derived from the node's unique name), so that n8n can still list every tool. */
function distinctName(toolName: string, nodeName: string): string {
	return `${toolName.slice(0, 55)}_${createHash('sha256').update(nodeName).digest('hex').slice(0, 8)}`;
}

const quoted = (params: DynamicParamDefinition[]) => params.map((param) => `"${param.name}"`).join(', ');

/**
 * Dynamic Params the model fills: n8n reads a tool argument only by a name that is also a valid tool
 * name, and checks the arguments with a zod schema that reads an omitted `valueOf` or `constructor` as
 * the function every JavaScript object inherits, so such a name fails whenever the model leaves it out.
 */
function argumentNameProblem(params: DynamicParamDefinition[]): ConfigError | undefined {
	const invalid = params.filter((param) => !TOOL_NAME_PATTERN.test(param.name));
	if (invalid.length > 0) {
		return new ConfigError(
			`Dynamic Params ${quoted(invalid)}: a tool argument name uses 1 to 64 letters, digits, _ or - only. Rename the param (and set the fields it fills to the new name).`,
		);
	}
	const inherited = params.filter((param) => param.name in Object.prototype);
	if (inherited.length > 0) {
		return new ConfigError(
			`Dynamic Params ${quoted(inherited)}: every JavaScript object has a property of that name, so n8n's check of the model's arguments misreads it. Rename the param (and set the fields it fills to the new name).`,
		);
	}
	return undefined;
}

/** Every typed read of the node's parameters for one item. */
function readSetup(context: SetupContext, itemIndex: number, consumer: string | undefined): ToolSetup {
	const node = context.getNode();
	const legacy = isLegacy(TOOL_VERSIONS, node.typeVersion);
	// The webhook's Name is the node's name.
	const read = readDefinition(context, itemIndex, { legacy, name: node.name.slice(0, 64) });
	const options = readCallOptions(context, itemIndex);
	const definition = read.ok ? read.input : {};
	let problem: ConfigError | undefined = !read.ok ? read.error : !options.ok ? options.error : undefined;
	// $fromAI() in a field is not in the tool's schema, and outside a tool call n8n resolves it from the
	// agent's own input item: the model's values come through Dynamic Params only.
	if (JSON.stringify(node.parameters).toLowerCase().includes('$fromai')) {
		problem = new ConfigError(
			'A field uses $fromAI(): this tool takes the model\'s values from its Dynamic Params. Declare a Dynamic Param and set the field to Fill With: Dynamic instead.',
		);
	}
	let name = nodeNameToToolName(node);
	const twins = namesakes(context, consumer, name);
	if (twins.length > 0) {
		problem = new ConfigError(
			`The tools of "${consumer}" need distinct names, but the nodes "${node.name}" and "${twins.join('", "')}" both give the tool name "${name}". Rename one of them so that their names differ in a letter, digit, _ or -.`,
		);
		name = distinctName(name, node.name);
	}
	const parsed = parseDefinition(definition);
	const declared = parseDynamicParams(definition.dynamicParams);
	const params = parsed.ok ? parsed.definition.dynamicParams : declared.ok ? declared.params : [];
	problem ??= parsed.ok ? argumentNameProblem(params) : parsed.error;
	const description = typeof definition.description === 'string' ? definition.description : '';
	return { name, description, definition, params, options: options.ok ? options.options : {}, legacy, problem };
}

/** Runs one call; whatever happens, the answer is an agent result. */
async function answer(context: CallContext & CredentialsContext, itemIndex: number, setup: ToolSetup, values: unknown): Promise<AgentResult> {
	if (setup.problem) return failure(setup.problem);
	try {
		// One call: the credential is read once for it, and only the names it asks for are kept.
		const resolveSecrets = async (names: string[]) => await new ExecutionSecrets(context, names).resolverFor(itemIndex)(names);
		return await executeWebhook(setup.definition, { params: values }, executeOptions(context, setup.options, { legacy: setup.legacy, resolveSecrets }));
	} catch (error) {
		return internalFailure(error, context.logger, 'the Webhook Tool');
	}
}

/**
 * The node n8n supplies this tool to (the AI Agent or MCP Server Trigger): its execute data is what
 * n8n hands a sub-node's supplyData, though ISupplyDataFunctions does not declare the accessor.
 */
function supplyConsumer(context: ISupplyDataFunctions): string | undefined {
	const withExecuteData = context as unknown as Partial<Pick<IExecuteFunctions, 'getExecuteData'>>;
	return typeof withExecuteData.getExecuteData === 'function' ? withExecuteData.getExecuteData()?.node?.name : undefined;
}

/** The node whose tool call runs this execution (the AI Agent): the source of the item. */
function callingNode(context: IExecuteFunctions): string | undefined {
	try {
		return context.getInputSourceData()?.previousNode;
	} catch {
		return undefined;
	}
}

/**
 * Shows a configuration problem on the node's run, where the builder looks, without failing the agent:
 * once per execution (an agent supplies its tools again on every turn), before any call is logged.
 */
function showProblem(context: ISupplyDataFunctions, problem: ConfigError): void {
	if (context.getNextRunIndex() > 0) return;
	const { index } = context.addInputData(NodeConnectionTypes.AiTool, [[{ json: {} }]]);
	context.addOutputData(
		NodeConnectionTypes.AiTool,
		index,
		new NodeOperationError(context.getNode(), problem.message, {
			description: 'The tool is still offered; every call answers with this config_error until it is fixed.',
		}),
	);
}

function asItemJson(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { input: value as IDataObject[string] };
}

/**
 * The tool for supplyData. Each `invoke` (MCP Server Trigger, sub-agents, older agents) runs one call
 * with the arguments it is given and logs them and the answer on the node's run, as n8n's own tools do.
 */
export function supplyTool(context: ISupplyDataFunctions, itemIndex: number): WebhookTool {
	const setup = readSetup(context, itemIndex, supplyConsumer(context));
	if (setup.problem) showProblem(context, setup.problem);
	return {
		name: setup.name,
		description: setup.description,
		schema: toolInputSchema(setup.params),
		invoke: async (input: unknown) => {
			const { index } = context.addInputData(NodeConnectionTypes.AiTool, [[{ json: asItemJson(input) }]]);
			const result = await answer(context, itemIndex, setup, input);
			// Agent results are plain JSON by construction.
			context.addOutputData(NodeConnectionTypes.AiTool, index, [[{ json: result as IDataObject }]]);
			return JSON.stringify(result);
		},
	};
}

/**
 * The model's arguments for the Dynamic Params. `$fromAI` reads them from the tool call itself, typed as
 * the model sent them; the item n8n passes also holds the agent's own input, which must not fill a value.
 */
function modelArguments(context: IExecuteFunctions, itemIndex: number, params: DynamicParamDefinition[]): Record<string, unknown> | InvalidValueError {
	try {
		// The names match TOOL_NAME_PATTERN (checked in readSetup), so they cannot break out of the quotes.
		return Object.fromEntries(params.map((param) => [param.name, context.evaluateExpression(`{{ $fromAI('${param.name}') }}`, itemIndex)]));
	} catch (error) {
		return new InvalidValueError(`The tool's arguments could not be read: ${messageOf(error)}`);
	}
}

/** execute(): the AI Agent (v3) runs one item per tool call; each gets its agent result. */
export async function runToolCalls(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const consumer = callingNode(context);
	const output: INodeExecutionData[] = [];
	const items = context.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const setup = readSetup(context, itemIndex, consumer);
		const values = setup.problem ? {} : modelArguments(context, itemIndex, setup.params);
		const result = values instanceof InvalidValueError ? failure(values) : await answer(context, itemIndex, setup, values);
		output.push({ json: result as IDataObject, pairedItem: { item: itemIndex } });
	}
	return output;
}
