import {
	materialize,
	parseDefinition,
	planRequest,
	type HttpRequest,
	type RequestPlan,
	type WebhookDefinition,
	type WebhookDefinitionInput,
} from '../../engine';

/** A valid definition with the given parts; fails the test when it does not parse. */
export function definition(input: Partial<WebhookDefinitionInput> = {}): WebhookDefinition {
	const parsed = parseDefinition({ name: 'order_lookup', method: 'GET', url: 'https://api.example.com/orders', ...input });
	if (!parsed.ok) throw new Error(`definition should parse: ${parsed.error.message}`);
	return parsed.definition;
}

/** Plans a call; fails the test when planning fails. */
export function plan(input: Partial<WebhookDefinitionInput>, values: Record<string, unknown> = {}): RequestPlan {
	const planned = planRequest(definition(input), values);
	if (!planned.ok) throw new Error(`plan should succeed: ${planned.error.code} ${planned.error.message}`);
	return planned.plan;
}

/** Plans and materializes a call; fails the test when either step fails. */
export function build(
	input: Partial<WebhookDefinitionInput>,
	values: Record<string, unknown> = {},
	secrets: Record<string, string> = {},
): HttpRequest {
	const built = materialize(plan(input, values), new Map(Object.entries(secrets)));
	if (!built.ok) throw new Error(`materialize should succeed: ${built.error.code} ${built.error.message}`);
	return built.request;
}
