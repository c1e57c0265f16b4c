import type { IDisplayOptions } from 'n8n-workflow';

/**
 * Which versions of a node keep the webhook parameters' first behaviour: every field has a data type
 * of its own (a Dynamic field converts its param's value again), the agent is handed answers and
 * HTTP error bodies whole. The Definition node's version 1 keeps it; the Webhook Tool never had it.
 */
export interface WebhookVersions {
	legacy: readonly number[];
}

/** Version 1 of the Definition node typed a Dynamic field twice (its own Type and its param's); version 2 takes the param's. */
export const DEFINITION_VERSIONS: WebhookVersions = { legacy: [1] };

/** Whether a node of this version keeps the first behaviour. */
export function isLegacy(versions: WebhookVersions, typeVersion: number): boolean {
	return versions.legacy.includes(typeVersion);
}

/**
 * Display options for a property of one behaviour, on top of its own: `legacy` ones show only on the
 * legacy versions, `current` ones on every other version. A node without legacy versions needs no
 * condition (and has no legacy properties at all: see `hasLegacy`).
 */
export function forBehaviour(versions: WebhookVersions, behaviour: 'legacy' | 'current', own: IDisplayOptions = {}): IDisplayOptions | undefined {
	if (versions.legacy.length === 0) return Object.keys(own).length > 0 ? own : undefined;
	const legacy = [...versions.legacy];
	if (behaviour === 'legacy') return { ...own, show: { ...own.show, '@version': legacy } };
	return { ...own, hide: { ...own.hide, '@version': legacy } };
}

/** Whether the node has legacy versions, whose properties must be offered too. */
export function hasLegacy(versions: WebhookVersions): boolean {
	return versions.legacy.length > 0;
}
