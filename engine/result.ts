import type { AgentError, RedFlareError } from './errors';
import type { ReplyFormat } from './formats';
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
	/** The platform the request came from, for the Tool Call node's reply (never sent to the platform). */
	format?: ReplyFormat;
};

/** A call that did not go through, told so the agent can respond gracefully. */
export type AgentFailure = {
	ok: false;
	error: AgentError;
	toolCallId?: string;
	/** The platform the request came from, for the Tool Call node's reply (never sent to the platform). */
	format?: ReplyFormat;
};

/** What the agent gets back for every call, success or failure. */
export type AgentResult = AgentSuccess | AgentFailure;

/** The agent result of a typed failure. */
export function failure(error: RedFlareError): AgentFailure {
	return { ok: false, error: error.toAgentError() };
}

/** What ties a result to the call it answers. */
export interface CallTags {
	/** The platform's id of the call, so that it can pair the answer with its call. */
	toolCallId?: string;
	/** The platform the request came from, so that the reply can answer in its format. */
	format?: ReplyFormat;
}

/** Adds the call's tags that are set (the id, the platform) to a result. */
export function withCall<T extends AgentResult>(result: T, tags: CallTags): T {
	let tagged = result;
	if (tags.toolCallId !== undefined) tagged = { ...tagged, toolCallId: tags.toolCallId };
	if (tags.format !== undefined) tagged = { ...tagged, format: tags.format };
	return tagged;
}

/** Whether a value has the shape of an agent result (used when replying to the agent). */
export function isAgentResult(value: unknown): value is AgentResult {
	if (value === null || typeof value !== 'object') return false;
	const candidate = value as { ok?: unknown; error?: unknown };
	return candidate.ok === true || (candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null);
}
