import type { AgentError, RedFlareError } from './errors';
import type { JsonValue } from './types';

/** A call that went through: the endpoint's answer, parsed. */
export type AgentSuccess = {
	ok: true;
	status: number;
	data: JsonValue;
	/** Why the data is not the whole answer (truncated, binary, not JSON after all). */
	note?: string;
	headers?: Record<string, string>;
	toolCallId?: string;
};

/** A call that did not go through, told so the agent can respond gracefully. */
export type AgentFailure = {
	ok: false;
	error: AgentError;
	toolCallId?: string;
};

/** What the agent gets back for every call, success or failure. */
export type AgentResult = AgentSuccess | AgentFailure;

export function failure(error: RedFlareError): AgentFailure {
	return { ok: false, error: error.toAgentError() };
}

/** Adds the tool call id (when there is one) so the platform can pair the answer with its call. */
export function withToolCallId<T extends AgentResult>(result: T, toolCallId: string | undefined): T {
	return toolCallId === undefined ? result : { ...result, toolCallId };
}

/** Whether a value has the shape of an agent result (used when replying to the agent). */
export function isAgentResult(value: unknown): value is AgentResult {
	if (value === null || typeof value !== 'object') return false;
	const candidate = value as { ok?: unknown; error?: unknown };
	return candidate.ok === true || (candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null);
}
