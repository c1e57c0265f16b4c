import { z } from 'zod';

import { ConfigError } from './errors';
import { buildNested } from './nested';
import { bodyClash, framingHeader, unfilledPlaceholder } from './problems';
import { isWellFormed } from './text';
import { parseUrlTemplate, placeholderNames } from './url';
import {
	BODY_CONTENT_TYPES,
	DATA_TYPES,
	LOCATIONS,
	METHODS,
	VALUE_TYPES,
	methodHasBody,
	type DynamicField,
	type DynamicParamDefinition,
	type FieldDefinition,
	type FieldLocation,
	type WebhookDefinition,
} from './types';

/** The range of a definition's `timeoutSeconds`, and its value when left out. */
export const MIN_TIMEOUT_SECONDS = 1;
export const MAX_TIMEOUT_SECONDS = 300;
export const DEFAULT_TIMEOUT_SECONDS = 10;

const SECTION_LABELS: Record<FieldLocation, string> = {
	headers: 'Headers',
	query: 'Query Params',
	path: 'Path Params',
	body: 'Body',
};

// RFC 9110 token characters: anything else cannot be a header name.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// Headers that frame or route the request: whoever sets them picks the virtual host that receives the
// secrets, or desynchronises the connection. HTTP sets them from the URL and the body; nobody else may.
const FRAMING_HEADERS = new Set([
	'host',
	'content-length',
	'transfer-encoding',
	'connection',
	'upgrade',
	'keep-alive',
	'te',
	'trailer',
	'expect',
	'http2-settings',
	'forwarded',
	'x-forwarded-host',
]);

/** Whether a header name frames or routes the request (refused as a field name for every value type). */
export function isFramingHeader(name: string): boolean {
	const lower = name.toLowerCase();
	return FRAMING_HEADERS.has(lower) || lower.startsWith('proxy-');
}

const name = z.string().trim().min(1, 'must not be empty');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const fieldSchema = z
	.object({
		name,
		// A Dynamic field without one takes its Dynamic Param's type.
		dataType: z.enum(DATA_TYPES).optional(),
		valueType: z.enum(VALUE_TYPES),
		value: scalar.optional(),
		// Not trimmed: the credential's names are exact, so spaces around one are reported instead.
		secretName: z.string().optional(),
		dynamicParam: z.string().trim().optional(),
	})
	.superRefine((field, ctx) => {
		if (field.valueType !== 'dynamic' && field.dataType === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Required', path: ['dataType'] });
		}
		if (field.valueType === 'static' && field.value === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a Static field needs a value', path: ['value'] });
		}
		if (field.valueType === 'secret' && !field.secretName?.trim()) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a Secret field needs a secret name', path: ['secretName'] });
		}
	})
	.transform((field): FieldDefinition => {
		const { name: fieldName, dataType = 'string', value = '', secretName = '' } = field;
		switch (field.valueType) {
			case 'dynamic':
				return { name: fieldName, valueType: 'dynamic', dynamicParam: field.dynamicParam, dataType: field.dataType };
			case 'static':
				return { name: fieldName, valueType: 'static', value, dataType };
			case 'secret':
				return { name: fieldName, valueType: 'secret', secretName, dataType };
		}
	});

const dynamicParamSchema = z.object({
	name: name.regex(/^[A-Za-z0-9_.-]+$/, 'may use letters, digits, _, . and - only'),
	dataType: z.enum(DATA_TYPES),
	description: z.string().default(''),
	required: z.boolean().default(false),
});

const definitionSchema = z.object({
	name: name.max(64, 'must be at most 64 characters'),
	description: z.string().default(''),
	method: z.enum(METHODS),
	url: name,
	timeoutSeconds: z
		.number()
		.min(MIN_TIMEOUT_SECONDS, `must be at least ${MIN_TIMEOUT_SECONDS} s`)
		.max(MAX_TIMEOUT_SECONDS, `must be at most ${MAX_TIMEOUT_SECONDS} s`)
		.default(DEFAULT_TIMEOUT_SECONDS),
	headers: z.array(fieldSchema).default([]),
	query: z.array(fieldSchema).default([]),
	path: z.array(fieldSchema).default([]),
	body: z.array(fieldSchema).default([]),
	bodyContentType: z.enum(BODY_CONTENT_TYPES).default('json'),
	dynamicParams: z.array(dynamicParamSchema).default([]),
});

/** What `parseDefinition` accepts: defaults fill the optional parts. */
export type WebhookDefinitionInput = z.input<typeof definitionSchema>;

/** The dynamic param that fills a Dynamic field. */
export function dynamicParamOf(field: DynamicField): string {
	return field.dynamicParam || field.name;
}

function duplicates(names: string[]): string[] {
	const seen = new Set<string>();
	const repeated = new Set<string>();
	for (const entry of names) (seen.has(entry) ? repeated : seen).add(entry);
	return [...repeated];
}

