import type { ReplyFormat } from './formats';
import type { AgentResult } from './result';
import type { JsonValue } from './types';

/**
 * What an agent that wants a string gets: compact JSON of the data (text as is), or the error message.
 * A note (truncation, binary content) stays visible: the data and the note then travel together.
 */
export function replyText(result: AgentResult): string {
	if (!result.ok) return result.error.message;
	if (result.note) return JSON.stringify({ data: result.data, note: result.note });
	return typeof result.data === 'string' ? result.data : JSON.stringify(result.data);
}

/** A result as a platform receives it: without the `format` the Tool Call node put on it for the reply. */
function asSent(result: AgentResult): JsonValue {
	const { format, ...sent } = result;
	return sent as JsonValue;
}

function single(results: AgentResult[]): JsonValue {
	const plain = results.map(asSent);
	return plain.length === 1 ? plain[0] : { results: plain };
}

/** Builds the one reply the platform expects from every result of the execution. */
export function formatReply(results: AgentResult[], format: ReplyFormat): JsonValue {
	switch (format) {
		case 'vapi':
			return { results: results.map((result) => ({ toolCallId: result.toolCallId ?? null, result: replyText(result) })) };
		case 'openaiChat':
			return {
				messages: results.map((result) => ({ role: 'tool', tool_call_id: result.toolCallId ?? null, content: replyText(result) })),
			};
		case 'openaiResponses':
			return {
				input: results.map((result) => ({ type: 'function_call_output', call_id: result.toolCallId ?? null, output: replyText(result) })),
			};
		case 'retell':
		case 'elevenlabs':
		case 'redflare':
			// These platforms take the result object itself as the response body.
			return single(results);
	}
}

/**
 * The platform the request came from, as the results carry it (the Tool Call node's Route puts it on
 * every item): `none` when no result says, `mixed` when they disagree.
 */
export function requestFormat(results: AgentResult[]): { ok: true; format: ReplyFormat } | { ok: false; reason: 'none' | 'mixed' } {
	const formats = [...new Set(results.flatMap((result) => (result.format === undefined ? [] : [result.format])))];
	if (formats.length === 1) return { ok: true, format: formats[0] };
	return { ok: false, reason: formats.length === 0 ? 'none' : 'mixed' };
}
