import type { JsonValue } from './types';

/** Every way a webhook call can fail, as the agent sees it. */
export type ErrorCode =
	| 'missing_params'
	| 'invalid_value'
	| 'timeout'
	| 'http_error'
	| 'network_error'
	| 'tool_unavailable'
	| 'config_error'
	| 'internal_error';

/** The error object inside a failed agent result. */
export type AgentError = {
	code: ErrorCode;
	message: string;
	status?: number;
	missing?: string[];
	details?: JsonValue;
};

/**
 * Base of the typed failures; `code` is the discriminant. The engine never throws them: every function
 * returns a failure as a value, up to the agent result. Only a node adapter throws one, wrapped in an
 * n8n error, when the builder chose to fail the execution.
 */
export abstract class RedFlareError extends Error {
	abstract readonly code: ErrorCode;

	toAgentError(): AgentError {
		return { code: this.code, message: this.message };
	}
}

/** A required dynamic value is absent: nothing was sent. */
export class MissingParamsError extends RedFlareError {
	readonly code = 'missing_params';

	constructor(readonly missing: string[]) {
		super(
			`Missing required ${missing.length === 1 ? 'value' : 'values'}: ${missing.join(', ')}. Ask the customer for ${missing.length === 1 ? 'it' : 'them'} and try again.`,
		);
	}

	toAgentError(): AgentError {
		return { code: this.code, message: this.message, missing: [...this.missing] };
	}
}

/** A value does not convert to its data type: nothing was sent. */
export class InvalidValueError extends RedFlareError {
	readonly code = 'invalid_value';
}

/** The webhook is wrong as configured (bad URL, unknown secret, duplicate names...). */
export class ConfigError extends RedFlareError {
	readonly code = 'config_error';
}

/** The endpoint did not answer in full within the timeout. */
export class TimeoutError extends RedFlareError {
	readonly code = 'timeout';
}

/** The endpoint answered with a status that is not a success. */
export class HttpError extends RedFlareError {
	readonly code = 'http_error';

	constructor(
		message: string,
		readonly status: number,
		readonly details?: JsonValue,
	) {
		super(message);
	}

	toAgentError(): AgentError {
		const error: AgentError = { code: this.code, message: this.message, status: this.status };
		if (this.details !== undefined) error.details = this.details;
		return error;
	}
}

/** The endpoint could not be reached (refused, reset, DNS, cancelled). */
export class NetworkError extends RedFlareError {
	readonly code = 'network_error';
}

/** The tool is not linked to a working webhook. */
export class ToolUnavailableError extends RedFlareError {
	readonly code = 'tool_unavailable';
}

/** Something unexpected went wrong inside the package: still an agent result, never a crashed execution. */
export class InternalError extends RedFlareError {
	readonly code = 'internal_error';
}
