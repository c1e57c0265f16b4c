import { InternalError } from './errors';
import { failure, type AgentFailure } from './result';

/** Where unexpected errors are reported (n8n passes its own logger); messages never carry values. */
export interface Logger {
	error(message: string, meta?: Record<string, unknown>): void;
}

const MESSAGE = 'Something unexpected went wrong inside the RedFlare webhook, so the call could not be completed.';

/**
 * The last resort: anything unexpected becomes an `internal_error` result, so one bad call never takes
 * down the conversation. Only the error's type and the code locations of its stack are logged: its
 * message could quote a value.
 */
export function internalFailure(error: unknown, logger: Logger | undefined, where: string): AgentFailure {
	const name = error instanceof Error ? error.name : typeof error;
	const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 10) : [];
	try {
		logger?.error(`RedFlare: an unexpected ${name} in ${where} was returned as an internal_error result`, { errorType: name, stack: stack.map((line) => line.trim()) });
	} catch {
		// A failing logger must not undo the last resort.
	}
	return failure(new InternalError(MESSAGE));
}
