import { ConfigError, InvalidValueError, type RedFlareError } from './errors';
import type { FieldLocation } from './types';

/*
 * The one wording of each problem, wherever it is found: when the definition is read, when a call is
 * planned, or when it is built with its secrets. The agent's problems name the Dynamic Param (the
 * argument it sent) and, where the problem is the field's, the field it fed.
 */

const FIELD_KINDS: Record<FieldLocation, string> = { headers: 'header', query: 'query param', path: 'path param', body: 'body field' };

/** A field by its section and name. */
export interface FieldRef {
	location: FieldLocation;
	name: string;
}

/** How a message names a field: `the header X-Note`, `the body field customer.email`. */
export function fieldLabel(field: FieldRef): string {
	return `the ${FIELD_KINDS[field.location]} ${field.name}`;
}

/** A value the agent sent that cannot be used; `field` when the problem is where the value goes. */
export interface ArgumentProblem {
	param: string;
	reason: string;
	field?: FieldRef;
}

/** The invalid_value for values the agent sent: one sentence per problem, the same wherever it is caught. */
export function invalidArguments(problems: ArgumentProblem[]): InvalidValueError {
	const sentences = problems.map(({ param, reason, field }) => `Invalid value for ${param}${field ? ` (sent as ${fieldLabel(field)})` : ''}: ${reason}.`);
	return new InvalidValueError(sentences.join(' '));
}

/** Where a value that cannot travel came from. */
type ValueSource = { kind: 'dynamic'; param: string } | { kind: 'static' } | { kind: 'secret'; name: string };

/**
 * A value that cannot travel in its place as it is (`reason`: "contains a line break"): the agent's
 * problem for a dynamic value, the builder's for a static or secret one. A secret is named, never quoted.
 */
export function unusableValue(field: FieldRef, source: ValueSource, reason: string): RedFlareError {
	switch (source.kind) {
		case 'dynamic':
			return invalidArguments([{ param: source.param, reason: `it ${reason}`, field }]);
		case 'static':
			return new ConfigError(`The static value of ${fieldLabel(field)} ${reason}`);
		case 'secret':
			return new ConfigError(`The secret "${source.name}" cannot be sent as ${fieldLabel(field)}: its value is not usable there`);
	}
}

/** A URL placeholder nothing fills. */
export function unfilledPlaceholder(name: string): string {
	return `URL: the placeholder {${name}} has neither a Path Param nor a Dynamic Param of that name to fill it`;
}

/** A body field name that is both a value and a parent (`a` and `a.b`). */
export function bodyClash(name: string): string {
	return `Body: "${name}" clashes with another field name (a name cannot be both a value and a parent)`;
}

/** A header only HTTP may set. */
export function framingHeader(name: string): string {
	return `Headers: "${name}" frames or routes the request and cannot be set (HTTP sets it from the URL and the body)`;
}

/** Secrets a call uses that the credential does not hold. */
export function missingSecrets(names: string[]): ConfigError {
	const list = names.map((name) => `"${name}"`).join(', ');
	return new ConfigError(`The ${names.length === 1 ? 'secret' : 'secrets'} ${list} ${names.length === 1 ? 'is' : 'are'} not in the RedFlare Webhook Secrets credential.`);
}
