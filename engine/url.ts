import { ConfigError } from './errors';
import { isWellFormed } from './text';

/** A piece of the URL path: literal text, or a `{name}` placeholder. */
export type PathPart = { kind: 'text'; text: string } | { kind: 'placeholder'; name: string };

/** A URL split so that dynamic values can only ever touch the path. */
export interface UrlTemplate {
	/** `scheme://authority`, fixed. */
	origin: string;
	path: PathPart[];
	/** The query written in the URL itself, without `?` (may be empty). */
	query: string;
}

const PLACEHOLDER = /\{([A-Za-z0-9_.-]+)\}/g;
const URL_SHAPE = /^(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

function fail(message: string): { ok: false; error: ConfigError } {
	return { ok: false, error: new ConfigError(message) };
}

/** The single placeholder parser: splits a URL into origin, path parts and query. */
export function parseUrlTemplate(input: string): { ok: true; template: UrlTemplate } | { ok: false; error: ConfigError } {
	// Messages quote the URL without any user info in it: that part is a credential.
	const url = input.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1…@');
	const match = URL_SHAPE.exec(input.trim());
	if (!match) return fail(`URL "${url}" must start with http:// or https://`);
	const [, scheme, authority, rawPath, query = ''] = match;
	if (authority.includes('@')) {
		// Not quoted: the user info is a credential.
		return fail('The URL has a user name or password in it (user@host); credentials belong in Secrets (for example an Authorization header)');
	}
	if (/[{}]/.test(authority) || /[{}]/.test(query)) {
		return fail(`URL "${url}": {placeholders} are allowed in the path only, never in the host, port or query`);
	}
	const origin = `${scheme.toLowerCase()}://${authority}`;
	try {
		if (new URL(origin).host === '') return fail(`URL "${url}" has no host`);
	} catch {
		return fail(`URL "${url}" has an invalid host`);
	}
	const path: PathPart[] = [];
	let last = 0;
	for (const found of rawPath.matchAll(PLACEHOLDER)) {
		const index = found.index ?? 0;
		if (index > last) path.push({ kind: 'text', text: rawPath.slice(last, index) });
		path.push({ kind: 'placeholder', name: found[1] });
		last = index + found[0].length;
	}
	if (last < rawPath.length) path.push({ kind: 'text', text: rawPath.slice(last) });
	if (path.some((part) => part.kind === 'text' && /[{}]/.test(part.text))) {
		return fail(`URL "${url}" has a brace that is not a {placeholder}`);
	}
	return { ok: true, template: { origin, path, query } };
}

/** The placeholder names of a template, in order of appearance. */
export function placeholderNames(template: UrlTemplate): string[] {
	return template.path.flatMap((part) => (part.kind === 'placeholder' ? [part.name] : []));
}

/** Encodes one path value as exactly one segment; `.`, `..`, empty and text that is not well-formed are refused. */
export function encodeSegment(value: string): { ok: true; segment: string } | { ok: false; reason: string } {
	if (value === '' || value === '.' || value === '..') {
		return { ok: false, reason: value === '' ? 'is empty' : `is "${value}", which would change the path` };
	}
	if (!isWellFormed(value)) return { ok: false, reason: 'is not well-formed text (it has a lone surrogate)' };
	return { ok: true, segment: encodeURIComponent(value) };
}
