import type { IExecuteFunctions } from 'n8n-workflow';

import { ConfigError } from '../../engine';

/** The message of anything thrown: n8n throws Errors, an expression may throw anything. */
export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * One parameter of one item, or a config_error naming it by its panel label when it cannot be read (its
 * expression fails): the node answers the agent with it instead of failing the execution.
 */
export function readParameter<T>(context: Pick<IExecuteFunctions, 'getNodeParameter'>, name: string, label: string, itemIndex: number, fallback: T): T | ConfigError {
	try {
		return context.getNodeParameter(name, itemIndex, fallback) as T;
	} catch (error) {
		return new ConfigError(`The parameter "${label}" could not be read: ${messageOf(error)}`);
	}
}
