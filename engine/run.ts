import { checkRouting, readAgentItem } from './input';
import { internalFailure } from './internal';
import { planRequest } from './plan';
import { definitionOutcome } from './prepared';
import { failure, withCall, type AgentResult, type CallTags } from './result';
import { sendPlan, type SendOptions } from './send';

/** `executeWebhook`'s options: those of `sendPlan`, and where the item's values are. */
export interface ExecuteOptions extends SendOptions {
	/** The name of the node running the webhook, to refuse items routed to another one. */
	nodeName?: string;
	/** Dot path to the dynamic values in the item; default `params`, else the item itself. */
	valuesPath?: string;
}

/**
 * Runs one webhook call for one agent item: validate the definition (unless it is a
 * `PreparedDefinition`), read the dynamic values, plan, send, shape. Always returns an agent result
 * carrying the item's tool call id and platform, whatever the definition, the item or the endpoint
 * hold: anything unexpected is an `internal_error` result.
 */
export async function executeWebhook(definition: unknown, item: unknown, options: ExecuteOptions): Promise<AgentResult> {
	let tags: CallTags = {};
	try {
		const read = readAgentItem(item, options.valuesPath);
		if (!read.ok) return withCall(failure(read.error), read.tags);
		tags = { toolCallId: read.item.toolCallId, format: read.item.format };
		const misrouted = options.nodeName === undefined ? undefined : checkRouting(read.item, options.nodeName);
		if (misrouted) return withCall(failure(misrouted), tags);
		const parsed = definitionOutcome(definition);
		if (!parsed.ok) return withCall(failure(parsed.error), tags);
		const planned = planRequest(parsed.definition, read.item.values);
		if (!planned.ok) return withCall(failure(planned.error), tags);
		return withCall(await sendPlan(planned.plan, options), tags);
	} catch (error) {
		return withCall(internalFailure(error, options.logger, 'executeWebhook'), tags);
	}
}
