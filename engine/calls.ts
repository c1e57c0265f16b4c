import { MAX_DATA_DEPTH, deeperThan } from './depth';
import { InvalidValueError, type RedFlareError } from './errors';
import type { PayloadFormat, ReplyFormat } from './formats';
import { isRecord, parseJsonText, textOf } from './json';
import { getPath } from './paths';

/** One tool call, whatever platform sent it. */
export interface ToolCall {
	tool: string;
	params: Record<string, unknown>;
	toolCallId?: string;
	conversationId?: string;
}

/** A call found in a payload, or why a part of it could not be read. */
export type ParsedCall = { ok: true; call: ToolCall } | { ok: false; error: RedFlareError; toolCallId?: string; tool?: string };

/** The calls of one request, and the platform that sent it (to reply in its format). */
export interface ParsedRequest {
	format?: ReplyFormat;
	calls: ParsedCall[];
}

/** How `parseToolCalls` reads a payload: its format, and what that format needs to be read. */
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

/** The calls of one payload object and the platform they came from, or undefined when it holds none. */
function readPayload(payload: Payload, options: ParseOptions): ParsedRequest | undefined {
	switch (options.format) {
		case 'auto': {
			const format = DETECTION_ORDER.find((name) => readers[name].detect(payload));
			return format ? { format, calls: readers[format].read(payload) } : undefined;
		}
		case 'elevenlabs':
			return { format: 'elevenlabs', calls: [call(options.elevenLabsTool, payload, undefined, undefined)] };
		case 'custom': {
			const paths = options.custom;
			if (!paths) return undefined;
			const tool = getPath(payload, paths.toolPath);
			if (tool === undefined) return undefined;
			return { calls: [call(tool, getPath(payload, paths.argumentsPath), paths.callIdPath ? getPath(payload, paths.callIdPath) : undefined)] };
		}
		default:
			return readers[options.format].detect(payload) ? { format: options.format, calls: readers[options.format].read(payload) } : undefined;
	}
}

/**
 * Finds every tool call in one incoming item (top level or under `body`), and the platform that sent
 * them: the one auto-detection recognised, or the one chosen (none for Custom). An item with no
 * recognisable call gives one invalid_value entry.
 */
export function parseToolCalls(item: unknown, options: ParseOptions): ParsedRequest {
	const payloads = candidates(item);
	// ElevenLabs sends the params as the whole body: prefer `body` when the Webhook trigger wrapped it.
	const ordered = options.format === 'elevenlabs' ? [...payloads].reverse() : payloads;
	for (const payload of ordered) {
		const request = readPayload(payload, options);
		if (request && request.calls.length > 0) return request;
	}
	const error = new InvalidValueError(`No tool call was found in the request (payload format: ${options.format}).`);
	const chosen = options.format === 'auto' || options.format === 'custom' ? undefined : options.format;
	return { format: chosen, calls: [{ ok: false, error }] };
}
