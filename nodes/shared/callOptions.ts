import type { IExecuteFunctions } from 'n8n-workflow';

import type { ExecuteOptions } from '../../engine';
import { ExecutionSecrets } from './secrets';
import { n8nTransport } from './transport';

/** The node options that shape one call and its answer (the Options collection, as n8n stores it). */
export interface ResponseOptions {
	includeHeaders?: boolean;
	maxResponseBytes?: number;
	maxResultChars?: number;
	keepFields?: string;
	retries?: number;
	retryNonIdempotent?: boolean;
}

/** What a call needs from an n8n context: the credential, the request helper, the cancel signal and the logger. */
export type CallContext = Pick<IExecuteFunctions, 'getCredentials' | 'helpers' | 'getExecutionCancelSignal' | 'logger'>;

/** The engine's options for one call made from an n8n context: n8n's transport, secrets read at send time. */
export function callOptions(context: CallContext, itemIndex: number, options: ResponseOptions): ExecuteOptions {
	return {
		transport: n8nTransport(context.helpers),
		// One call: the credential is read once for it, and only the names it asks for are kept.
		resolveSecrets: async (names) => await new ExecutionSecrets(context, names).resolverFor(itemIndex)(names),
		signal: context.getExecutionCancelSignal(),
		logger: context.logger,
		maxResponseBytes: options.maxResponseBytes,
		maxChars: options.maxResultChars,
		keepFields: (options.keepFields ?? '').split(','),
		includeHeaders: options.includeHeaders,
		retry: { retries: options.retries ?? 0, retryNonIdempotent: options.retryNonIdempotent },
	};
}
