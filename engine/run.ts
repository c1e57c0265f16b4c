import { checkRouting, readAgentItem } from './input';
import { internalFailure } from './internal';
import { planRequest } from './plan';
import { definitionOutcome } from './prepared';
import { failure, withToolCallId, type AgentResult } from './result';
import { sendPlan, type SendOptions } from './send';

export interface ExecuteOptions extends SendOptions {
	/** The name of the node running the webhook, to refuse items routed to another one. */
	nodeName?: string;
	/** Dot path to the dynamic values in the item; default `params`, else the item itself. */
	valuesPath?: string;
}

/**
 * Runs one webhook call for one agent item: validate the definition (unless it is a
 * `PreparedDefinition`), read the dynamic values, plan, send, shape. Always returns an agent result
 * carrying the item's tool call id, whatever the definition, the item or the endpoint hold: anything
 * unexpected is an `internal_error` result.
 */
export async function executeWebhook(definition: unknown, item: unknown, options: ExecuteOptions): Promise<AgentResult> {
	let toolCallId: string | undefined;
	try {
		const read = readAgentItem(item, options.valuesPath);
		if (!read.ok) return withToolCallId(failure(read.error), read.toolCallId);
		toolCallId = read.item.toolCallId;
		const misrouted = options.nodeName === undefined ? undefined : checkRouting(read.item, options.nodeName);
		if (misrouted) return withToolCallId(failure(misrouted), toolCallId);
		const parsed = definitionOutcome(definition);
		if (!parsed.ok) return withToolCallId(failure(parsed.error), toolCallId);
		const planned = planRequest(parsed.definition, read.item.values);
		if (!planned.ok) return withToolCallId(failure(planned.error), toolCallId);
		return withToolCallId(await sendPlan(planned.plan, options), toolCallId);
	} catch (error) {
		return withToolCallId(internalFailure(error, options.logger, 'executeWebhook'), toolCallId);
	}
}
