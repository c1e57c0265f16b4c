import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import {
	ConfigError,
	ToolUnavailableError,
	checkArguments,
	failure,
	formatReply,
	internalFailure,
	isAgentResult,
	parseToolCalls,
	requestFormat,
	withCall,
	type AgentFailure,
	type AgentResult,
	type CallTags,
	type JsonValue,
	type ParseOptions,
	type PayloadFormat,
	type ReplyFormat,
	type RedFlareError,
} from '../../engine';
import { readParameter } from '../shared/parameterRead';
import { SAME_AS_REQUEST } from './description';
import { describeLink, isLinked, resolveLinks, toolList, type ToolLink, type ToolRow } from './links';

/** Version 1 of the Tool Call node: no platform on the items, one Tool List item per tool, RedFlare replies by default. */
const isLegacy = (context: IExecuteFunctions) => context.getNode().typeVersion < 2;

// Hints list this many entries at most, then a count.
const HINT_ENTRIES = 5;

function json(value: JsonValue): IDataObject {
	// Engine values are plain JSON by construction.
	return value as IDataObject;
}

function listed(entries: string[]): string {
	const shown = entries.slice(0, HINT_ENTRIES).join('; ');
	return entries.length > HINT_ENTRIES ? `${shown}; and ${entries.length - HINT_ENTRIES} more` : shown;
}

function hint(context: IExecuteFunctions, message: string): void {
	const execution: NodeExecutionHint = { message, type: 'warning', location: 'outputPane' };
	context.addExecutionHints(execution);
}

/** The operation the node runs (not an expression: n8n offers it as a fixed choice). */
export function readOperation(context: IExecuteFunctions): 'route' | 'reply' {
	return context.getNodeParameter('operation', 0, 'route') === 'reply' ? 'reply' : 'route';
}

/** How to read the tool calls (read from the first item), or why the parameters cannot be read. */
function readParseOptions(context: IExecuteFunctions): ParseOptions | ConfigError {
	const format = context.getNodeParameter('payloadFormat', 0, 'auto') as PayloadFormat;
	const parse: ParseOptions = { format };
	if (format === 'elevenlabs') {
		const tool = readParameter(context, 'elevenLabsTool', 'ElevenLabs Tool Name', 0, '');
		if (tool instanceof ConfigError) return tool;
		parse.elevenLabsTool = tool;
	}
	if (format === 'custom') {
		const toolPath = readParameter(context, 'customToolPath', 'Tool Name Path', 0, 'tool');
		const argumentsPath = readParameter(context, 'customArgumentsPath', 'Arguments Path', 0, 'params');
		const callIdPath = readParameter(context, 'customCallIdPath', 'Call ID Path', 0, 'id');
		for (const path of [toolPath, argumentsPath, callIdPath]) if (path instanceof ConfigError) return path;
		parse.custom = { toolPath: String(toolPath), argumentsPath: String(argumentsPath), callIdPath: String(callIdPath) };
	}
	return parse;
}

/** The Tools rows, raw: a Linked Webhook may be an expression that references its node; it is matched, not evaluated. */
function readToolRows(context: IExecuteFunctions): ToolRow[] {
	const tools = context.getNodeParameter('tools', 0, {}, { rawExpressions: true }) as { tool?: Array<Partial<Record<keyof ToolRow, unknown>>> };
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return (tools.tool ?? []).map((row) => ({ name: text(row.name), webhook: text(row.webhook) }));
}

function notRouted(error: RedFlareError, tags: CallTags, tool: string | undefined): AgentFailure & { tool?: string } {
	const result = withCall(failure(error), tags);
	return tool === undefined ? result : { ...result, tool };
}

