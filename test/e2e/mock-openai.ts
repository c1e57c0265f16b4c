/**
 * A scripted stand-in for OpenAI's Chat Completions API (`POST /v1/chat/completions`) on 127.0.0.1,
 * for n8n's OpenAI Chat Model node. It records every request body and answers through a script that
 * sees the conversation so far: tool calls, or a final text. Nothing is asserted here; the tests read
 * the recorded requests.
 */
import { startLocalServer, type LocalServer } from './local-server';

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: ToolCall[];
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean } }>;
	stream?: boolean;
}

/** What the script answers: tool calls (arguments as objects, sent as JSON text) or the final text. */
export type ModelTurn = { toolCalls: Array<{ id: string; name: string; arguments: Record<string, unknown> }> } | { text: string };

export interface MockOpenAi {
	/** The base URL to put in the OpenAI credential: `http://127.0.0.1:<port>/v1`. */
	baseUrl: string;
	/** Every chat completion request, parsed, in order. */
	requests: ChatRequest[];
	close(): Promise<void>;
}

/** The text of a message, whether n8n sent it as a string or as content parts. */
export function messageText(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	return (message.content ?? []).map((part) => part.text ?? '').join('');
}

/** Whether the conversation so far holds the answer (the tool message) to tool call `id`. */
export const answered = (request: ChatRequest, id: string) => request.messages.some((message) => message.role === 'tool' && message.tool_call_id === id);

/** The tool messages of a model request, by tool call id, parsed. */
export function toolMessages(request: ChatRequest): Record<string, unknown> {
	return Object.fromEntries(
		request.messages.filter((message) => message.role === 'tool').map((message) => [message.tool_call_id, JSON.parse(messageText(message)) as unknown]),
	);
}

function completion(turn: ModelTurn, model: string) {
	const message =
		'text' in turn
			? { role: 'assistant', content: turn.text }
			: {
					role: 'assistant',
					content: null,
					tool_calls: turn.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } })),
				};
	return {
		id: `chatcmpl-e2e-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: 'text' in turn ? 'stop' : 'tool_calls' }],
		usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
	};
}

/** Starts the mock; `script` decides each answer from the request (the whole conversation so far). */
export async function startMockOpenAi(script: (request: ChatRequest) => ModelTurn): Promise<MockOpenAi> {
	const requests: ChatRequest[] = [];
	const server: LocalServer = await startLocalServer((received) => {
		if (received.method !== 'POST' || received.url !== '/v1/chat/completions') return { status: 404, json: { error: { message: `no route ${received.method} ${received.url}` } } };
		const request = JSON.parse(received.text) as ChatRequest;
		requests.push(request);
		return { json: completion(script(request), request.model) };
	});
	return { baseUrl: `${server.origin}/v1`, requests, close: async () => await server.close() };
}
