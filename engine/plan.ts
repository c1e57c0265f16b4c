import { convertConverted, convertValue } from './convert';
import { dynamicParamOf } from './definition';
import { ConfigError, MissingParamsError, RedFlareError } from './errors';
import { buildNested } from './nested';
import { checkArguments, type CheckedValues } from './params';
import { bodyClash, fieldLabel, invalidArguments, unfilledPlaceholder, unusableValue, type FieldRef } from './problems';
import { headerValueProblem } from './text';
import type { BodyContentType, DataType, FieldDefinition, FieldLocation, HttpMethod, Scalar, WebhookDefinition } from './types';
import { methodHasBody } from './types';
import { encodeSegment, parseUrlTemplate } from './url';

/**
 * A value in a plan: already converted, with the exact text it is sent as (`origin` says whether the
 * builder or the agent supplied it; `param` is the Dynamic Param that did), or a reference to a secret
 * resolved only when sending.
 */
export type PlannedValue =
	| { kind: 'value'; value: Scalar; text: string; origin: 'static' | 'dynamic'; param?: string }
	| { kind: 'secret'; name: string; dataType: DataType };

/** A header, query or body field of the plan: its name and its planned value. */
export interface PlannedField {
	name: string;
	value: PlannedValue;
}

export type PlannedPathPart = { kind: 'text'; text: string } | { kind: 'segment'; field: string; value: PlannedValue };

/** Everything needed to send the call, with secrets still as references. Pure data. */
export interface RequestPlan {
	webhook: string;
	method: HttpMethod;
	timeoutMs: number;
	origin: string;
	path: PlannedPathPart[];
	/** Query text written in the URL itself. */
	urlQuery: string;
	headers: PlannedField[];
	query: PlannedField[];
	body?: { contentType: BodyContentType; fields: PlannedField[] };
	/** The secrets the call needs, each once. */
	secretNames: string[];
}

/** What `planRequest` returns: the plan, or the typed failure (nothing is sent). */
export type PlanOutcome = { ok: true; plan: RequestPlan } | { ok: false; error: RedFlareError };

/** A field's value for this call: planned, absent (an optional value the agent left out), or why it cannot be used. */
function resolveField(field: FieldDefinition, location: FieldLocation, values: CheckedValues): PlannedValue | undefined | RedFlareError {
	switch (field.valueType) {
		case 'secret':
			return { kind: 'secret', name: field.secretName, dataType: field.dataType };
		case 'static': {
			const converted = convertValue(field.value, field.dataType);
			if (!converted.ok) return new ConfigError(`The static value of ${fieldLabel({ location, name: field.name })} does not fit its data type: ${converted.reason}`);
			return { kind: 'value', value: converted.value, text: converted.text, origin: 'static' };
		}
		case 'dynamic': {
			const param = dynamicParamOf(field);
			const checked = values.get(param);
			if (checked === undefined) return undefined;
			// A field with a data type of its own (node version 1) converts the param's value again.
			const converted = field.dataType === undefined ? checked : convertConverted(checked, field.dataType);
			if (!converted.ok) return invalidArguments([{ param, reason: converted.reason, field: { location, name: field.name } }]);
			return { kind: 'value', value: converted.value, text: converted.text, origin: 'dynamic', param };
		}
	}
}

/** Where a planned value came from, for a message about it. */
function sourceOf(value: PlannedValue) {
	if (value.kind === 'secret') return { kind: 'secret' as const, name: value.name };
	return value.origin === 'dynamic' && value.param !== undefined ? { kind: 'dynamic' as const, param: value.param } : { kind: 'static' as const };
}

/**
 * Why a value cannot travel in its place exactly as planned, if it cannot: a header value HTTP cannot
 * carry as it is (clients strip what they cannot carry), or a path value that is not one segment.
 */
export function placementProblem(field: FieldRef, value: PlannedValue, text: string): RedFlareError | undefined {
	let reason: string | undefined;
	if (field.location === 'headers') reason = headerValueProblem(text);
	if (field.location === 'path') {
		const encoded = encodeSegment(text);
		reason = encoded.ok ? undefined : encoded.reason;
	}
	return reason === undefined ? undefined : unusableValue(field, sourceOf(value), reason);
}

