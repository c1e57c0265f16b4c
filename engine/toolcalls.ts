import { MAX_DATA_DEPTH, deeperThan } from './depth';
import { InvalidValueError, type RedFlareError } from './errors';
import { getPath, isRecord, parseJsonText, textOf } from './paths';
import type { AgentResult } from './result';
import type { JsonValue } from './types';

/** Agent platforms whose tool-call payloads the Tool Call node reads. */
export const PAYLOAD_FORMATS = ['auto', 'redflare', 'openaiChat', 'openaiResponses', 'vapi', 'retell', 'elevenlabs', 'custom'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];
export type ReplyFormat = Exclude<PayloadFormat, 'auto' | 'custom'>;

/** One tool call, whatever platform sent it. */
export interface ToolCall {
	tool: string;
	params: Record<string, unknown>;
	toolCallId?: string;
	conversationId?: string;
}

/** A call found in a payload, or why a part of it could not be read. */
export type ParsedCall = { ok: true; call: ToolCall } | { ok: false; error: RedFlareError; toolCallId?: string; tool?: string };

export interface ParseOptions {
	format: PayloadFormat;
	/** ElevenLabs server tools send only the params: the tool name is configured. */
	elevenLabsTool?: string;
	/** Custom format: dot paths to the tool name, the arguments and the call id. */
	custom?: { toolPath: string; argumentsPath: string; callIdPath?: string };
}

type Payload = Record<string, unknown>;

/** Arguments arrive as an object, a JSON string (OpenAI), or nothing. */
function argumentsOf(raw: unknown, tool: string): Record<string, unknown> | InvalidValueError {
	if (raw === undefined || raw === null || raw === '') return {};
	const parsed = parseJsonText(raw);
	if (!parsed.ok) return new InvalidValueError(`The arguments of the call to ${tool} are not valid JSON.`);
	// n8n copies and stores every output item with recursive code: such arguments would crash it.
	if (deeperThan(parsed.value, MAX_DATA_DEPTH)) return new InvalidValueError(`The arguments of the call to ${tool} are nested deeper than ${MAX_DATA_DEPTH} levels.`);
	return isRecord(parsed.value) ? parsed.value : new InvalidValueError(`The arguments of the call to ${tool} are not an object of named values.`);
}

function call(tool: unknown, rawArguments: unknown, toolCallId: unknown, conversationId?: unknown): ParsedCall {
	const id = textOf(toolCallId);
	const name = textOf(tool);
	if (name === undefined) return { ok: false, error: new InvalidValueError('A tool call has no tool name.'), toolCallId: id };
	const params = argumentsOf(rawArguments, name);
	if (params instanceof InvalidValueError) return { ok: false, error: params, toolCallId: id, tool: name };
	const parsed: ToolCall = { tool: name, params };
	if (id !== undefined) parsed.toolCallId = id;
	const conversation = textOf(conversationId);
	if (conversation !== undefined) parsed.conversationId = conversation;
	return { ok: true, call: parsed };
}

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function openAiChatCalls(payload: Payload): unknown[] {
	return [
		...list(payload.tool_calls),
		...list(getPath(payload, 'message.tool_calls')),
		...list(payload.choices).flatMap((choice) => list(getPath(choice, 'message.tool_calls'))),
	];
}

function responsesCalls(payload: Payload): unknown[] {
	const items = payload.type === 'function_call' ? [payload] : list(payload.output);
	return items.filter((item) => isRecord(item) && item.type === 'function_call');
}

