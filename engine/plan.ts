import { convertConverted, convertValue, type Converted } from './convert';
import { dynamicParamOf, isFramingHeader } from './definition';
import { ConfigError, InvalidValueError, MissingParamsError, type RedFlareError } from './errors';
import { checkArguments, type CheckedValues } from './params';
import { buildNested, type Tree } from './paths';
import { MIN_SECRET_LENGTH } from './secrets';
import { headerValueProblem } from './text';
import type { BodyContentType, DataType, FieldDefinition, HttpMethod, Scalar, WebhookDefinition } from './types';
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

export type PlanOutcome = { ok: true; plan: RequestPlan } | { ok: false; error: RedFlareError };

/** A fully built request, secrets included: lives only inside the send step. */
export interface HttpRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	body?: string;
}

class PlanFailure extends Error {
	constructor(readonly error: RedFlareError) {
		super(error.message);
	}
}

function resolveField(field: FieldDefinition, values: CheckedValues): PlannedValue | undefined {
	switch (field.valueType) {
		case 'secret':
			return { kind: 'secret', name: field.secretName ?? '', dataType: field.dataType };
		case 'static': {
			const converted = convertValue(field.value, field.dataType);
			if (!converted.ok) throw new PlanFailure(new ConfigError(`The static value of "${field.name}" does not fit its data type: ${converted.reason}`));
			return { kind: 'value', value: converted.value, text: converted.text, origin: 'static' };
		}
		case 'dynamic': {
			const param = dynamicParamOf(field);
			const checked = values.get(param);
			if (checked === undefined) return undefined;
			const converted = convertConverted(checked, field.dataType);
			if (!converted.ok) throw new PlanFailure(new InvalidValueError(`Invalid value for ${param}: ${converted.reason}.`));
			return { kind: 'value', value: converted.value, text: converted.text, origin: 'dynamic', param };
		}
	}
}

function resolveSection(fields: FieldDefinition[], values: CheckedValues, check?: (field: string, value: PlannedValue) => void): PlannedField[] {
	const planned: PlannedField[] = [];
	for (const field of fields) {
		const value = resolveField(field, values);
		if (!value) continue;
		check?.(field.name, value);
		planned.push({ name: field.name, value });
	}
	return planned;
}

/** The error for a value that cannot be used: the agent's fault for dynamic values, the builder's otherwise. */
function unusable(field: string, value: PlannedValue, what: string, reason: string): RedFlareError {
	if (value.kind === 'value' && value.origin === 'dynamic') {
		const from = value.param && value.param !== field ? ` (from the Dynamic Param ${value.param})` : '';
		return new InvalidValueError(`Invalid ${what} for ${field}${from}: it ${reason}.`);
	}
	// A secret's reason would quote it, so only the field is named.
	const source = value.kind === 'secret' ? `The secret used by ${what} "${field}"` : `The static ${what} of "${field}"`;
	return new ConfigError(value.kind === 'secret' ? `${source} is not usable there` : `${source} ${reason}`);
}

function checkSegment(field: string, value: PlannedValue): void {
	if (value.kind !== 'value') return;
	const encoded = encodeSegment(value.text);
	if (!encoded.ok) throw new PlanFailure(unusable(field, value, 'path value', encoded.reason));
}

/** A header value must travel exactly as planned: HTTP clients strip what they cannot carry. */
function checkHeader(field: string, value: PlannedValue, text: string): void {
	const problem = headerValueProblem(text);
	if (problem) throw new PlanFailure(unusable(field, value, 'header value', problem));
}

/** A placeholder without a Path Params row is filled by the Dynamic Param of its name. */
function placeholderField(definition: WebhookDefinition, name: string): FieldDefinition | undefined {
	const param = definition.dynamicParams.find((entry) => entry.name === name);
	return param && { name, dataType: param.dataType, valueType: 'dynamic', dynamicParam: name };
}