/** The planned fields of a section (absent optional values left out), or the first field that cannot be used. */
function resolveSection(fields: FieldDefinition[], location: FieldLocation, values: CheckedValues): PlannedField[] | RedFlareError {
	const planned: PlannedField[] = [];
	for (const field of fields) {
		const value = resolveField(field, location, values);
		if (value instanceof RedFlareError) return value;
		if (!value) continue;
		const problem = value.kind === 'value' ? placementProblem({ location, name: field.name }, value, value.text) : undefined;
		if (problem) return problem;
		planned.push({ name: field.name, value });
	}
	return planned;
}

/** A placeholder without a Path Params row is filled by the Dynamic Param of its name. */
function placeholderField(definition: WebhookDefinition, name: string): FieldDefinition | undefined {
	return definition.dynamicParams.some((entry) => entry.name === name) ? { name, valueType: 'dynamic', dynamicParam: name } : undefined;
}

interface PlannedUrl {
	origin: string;
	urlQuery: string;
	path: PlannedPathPart[];
}

function planUrl(definition: WebhookDefinition, values: CheckedValues): PlannedUrl | RedFlareError {
	const parsed = parseUrlTemplate(definition.url);
	if (!parsed.ok) return parsed.error;
	const { template } = parsed;
	const byName = new Map(definition.path.map((field) => [field.name, field]));
	const used = new Set<string>();
	const path: PlannedPathPart[] = [];
	const segment = (field: FieldDefinition, value: PlannedValue): RedFlareError | undefined => {
		const problem = value.kind === 'value' ? placementProblem({ location: 'path', name: field.name }, value, value.text) : undefined;
		if (!problem) path.push({ kind: 'segment', field: field.name, value });
		return problem;
	};
	for (const part of template.path) {
		if (part.kind === 'text') {
			path.push(part);
			continue;
		}
		const field = byName.get(part.name) ?? placeholderField(definition, part.name);
		if (!field) return new ConfigError(unfilledPlaceholder(part.name));
		used.add(part.name);
		const value = resolveField(field, 'path', values);
		if (value instanceof RedFlareError) return value;
		// A placeholder cannot be left out without changing which resource is addressed.
		if (!value) return new MissingParamsError([field.valueType === 'dynamic' ? dynamicParamOf(field) : field.name]);
		const problem = segment(field, value);
		if (problem) return problem;
	}
	for (const field of definition.path) {
		if (used.has(field.name)) continue;
		const value = resolveField(field, 'path', values);
		if (value instanceof RedFlareError) return value;
		if (!value) continue;
		const last = path[path.length - 1];
		if (!(last?.kind === 'text' && last.text.endsWith('/'))) path.push({ kind: 'text', text: '/' });
		const problem = segment(field, value);
		if (problem) return problem;
	}
	return { origin: template.origin, urlQuery: template.query, path };
}

/**
 * Plans a call: definition + the agent's dynamic values → a request plan with secret references,
 * or a typed failure (`missing_params`, `invalid_value`, `config_error`). Pure: sends nothing, reads no secret.
 */
export function planRequest(definition: WebhookDefinition, dynamicValues: Record<string, unknown>): PlanOutcome {
	const checked = checkArguments(definition.dynamicParams, dynamicValues);
	if (!checked.ok) return checked;
	const url = planUrl(definition, checked.values);
	if (url instanceof RedFlareError) return { ok: false, error: url };
	const headers = resolveSection(definition.headers, 'headers', checked.values);
	if (headers instanceof RedFlareError) return { ok: false, error: headers };
	const query = resolveSection(definition.query, 'query', checked.values);
	if (query instanceof RedFlareError) return { ok: false, error: query };
	let body: RequestPlan['body'];
	if (methodHasBody(definition.method)) {
		const fields = resolveSection(definition.body, 'body', checked.values);
		if (fields instanceof RedFlareError) return { ok: false, error: fields };
		const nested = buildNested(fields);
		if (!nested.ok) return { ok: false, error: new ConfigError(bodyClash(nested.clash)) };
		body = { contentType: definition.bodyContentType, fields };
	}
	const planned: PlannedValue[] = [
		...url.path.flatMap((part) => (part.kind === 'segment' ? [part.value] : [])),
		...[...headers, ...query, ...(body?.fields ?? [])].map((field) => field.value),
	];
	const secretNames = [...new Set(planned.flatMap((value) => (value.kind === 'secret' ? [value.name] : [])))];
	return {
		ok: true,
		plan: {
			webhook: definition.name,
			method: definition.method,
			timeoutMs: definition.timeoutSeconds * 1000,
			...url,
			headers,
			query,
			body,
			secretNames,
		},
	};
}
