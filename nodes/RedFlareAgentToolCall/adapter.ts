import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	ToolUnavailableError,
	checkArguments,
	failure,
	formatReply,
	internalFailure,
	isAgentResult,
	parseToolCalls,
	withToolCallId,
	type AgentFailure,
	type AgentResult,
	type JsonValue,
	type ParseOptions,
	type PayloadFormat,
	type ReplyFormat,
	type RedFlareError,
} from '../../engine';
import { describeLink, isLinked, resolveLinks, type ToolLink, type ToolRow } from './links';

function json(value: JsonValue): IDataObject {
	// Engine values are plain JSON by construction.
	return value as IDataObject;
}

/** Every typed read of the Route operation's parameters. */
function readRouteParameters(context: IExecuteFunctions) {
	const format = context.getNodeParameter('payloadFormat', 0, 'auto') as PayloadFormat;
	const parse: ParseOptions = { format };
	if (format === 'elevenlabs') parse.elevenLabsTool = context.getNodeParameter('elevenLabsTool', 0, '') as string;
	if (format === 'custom') {
		parse.custom = {
			toolPath: context.getNodeParameter('customToolPath', 0, 'tool') as string,
			argumentsPath: context.getNodeParameter('customArgumentsPath', 0, 'params') as string,
			callIdPath: context.getNodeParameter('customCallIdPath', 0, '') as string,
		};
	}
	const tools = context.getNodeParameter('tools', 0, {}) as { tool?: Array<Partial<ToolRow>> };
	const rows: ToolRow[] = (tools.tool ?? []).map((row) => ({ name: (row.name ?? '').trim(), webhook: (row.webhook ?? '').trim() }));
	return { parse, rows };
}

function notRouted(error: RedFlareError, toolCallId: string | undefined, tool: string | undefined): AgentFailure & { tool?: string } {
	const result = withToolCallId(failure(error), toolCallId);
	return tool === undefined ? result : { ...result, tool };
}

/** Route Tool Calls: one output per tool, then Not Routed, then Tool List. */
export function routeToolCalls(context: IExecuteFunctions): INodeExecutionData[][] {
	const { parse, rows } = readRouteParameters(context);
	const links = resolveLinks(rows, context.getChildNodes(context.getNode().name, { includeNodeParameters: true }));
	const outputs: INodeExecutionData[][] = [...rows.map(() => []), [], []];
	const notRoutedOutput = outputs[rows.length];
	const toolListOutput = outputs[rows.length + 1];
	const byTool = new Map<string, ToolLink>();
	for (const link of links) if (!byTool.has(link.tool)) byTool.set(link.tool, link);

	context.getInputData().forEach((item, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (context.getNodeParameter('describe', itemIndex, false) as boolean) {
			for (const link of links) toolListOutput.push({ json: json(describeLink(link)), pairedItem });
			return;
		}
		let calls;
		try {
			calls = parseToolCalls(item.json, parse);
		} catch (error) {
			// The last resort: a payload nobody foresaw is answered, never a failed execution.
			notRoutedOutput.push({ json: json(internalFailure(error, context.logger, 'the Tool Call node')), pairedItem });
			return;
		}
		for (const parsed of calls) {
			if (!parsed.ok) {
				notRoutedOutput.push({ json: json(notRouted(parsed.error, parsed.toolCallId, parsed.tool)), pairedItem });
				continue;
			}
			const { call } = parsed;
			const link = byTool.get(call.tool);
			if (!link || !isLinked(link)) {
				const reason = link ? `it is not available (${link.status})` : 'no such tool is configured';
				const error = new ToolUnavailableError(`The tool "${call.tool}" cannot be used right now: ${reason}.`);
				notRoutedOutput.push({ json: json(notRouted(error, call.toolCallId, call.tool)), pairedItem });
				continue;
			}
			const checked = checkArguments(link.params, call.params);
			if (!checked.ok) {
				notRoutedOutput.push({ json: json(notRouted(checked.error, call.toolCallId, call.tool)), pairedItem });
				continue;
			}
			const routed: Record<string, JsonValue> = {
				toolCallId: call.toolCallId ?? null,
				tool: call.tool,
				params: call.params as JsonValue,
				conversationId: call.conversationId ?? null,
				webhook: link.webhook,
			};
			outputs[link.output].push({ json: json(routed), pairedItem });
		}
	});
	return outputs;
}

/** A result the reply can carry: one that cannot be written as text becomes an internal_error result. */
function replyable(context: IExecuteFunctions, result: AgentResult, format: ReplyFormat): AgentResult {
	try {
		formatReply([result], format);
		return result;
	} catch (error) {
		return withToolCallId(internalFailure(error, context.logger, 'the Tool Call reply'), result.toolCallId);
	}
}

/** Reply to Agent: one reply item in the platform's format, from every result of the execution. */
export function replyToAgent(context: IExecuteFunctions): INodeExecutionData[][] {
	const format = context.getNodeParameter('replyFormat', 0, 'redflare') as ReplyFormat;
	const items = context.getInputData();
	const results: AgentResult[] = items.map((item) => item.json).filter(isAgentResult);
	let reply: JsonValue;
	try {
		reply = formatReply(results, format);
	} catch {
		reply = formatReply(results.map((result) => replyable(context, result, format)), format);
	}
	return [[{ json: json(reply), pairedItem: items.map((_, item) => ({ item })) }]];
}