const readers: Record<Exclude<PayloadFormat, 'auto' | 'elevenlabs' | 'custom'>, { detect: (payload: Payload) => boolean; read: (payload: Payload) => ParsedCall[] }> = {
	vapi: {
		detect: (payload) => Array.isArray(getPath(payload, 'message.toolCallList')),
		read: (payload) =>
			list(getPath(payload, 'message.toolCallList')).map((entry) =>
				call(getPath(entry, 'function.name'), getPath(entry, 'function.arguments'), getPath(entry, 'id'), getPath(payload, 'message.call.id')),
			),
	},
	openaiResponses: {
		detect: (payload) => responsesCalls(payload).length > 0,
		read: (payload) => responsesCalls(payload).map((entry) => call(getPath(entry, 'name'), getPath(entry, 'arguments'), getPath(entry, 'call_id'))),
	},
	openaiChat: {
		detect: (payload) => openAiChatCalls(payload).length > 0,
		read: (payload) =>
			openAiChatCalls(payload).map((entry) => call(getPath(entry, 'function.name'), getPath(entry, 'function.arguments'), getPath(entry, 'id'))),
	},
	retell: {
		detect: (payload) => typeof payload.name === 'string' && 'args' in payload,
		read: (payload) => [call(payload.name, payload.args, undefined, getPath(payload, 'call.call_id'))],
	},
	redflare: {
		detect: (payload) => typeof payload.tool === 'string',
		read: (payload) => [call(payload.tool, payload.params, payload.toolCallId, payload.conversationId)],
	},
};

/** The order auto-detection tries: the most specific shapes first. */
const DETECTION_ORDER = ['vapi', 'openaiResponses', 'openaiChat', 'retell', 'redflare'] as const;

/** The payload objects of an item: its top level, and `body` where n8n's Webhook trigger puts a request. */
function candidates(item: unknown): Payload[] {
	if (!isRecord(item)) return [];
	return isRecord(item.body) ? [item, item.body] : [item];
}

function readPayload(payload: Payload, options: ParseOptions): ParsedCall[] | undefined {
	switch (options.format) {
		case 'auto': {
			const format = DETECTION_ORDER.find((name) => readers[name].detect(payload));
			return format ? readers[format].read(payload) : undefined;
		}
		case 'elevenlabs':
			return [call(options.elevenLabsTool, payload, undefined, undefined)];
		case 'custom': {
			const paths = options.custom;
			if (!paths) return undefined;
			const tool = getPath(payload, paths.toolPath);
			if (tool === undefined) return undefined;
			return [call(tool, getPath(payload, paths.argumentsPath), paths.callIdPath ? getPath(payload, paths.callIdPath) : undefined)];
		}
		default:
			return readers[options.format].detect(payload) ? readers[options.format].read(payload) : undefined;
	}
}

/**
 * Finds every tool call in one incoming item (top level or under `body`).
 * Returns one entry per call; an item with no recognisable call gives one invalid_value entry.
 */
export function parseToolCalls(item: unknown, options: ParseOptions): ParsedCall[] {
	const payloads = candidates(item);
	// ElevenLabs sends the params as the whole body: prefer `body` when the Webhook trigger wrapped it.
	const ordered = options.format === 'elevenlabs' ? [...payloads].reverse() : payloads;
	for (const payload of ordered) {
		const calls = readPayload(payload, options);
		if (calls && calls.length > 0) return calls;
	}
	return [{ ok: false, error: new InvalidValueError(`No tool call was found in the request (payload format: ${options.format}).`) }];
}

/**
 * What an agent that wants a string gets: compact JSON of the data (text as is), or the error message.
 * A note (truncation, binary content) stays visible: the data and the note then travel together.
 */
export function resultText(result: AgentResult): string {
	if (!result.ok) return result.error.message;
	if (result.note) return JSON.stringify({ data: result.data, note: result.note });
	return typeof result.data === 'string' ? result.data : JSON.stringify(result.data);
}

function single(results: AgentResult[]): JsonValue {
	const plain = results.map((result) => result as JsonValue);
	return plain.length === 1 ? plain[0] : { results: plain };
}

/** Builds the one reply the platform expects from every result of the execution. */
export function formatReply(results: AgentResult[], format: ReplyFormat): JsonValue {
	switch (format) {
		case 'vapi':
			return { results: results.map((result) => ({ toolCallId: result.toolCallId ?? null, result: resultText(result) })) };
		case 'openaiChat':
			return {
				messages: results.map((result) => ({ role: 'tool', tool_call_id: result.toolCallId ?? null, content: resultText(result) })),
			};
		case 'openaiResponses':
			return {
				input: results.map((result) => ({ type: 'function_call_output', call_id: result.toolCallId ?? null, output: resultText(result) })),
			};
		case 'retell':
		case 'elevenlabs':
		case 'redflare':
			// These platforms take the result object itself as the response body.
			return single(results);
	}
}
