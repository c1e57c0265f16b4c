import type { IExecuteFunctions } from 'n8n-workflow';

import { ConfigError, type ExecuteOptions, type SecretResolver } from '../../engine';
import { DEFAULT_MAX_RESULT_CHARS, MAX_ERROR_DETAIL_CHARS, OPTIONS_PARAMETER } from './options';
import { messageOf } from './parameterRead';
import { n8nTransport } from './transport';

/** The Options collection as n8n stores it (an option not added is missing). */
export interface CallOptions {
	valuesPath?: string;
	includeHeaders?: boolean;
	maxResponseBytes?: number;
	maxResultChars?: number;
	onFailure?: 'return' | 'fail';
	keepFields?: string;
	retries?: number;
	retryNonIdempotent?: boolean;
	maxParallelCalls?: unknown;
}

/** What a call needs from an n8n context: the request helper, the cancel signal and the logger. */
export type CallContext = Pick<IExecuteFunctions, 'helpers' | 'getExecutionCancelSignal' | 'logger'>;

/** The options of one item, or a config_error when they cannot be read (an option's expression fails). */
export function readCallOptions(context: Pick<IExecuteFunctions, 'getNodeParameter'>, itemIndex: number): { ok: true; options: CallOptions } | { ok: false; error: ConfigError } {
	try {
		return { ok: true, options: context.getNodeParameter(OPTIONS_PARAMETER, itemIndex, {}) as CallOptions };
	} catch (error) {
		return { ok: false, error: new ConfigError(`The Options could not be read: ${messageOf(error)}`) };
	}
}

/**
 * Whether a failed call fails the execution (On Failure), read alone so that it holds even when another
 * option cannot be read; an On Failure that cannot be read itself returns the error to the agent.
 */
export function failsExecution(context: Pick<IExecuteFunctions, 'getNodeParameter'>, itemIndex: number): boolean {
	try {
		return context.getNodeParameter(`${OPTIONS_PARAMETER}.onFailure`, itemIndex, 'return') === 'fail';
	} catch {
		return false;
	}
}

/**
 * The engine's options for one call from the node's Options: n8n's transport, the given secrets, and
 * the voice-agent defaults where an option is not added (legacy versions hand everything over).
 */
export function executeOptions(context: CallContext, options: CallOptions, call: { legacy: boolean; resolveSecrets: SecretResolver }): ExecuteOptions {
	return {
		transport: n8nTransport(context.helpers),
		resolveSecrets: call.resolveSecrets,
		signal: context.getExecutionCancelSignal(),
		logger: context.logger,
		valuesPath: options.valuesPath,
		maxResponseBytes: options.maxResponseBytes,
		maxChars: options.maxResultChars ?? (call.legacy ? 0 : DEFAULT_MAX_RESULT_CHARS),
		maxErrorChars: call.legacy ? 0 : MAX_ERROR_DETAIL_CHARS,
		keepFields: (options.keepFields ?? '').split(','),
		includeHeaders: options.includeHeaders,
		retry: { retries: options.retries ?? 0, retryNonIdempotent: options.retryNonIdempotent },
	};
}