function planPath(definition: WebhookDefinition, values: CheckedValues): { origin: string; urlQuery: string; path: PlannedPathPart[] } {
	const parsed = parseUrlTemplate(definition.url);
	if (!parsed.ok) throw new PlanFailure(parsed.error);
	const { template } = parsed;
	const byName = new Map(definition.path.map((field) => [field.name, field]));
	const used = new Set<string>();
	const path: PlannedPathPart[] = [];
	for (const part of template.path) {
		if (part.kind === 'text') {
			path.push(part);
			continue;
		}
		const field = byName.get(part.name) ?? placeholderField(definition, part.name);
		if (!field) throw new PlanFailure(new ConfigError(`The URL placeholder {${part.name}} has neither a Path Param nor a Dynamic Param of that name`));
		used.add(part.name);
		const value = resolveField(field, values);
		// A placeholder cannot be left out without changing which resource is addressed.
		if (!value) throw new PlanFailure(new MissingParamsError([dynamicParamOf(field)]));
		checkSegment(field.name, value);
		path.push({ kind: 'segment', field: field.name, value });
	}
	for (const field of definition.path) {
		if (used.has(field.name)) continue;
		const value = resolveField(field, values);
		if (!value) continue;
		checkSegment(field.name, value);
		const last = path[path.length - 1];
		if (!(last?.kind === 'text' && last.text.endsWith('/'))) path.push({ kind: 'text', text: '/' });
		path.push({ kind: 'segment', field: field.name, value });
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
	try {
		const { origin, urlQuery, path } = planPath(definition, checked.values);
		const headers = resolveSection(definition.headers, checked.values, (field, value) => {
			if (value.kind === 'value') checkHeader(field, value, value.text);
		});
		const query = resolveSection(definition.query, checked.values);
		let body: RequestPlan['body'];
		if (methodHasBody(definition.method)) {
			const fields = resolveSection(definition.body, checked.values);
			const nested = buildNested(fields);
			if (!nested.ok) throw new PlanFailure(new ConfigError(`Body: "${nested.clash}" clashes with another field name`));
			body = { contentType: definition.bodyContentType, fields };
		}
		const planned: PlannedValue[] = [
			...path.flatMap((part) => (part.kind === 'segment' ? [part.value] : [])),
			...[...headers, ...query, ...(body?.fields ?? [])].map((field) => field.value),
		];
		const secretNames = [...new Set(planned.flatMap((value) => (value.kind === 'secret' ? [value.name] : [])))];
		return {
			ok: true,
			plan: {
				webhook: definition.name,
				method: definition.method,
				timeoutMs: definition.timeoutSeconds * 1000,
				origin,
				path,
				urlQuery,
				headers,
				query,
				body,
				secretNames,
			},
		};
	} catch (error) {
		if (error instanceof PlanFailure) return { ok: false, error: error.error };
		throw error;
	}
}

function secretText(value: PlannedValue, secrets: ReadonlyMap<string, string>, field: string, sent: Set<string>): Converted {
	if (value.kind === 'value') return { ok: true, value: value.value, text: value.text };
	const raw = secrets.get(value.name);
	if (raw === undefined) throw new PlanFailure(new ConfigError(`The secret "${value.name}" used by "${field}" is not in the secrets credential`));
	const converted = convertValue(raw, value.dataType);
	// The reason would quote the secret, so it is left out.
	if (!converted.ok) throw new PlanFailure(new ConfigError(`The secret "${value.name}" used by "${field}" is not a valid ${value.dataType}`));
	// `00012345` as an Integer is sent as `12345`: what is sent must be as long as a secret must be.
	if (converted.text.length < MIN_SECRET_LENGTH) {
		throw new PlanFailure(new ConfigError(`The secret "${value.name}" used by "${field}" is sent as fewer than ${MIN_SECRET_LENGTH} characters as a ${value.dataType}, which cannot be kept out of responses reliably`));
	}
	sent.add(converted.text);
	return converted;
}

function formPairs(tree: Tree<number>, prefix: string, texts: string[], pairs: URLSearchParams): void {
	for (const [key, value] of Object.entries(tree)) {
		const name = prefix ? `${prefix}[${key}]` : key;
		if (typeof value === 'object') formPairs(value, name, texts, pairs);
		else pairs.append(name, texts[value]);
	}
}

/** JSON text of the body tree; numbers are written as their exact decimal text, digit for digit. */
function jsonBody(tree: Tree<number>, values: Converted[]): string {
	const members = Object.entries(tree).map(([key, value]) => {
		if (typeof value === 'object') return `${JSON.stringify(key)}:${jsonBody(value, values)}`;
		const leaf = values[value];
		return `${JSON.stringify(key)}:${typeof leaf.value === 'string' ? JSON.stringify(leaf.value) : leaf.text}`;
	});
	return `{${members.join(',')}}`;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/**
 * Builds the concrete request from a plan and the resolved secrets. `secretTexts` are the texts the
 * secrets were sent as (a converted Number secret may read differently): they are redacted too.
 */
export function materialize(
	plan: RequestPlan,
	secrets: ReadonlyMap<string, string>,
): { ok: true; request: HttpRequest; secretTexts: string[] } | { ok: false; error: RedFlareError } {
	const sent = new Set<string>();
	try {
		let url = plan.origin;
		for (const part of plan.path) {
			if (part.kind === 'text') {
				url += part.text;
				continue;
			}
			const encoded = encodeSegment(secretText(part.value, secrets, part.field, sent).text);
			if (!encoded.ok) throw new PlanFailure(unusable(part.field, part.value, 'path value', encoded.reason));
			url += encoded.segment;
		}
		// The query written in the URL is kept verbatim (re-serialising would turn `flag` into `flag=`).
		const query = new URLSearchParams();
		for (const field of plan.query) query.append(field.name, secretText(field.value, secrets, field.name, sent).text);
		const queryText = [plan.urlQuery, query.toString()].filter(Boolean).join('&');
		if (queryText) url += `?${queryText}`;

		const headers: Record<string, string> = {};
		for (const field of plan.headers) {
			// A plan is plain data anyone can write: the routing rule is enforced here too.
			if (isFramingHeader(field.name)) throw new PlanFailure(new ConfigError(`The header "${field.name}" frames or routes the request and cannot be set`));
			const text = secretText(field.value, secrets, field.name, sent).text;
			checkHeader(field.name, field.value, text);
			headers[field.name] = text;
		}
		if (!hasHeader(headers, 'accept')) headers.Accept = 'application/json, text/plain;q=0.9, */*;q=0.8';

		let body: string | undefined;
		if (plan.body) {
			const values = plan.body.fields.map((field) => secretText(field.value, secrets, field.name, sent));
			const nested = buildNested(plan.body.fields.map((field, index) => ({ name: field.name, value: index })));
			if (!nested.ok) throw new PlanFailure(new ConfigError(`Body: "${nested.clash}" clashes with another field name`));
			const json = plan.body.contentType === 'json';
			if (json) {
				body = jsonBody(nested.tree, values);
			} else {
				const pairs = new URLSearchParams();
				formPairs(nested.tree, '', values.map((value) => value.text), pairs);
				body = pairs.toString();
			}
			if (!hasHeader(headers, 'content-type')) {
				headers['Content-Type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
			}
		}
		return { ok: true, request: { method: plan.method, url, headers, body }, secretTexts: [...sent] };
	} catch (error) {
		if (error instanceof PlanFailure) return { ok: false, error: error.error };
		throw error;
	}
}