/** Route Tool Calls: one output per tool, then Not Routed, then Tool List. */
export function routeToolCalls(context: IExecuteFunctions): INodeExecutionData[][] {
	const legacy = isLegacy(context);
	const rows = readToolRows(context);
	const parse = readParseOptions(context);
	const links = resolveLinks(rows, context.getChildNodes(context.getNode().name, { includeNodeParameters: true }));
	const outputs: INodeExecutionData[][] = [...rows.map(() => []), [], []];
	const notRoutedOutput = outputs[rows.length];
	const toolListOutput = outputs[rows.length + 1];
	const byTool = new Map<string, ToolLink>();
	for (const link of links) if (!byTool.has(link.tool)) byTool.set(link.tool, link);

	context.getInputData().forEach((item, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const describe = readParameter(context, 'describe', 'Describe Tools Instead of Routing', itemIndex, false);
		const refuse = (error: ConfigError) => notRoutedOutput.push({ json: json(failure(error)), pairedItem });
		if (parse instanceof ConfigError) {
			refuse(parse);
			return;
		}
		if (describe instanceof ConfigError) {
			refuse(describe);
			return;
		}
		if (describe) {
			if (legacy) for (const link of links) toolListOutput.push({ json: json(describeLink(link, true)), pairedItem });
			else toolListOutput.push({ json: json(toolList(links)), pairedItem });
			return;
		}
		let request;
		try {
			request = parseToolCalls(item.json, parse);
		} catch (error) {
			// The last resort: a payload nobody foresaw is answered, never a failed execution.
			notRoutedOutput.push({ json: json(internalFailure(error, context.logger, 'the Tool Call node')), pairedItem });
			return;
		}
		// Version 2 carries the platform on every item, for a reply in the request's format.
		const format = legacy ? undefined : request.format;
		for (const parsed of request.calls) {
			if (!parsed.ok) {
				notRoutedOutput.push({ json: json(notRouted(parsed.error, { toolCallId: parsed.toolCallId, format }, parsed.tool)), pairedItem });
				continue;
			}
			const { call } = parsed;
			const tags = { toolCallId: call.toolCallId, format };
			const link = byTool.get(call.tool);
			if (!link || !isLinked(link)) {
				const reason = link ? `it is not available (${link.reason})` : 'no such tool is configured';
				const error = new ToolUnavailableError(`The tool "${call.tool}" cannot be used right now: ${reason}.`);
				notRoutedOutput.push({ json: json(notRouted(error, tags, call.tool)), pairedItem });
				continue;
			}
			const checked = checkArguments(link.params, call.params);
			if (!checked.ok) {
				notRoutedOutput.push({ json: json(notRouted(checked.error, tags, call.tool)), pairedItem });
				continue;
			}
			const routed: Record<string, JsonValue> = {
				toolCallId: call.toolCallId ?? null,
				tool: call.tool,
				params: call.params as JsonValue,
				conversationId: call.conversationId ?? null,
				webhook: link.webhook,
			};
			if (format !== undefined) routed.format = format;
			outputs[link.output].push({ json: json(routed), pairedItem });
		}
	});

	const broken = links.flatMap((link) => (isLinked(link) ? [] : [`${link.tool || `row ${link.output + 1}`}: ${link.reason}`]));
	if (broken.length > 0) hint(context, `Tools with a broken link (their calls go to Not Routed): ${listed(broken)}`);
	const refused = notRoutedOutput.map((item) => {
		const result = item.json as AgentFailure & { tool?: string };
		return `${result.tool ?? 'a call'} (${result.error.code})`;
	});
	if (refused.length > 0) hint(context, `${refused.length} ${refused.length === 1 ? 'call' : 'calls'} went to Not Routed: ${listed(refused)}`);
	return outputs;
}

/** A result the reply can carry: one that cannot be written as text becomes an internal_error result. */
function replyable(context: IExecuteFunctions, result: AgentResult, format: ReplyFormat): AgentResult {
	try {
		formatReply([result], format);
		return result;
	} catch (error) {
		return withCall(internalFailure(error, context.logger, 'the Tool Call reply'), result);
	}
}

/** The format to reply in: the one chosen, or, for Same as Request, the one the results carry (else RedFlare). */
function replyFormat(context: IExecuteFunctions, results: AgentResult[]): ReplyFormat {
	const chosen = context.getNodeParameter('replyFormat', 0, isLegacy(context) ? 'redflare' : SAME_AS_REQUEST) as ReplyFormat | typeof SAME_AS_REQUEST;
	if (chosen !== SAME_AS_REQUEST) return chosen;
	const found = requestFormat(results);
	if (found.ok) return found.format;
	if (results.length > 0) {
		hint(
			context,
			found.reason === 'mixed'
				? 'The results came from requests of different platforms, so the reply is in the RedFlare format. Reply to one request per execution, or choose a Reply Format.'
				: 'No result says which platform the request came from (a version 2 Route Tool Calls puts it on its items), so the reply is in the RedFlare format. Choose a Reply Format, or route with version 2.',
		);
	}
	return 'redflare';
}

/** The Merge in Append mode that gathers every result of the request in front of the reply, or a hint that it is missing. */
function checkWiring(context: IExecuteFunctions): void {
	let gathered = true;
	try {
		const parents = context.getParentNodes(context.getNode().name, { depth: 1, includeNodeParameters: true });
		gathered = parents.some((parent) => parent.type === 'n8n-nodes-base.merge' && (parent.parameters?.mode ?? 'append') === 'append');
	} catch {
		// A hint is advice: a graph n8n cannot walk never stops the reply.
	}
	if (!gathered) {
		hint(
			context,
			'No Merge node in Append mode is in front of this node: results that arrive on separate branches are answered in separate replies, and the agent gets only the first. Connect every tool’s webhook and Not Routed to a Merge (Append), then the Merge to this node.',
		);
	}
}

/** Reply to Agent: one reply item in the platform's format, from every result of the execution. */
export function replyToAgent(context: IExecuteFunctions): INodeExecutionData[][] {
	const items = context.getInputData();
	const results: AgentResult[] = items.map((item) => item.json).filter(isAgentResult);
	const format = replyFormat(context, results);
	checkWiring(context);
	let reply: JsonValue;
	try {
		reply = formatReply(results, format);
	} catch {
		reply = formatReply(results.map((result) => replyable(context, result, format)), format);
	}
	return [[{ json: json(reply), pairedItem: items.map((_, item) => ({ item })) }]];
}