/** Rules that span fields: unique names, declared dynamic params, valid names per section. */
function crossCheck(definition: WebhookDefinition): string[] {
	const problems: string[] = [];
	const declared = new Set(definition.dynamicParams.map((param) => param.name));
	for (const repeated of duplicates(definition.dynamicParams.map((param) => param.name))) {
		problems.push(`Dynamic Params: the name "${repeated}" is used more than once`);
	}
	for (const location of LOCATIONS) {
		const fields = definition[location];
		const label = SECTION_LABELS[location];
		if (location === 'body' && fields.length > 0 && !methodHasBody(definition.method)) {
			problems.push(`Body: a ${definition.method} request has no body`);
		}
		// Header names are case-insensitive, so "X-Key" and "x-key" are the same header.
		const keys = fields.map((field) => (location === 'headers' ? field.name.toLowerCase() : field.name));
		for (const repeated of duplicates(keys)) problems.push(`${label}: the name "${repeated}" is used more than once`);
		for (const field of fields) {
			if (location === 'headers' && !HEADER_NAME.test(field.name)) {
				problems.push(`Headers: "${field.name}" is not a valid header name`);
			}
			if (location === 'headers' && isFramingHeader(field.name)) problems.push(framingHeader(field.name));
			if (field.valueType === 'secret' && field.secretName !== field.secretName.trim()) {
				problems.push(`${label}: "${field.name}" names the secret "${field.secretName}", which starts or ends with a space`);
			}
			if (location === 'body' && field.name.split('.').some((key) => key === '' || UNSAFE_KEYS.has(key))) {
				problems.push(`Body: "${field.name}" is not a valid field name`);
			}
			if (field.valueType === 'dynamic' && !declared.has(dynamicParamOf(field))) {
				problems.push(
					`${label}: "${field.name}" is filled by the dynamic param "${dynamicParamOf(field)}", which is not declared in Dynamic Params`,
				);
			}
		}
	}
	if (methodHasBody(definition.method)) {
		const nested = buildNested(definition.body.map((field) => ({ name: field.name, value: true })));
		if (!nested.ok) problems.push(bodyClash(nested.clash));
	}
	const template = parseUrlTemplate(definition.url);
	if (!template.ok) problems.push(template.error.message);
	else {
		const pathNames = new Set(definition.path.map((field) => field.name));
		for (const placeholder of placeholderNames(template.template)) {
			if (!pathNames.has(placeholder) && !declared.has(placeholder)) problems.push(unfilledPlaceholder(placeholder));
		}
	}
	if (!allWellFormed(definition)) problems.push('the definition has text that is not well-formed (a lone surrogate)');
	return problems;
}

/** Whether every string of the definition is well-formed text (HTTP could not encode it otherwise). */
function allWellFormed(definition: WebhookDefinition): boolean {
	const texts: unknown[] = [definition.name, definition.description, definition.url];
	for (const location of LOCATIONS) {
		for (const field of definition[location]) {
			texts.push(field.name, field.valueType === 'static' ? field.value : field.valueType === 'secret' ? field.secretName : field.dynamicParam);
		}
	}
	for (const param of definition.dynamicParams) texts.push(param.name, param.description);
	return texts.every((text) => typeof text !== 'string' || isWellFormed(text));
}

/** Validates an untrusted definition; every problem is listed in one config_error. */
export function parseDefinition(
	input: unknown,
): { ok: true; definition: WebhookDefinition } | { ok: false; error: ConfigError } {
	const parsed = definitionSchema.safeParse(input);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'definition'}: ${issue.message}`);
		return { ok: false, error: new ConfigError(`The webhook is not configured correctly: ${problems.join('; ')}`) };
	}
	const definition: WebhookDefinition = parsed.data;
	const problems = crossCheck(definition);
	if (problems.length > 0) {
		return { ok: false, error: new ConfigError(`The webhook "${definition.name}" is not configured correctly: ${problems.join('; ')}`) };
	}
	return { ok: true, definition };
}

/**
 * Validates Dynamic Params alone (the Tool Call node checks arguments against a linked webhook
 * whose other parameters, such as an expression URL, only resolve when that webhook runs).
 */
export function parseDynamicParams(
	input: unknown,
): { ok: true; params: DynamicParamDefinition[] } | { ok: false; error: ConfigError } {
	const parsed = z.array(dynamicParamSchema).safeParse(input);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((issue) => `Dynamic Params ${issue.path.join('.')}: ${issue.message}`);
		return { ok: false, error: new ConfigError(problems.join('; ')) };
	}
	const repeated = duplicates(parsed.data.map((param) => param.name));
	if (repeated.length > 0) return { ok: false, error: new ConfigError(`Dynamic Params: the name "${repeated[0]}" is used more than once`) };
	return { ok: true, params: parsed.data };
}
