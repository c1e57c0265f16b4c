import { convertValue, type Converted } from './convert';
import { isFramingHeader } from './definition';
import { ConfigError, RedFlareError } from './errors';
import { buildNested, type Tree } from './nested';
import { placementProblem, type PlannedValue, type RequestPlan } from './plan';
import { bodyClash, fieldLabel, framingHeader, missingSecrets, type FieldRef } from './problems';
import { MIN_SECRET_LENGTH } from './secrets';
import type { HttpMethod } from './types';

/** A fully built request, secrets included: lives only inside the send step. */
export interface HttpRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	body?: string;
}

/** What a planned value is sent as, its secret resolved (the secret's text is added to `sent`), or why it cannot be. */
function resolveValue(value: PlannedValue, secrets: ReadonlyMap<string, string>, field: FieldRef, sent: Set<string>): Converted | RedFlareError {
	if (value.kind === 'value') return { ok: true, value: value.value, text: value.text };
	const raw = secrets.get(value.name);
	if (raw === undefined) return missingSecrets([value.name]);
	const converted = convertValue(raw, value.dataType);
	// The reason would quote the secret, so it is left out.
	if (!converted.ok) return new ConfigError(`The secret "${value.name}" used by ${fieldLabel(field)} is not a valid ${value.dataType}`);
	// `00012345` as an Integer is sent as `12345`: what is sent must be as long as a secret must be.
	if (converted.text.length < MIN_SECRET_LENGTH) {
		return new ConfigError(
			`The secret "${value.name}" used by ${fieldLabel(field)} is sent as fewer than ${MIN_SECRET_LENGTH} characters as a ${value.dataType}, which cannot be kept out of responses reliably`,
		);
	}
	sent.add(converted.text);
	return converted;
}

/** The value as it travels in its place (a secret checked only now that it is known), or why it cannot. */
function placed(value: PlannedValue, secrets: ReadonlyMap<string, string>, field: FieldRef, sent: Set<string>): Converted | RedFlareError {
	const resolved = resolveValue(value, secrets, field, sent);
	if (resolved instanceof RedFlareError) return resolved;
	return placementProblem(field, value, resolved.text) ?? resolved;
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
	const fail = (error: RedFlareError) => ({ ok: false as const, error });
	let url = plan.origin;
	for (const part of plan.path) {
		if (part.kind === 'text') {
			url += part.text;
			continue;
		}
		const value = placed(part.value, secrets, { location: 'path', name: part.field }, sent);
		if (value instanceof RedFlareError) return fail(value);
		// placed() has refused every value that is not exactly one segment.
		url += encodeURIComponent(value.text);
	}
	// The query written in the URL is kept verbatim (re-serialising would turn `flag` into `flag=`).
	const query = new URLSearchParams();
	for (const field of plan.query) {
		const value = placed(field.value, secrets, { location: 'query', name: field.name }, sent);
		if (value instanceof RedFlareError) return fail(value);
		query.append(field.name, value.text);
	}
	const queryText = [plan.urlQuery, query.toString()].filter(Boolean).join('&');
	if (queryText) url += `?${queryText}`;

	const headers: Record<string, string> = {};
	for (const field of plan.headers) {
		// A plan is plain data anyone can write: the routing rule is enforced here too.
		if (isFramingHeader(field.name)) return fail(new ConfigError(framingHeader(field.name)));
		const value = placed(field.value, secrets, { location: 'headers', name: field.name }, sent);
		if (value instanceof RedFlareError) return fail(value);
		headers[field.name] = value.text;
	}
	if (!hasHeader(headers, 'accept')) headers.Accept = 'application/json, text/plain;q=0.9, */*;q=0.8';

	let body: string | undefined;
	if (plan.body) {
		const values: Converted[] = [];
		for (const field of plan.body.fields) {
			const value = placed(field.value, secrets, { location: 'body', name: field.name }, sent);
			if (value instanceof RedFlareError) return fail(value);
			values.push(value);
		}
		const nested = buildNested(plan.body.fields.map((field, index) => ({ name: field.name, value: index })));
		if (!nested.ok) return fail(new ConfigError(bodyClash(nested.clash)));
		const json = plan.body.contentType === 'json';
		if (json) {
			body = jsonBody(nested.tree, values);
		} else {
			const pairs = new URLSearchParams();
			formPairs(nested.tree, '', values.map((value) => value.text), pairs);
			body = pairs.toString();
		}
		if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
	}
	return { ok: true, request: { method: plan.method, url, headers, body }, secretTexts: [...sent] };
}
