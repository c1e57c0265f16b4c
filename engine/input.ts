import { InvalidValueError, ToolUnavailableError, type RedFlareError } from './errors';
import { isReplyFormat } from './formats';
import { isRecord, parseJsonText, textOf } from './json';
import { getPath } from './paths';
import type { CallTags } from './result';

/** What the Definition node reads from one incoming agent item: the values, and the call's tags. */
export interface AgentItem extends CallTags {
	values: Record<string, unknown>;
	/** Set on items the Tool Call node routed: the webhook node the tool is linked to. */
	webhook?: string;
	tool?: string;
}

function asObject(value: unknown, where: string): Record<string, unknown> | RedFlareError {
	const parsed = parseJsonText(value);
	if (!parsed.ok) return new InvalidValueError(`The dynamic values at ${where} are text that is not valid JSON.`);
	if (parsed.value === undefined || parsed.value === null) return {};
	if (!isRecord(parsed.value)) return new InvalidValueError(`The dynamic values at ${where} are not an object of named values.`);
	return parsed.value;
}

/**
 * Finds the dynamic values in an item: at `valuesPath` when given, else in `params` when the item
 * has one (what the Tool Call node emits), else the item itself. A JSON string there is parsed.
 */
export function readAgentItem(item: unknown, valuesPath?: string): { ok: true; item: AgentItem } | { ok: false; error: RedFlareError; tags: CallTags } {
	const json = isRecord(item) ? item : {};
	const tags: CallTags = { toolCallId: textOf(json.toolCallId), format: isReplyFormat(json.format) ? json.format : undefined };
	const path = valuesPath?.trim();
	const inParams = 'params' in json;
	const source = path ? getPath(json, path) : inParams ? json.params : json;
	const values = asObject(source, path ? `"${path}"` : inParams ? '"params"' : 'the top level');
	if (values instanceof Error) return { ok: false, error: values, tags };
	return {
		ok: true,
		item: {
			values,
			...tags,
			webhook: typeof json.webhook === 'string' ? json.webhook : undefined,
			tool: typeof json.tool === 'string' ? json.tool : undefined,
		},
	};
}

/** Refuses an item the Tool Call node routed to another webhook: the output is wired to the wrong node. */
export function checkRouting(item: AgentItem, nodeName: string): ToolUnavailableError | undefined {
	if (item.webhook === undefined || item.tool === undefined || item.webhook === nodeName) return undefined;
	return new ToolUnavailableError(
		`The tool "${item.tool}" is linked to the webhook "${item.webhook}", but its call reached "${nodeName}"; the workflow is wired wrongly, so the call was not sent.`,
	);
}
