import { decimalText } from './convert';
import { decodedViews, type View } from './decode';

/** What stands in a result where a secret (or a piece of it) was. */
export const REDACTED = '[redacted]';

/**
 * The shortest piece of a secret that is redacted wherever it appears: half of it, and at least 4
 * characters (never ending inside a surrogate pair). A cut secret (a body cut at a size cap) is thus
 * caught by its prefix; anything shorter could be unrelated text.
 */
function minimalPrefix(secret: string): number {
	let length = Math.min(secret.length, Math.max(4, Math.ceil(secret.length / 2)));
	const code = secret.charCodeAt(length - 1);
	if (code >= 0xd800 && code <= 0xdbff && length < secret.length) length++;
	return length;
}

/** A secret as base64 at one byte alignment inside a larger blob: the characters it alone decides. */
interface Base64Form {
	/** The characters that depend on the secret's bytes only. */
	stable: string;
	/** How many of them the minimal prefix decides. */
	minimal: number;
	/** Characters of the 4-character group before `stable` starts (0, 2 or 3). */
	skip: number;
}

// For a secret preceded by 0, 1 or 2 bytes in its 3-byte group, the first character that holds only its bits.
const SKIP = [0, 2, 3];
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = `${BASE64.slice(0, 62)}-_`;

/** Base64 without padding (the last, partial character included). */
function base64(bytes: Uint8Array, alphabet: string): string {
	let out = '';
	for (let index = 0; index < bytes.length; index += 3) {
		const chunk = (bytes[index] << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
		const chars = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
		for (let char = 0; char < chars; char++) out += alphabet[(chunk >> (18 - 6 * char)) & 63];
	}
	return out;
}

function base64Forms(secret: string, minimal: number): Base64Form[] {
	const encoder = new TextEncoder();
	const bytes = encoder.encode(secret);
	const prefixBytes = encoder.encode(secret.slice(0, minimal)).length;
	const forms: Base64Form[] = [];
	for (const alignment of [0, 1, 2]) {
		const padded = new Uint8Array(alignment + bytes.length);
		padded.set(bytes, alignment);
		// Characters fully decided by the first `count` bytes after the alignment.
		const decided = (count: number) => Math.floor(((alignment + count) * 8) / 6);
		const minimalChars = decided(prefixBytes) - SKIP[alignment];
		// Fewer than 4 base64 characters match all over any base64 text (only a value shorter than a
		// secret may be, which the package refuses anyway): such a form is not searched.
		if (minimalChars < 4) continue;
		for (const alphabet of [BASE64, BASE64URL]) {
			const stable = base64(padded, alphabet).slice(SKIP[alignment], decided(bytes.length));
			forms.push({ stable, minimal: minimalChars, skip: SKIP[alignment] });
		}
	}
	return forms;
}

class SecretPattern {
	readonly minimal: number;
	readonly base64: Base64Form[];
	/** Whether the secret could be written as a JSON number (its minimal prefix is number characters). */
	readonly numeric: boolean;

	constructor(readonly secret: string) {
		this.minimal = minimalPrefix(secret);
		this.base64 = base64Forms(secret, this.minimal);
		this.numeric = /^[-+.0-9eE]+$/.test(secret.slice(0, this.minimal));
	}

	/** Spans [start, end) of `text` holding the secret or its minimal prefix, extended as far as the secret goes. */
	findText(text: string, spans: number[]): void {
		const { secret, minimal } = this;
		const needle = secret.slice(0, minimal);
		for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			let length = minimal;
			while (length < secret.length && text.charCodeAt(at + length) === secret.charCodeAt(length)) length++;
			spans.push(at, at + length);
		}
	}

	/** As `findText`, and the secret's base64 forms too. */
	find(text: string, spans: number[]): void {
		this.findText(text, spans);
		for (const form of this.base64) {
			const start = form.stable.slice(0, form.minimal);
			for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + 1)) {
				let length = form.minimal;
				while (length < form.stable.length && text.charCodeAt(at + length) === form.stable.charCodeAt(length)) length++;
				// Whole 4-character groups go, padding included: no piece decodes back to secret bytes.
				const group = Math.max(0, at - form.skip);
				let end = Math.min(text.length, at - form.skip + Math.ceil((form.skip + length) / 4) * 4);
				while (end < text.length && text[end] === '=' && end - group < Math.ceil((form.skip + length) / 4) * 4 + 2) end++;
				spans.push(group, end);
			}
		}
	}
}

/** Source spans of `view` matches: a decoded span maps back to every source character it came from. */
function mapSpans(view: View, spans: number[], into: number[]): void {
	for (let index = 0; index < spans.length; index += 2) into.push(view.starts[spans[index]], view.ends[spans[index + 1] - 1]);
}

/** Replaces the (unsorted, possibly overlapping) spans by the marker, never splitting a surrogate pair. */
function replaceSpans(text: string, spans: number[]): string {
	if (spans.length === 0) return text;
	const pairs: Array<[number, number]> = [];
	for (let index = 0; index < spans.length; index += 2) pairs.push([spans[index], spans[index + 1]]);
	pairs.sort((a, b) => a[0] - b[0]);
	const isLow = (at: number) => at > 0 && at < text.length && text.charCodeAt(at) >= 0xdc00 && text.charCodeAt(at) <= 0xdfff && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff;
	let out = '';
	let done = 0;
	for (let [start, end] of pairs) {
		if (isLow(start)) start--;
		if (isLow(end)) end++;
		if (end <= done) continue;
		if (start < done) {
			// Overlaps the span before: that marker already stands for it.
			done = end;
			continue;
		}
		out += text.slice(done, start) + REDACTED;
		done = end;
	}
	return out + text.slice(done);
}

const TRIGGERS = /[\\&%+]/;

/**
 * The one redaction implementation, built once per call for its secrets. Finds every secret (and
 * every prefix of at least half of it, 4 characters or more) raw, in decoded views of the text (JSON
 * escapes, HTML entities, percent-encoding) and in base64/base64url at any alignment, and replaces
 * the source characters they came from by `[redacted]`.
 */
export class Redactor {
	private readonly patterns: SecretPattern[];
	private readonly shortest: number;
	private readonly numeric: SecretPattern[];

	constructor(secrets: Iterable<string>) {
		this.patterns = [...new Set([...secrets].filter((secret) => secret.length > 0))].map((secret) => new SecretPattern(secret));
		this.shortest = Math.min(...this.patterns.map((pattern) => Math.min(pattern.minimal, ...pattern.base64.map((form) => form.minimal))));
		this.numeric = this.patterns.filter((pattern) => pattern.numeric);
	}

	get empty(): boolean {
		return this.patterns.length === 0;
	}

	/** One text, every secret form replaced. */
	text(text: string): string {
		if (this.patterns.length === 0 || text.length < this.shortest) return text;
		const spans: number[] = [];
		for (const pattern of this.patterns) pattern.find(text, spans);
		if (TRIGGERS.test(text)) {
			for (const view of decodedViews(text)) {
				const found: number[] = [];
				for (const pattern of this.patterns) pattern.find(view.text, found);
				mapSpans(view, found, spans);
			}
		}
		return replaceSpans(text, spans);
	}

	/** Whether a number, written out, holds a numeric secret. */
	private numberHoldsSecret(text: string): boolean {
		return this.numeric.some((pattern) => {
			const spans: number[] = [];
			pattern.findText(text, spans);
			return spans.length > 0;
		});
	}

	/**
	 * JSON text with every number token that holds a numeric secret replaced by the quoted marker, so
	 * that the secret does not survive `JSON.parse` as a number (whose digits may even be rounded).
	 */
	jsonNumbers(json: string): string {
		if (this.numeric.length === 0) return json;
		let out = '';
		let done = 0;
		for (let index = 0; index < json.length; ) {
			const code = json.charCodeAt(index);
			if (code === 0x22) {
				// Skip a string: only tokens outside strings are numbers.
				index++;
				while (index < json.length && json.charCodeAt(index) !== 0x22) index += json.charCodeAt(index) === 0x5c ? 2 : 1;
				index++;
				continue;
			}
			if (code !== 0x2d && (code < 0x30 || code > 0x39)) {
				index++;
				continue;
			}
			let end = index + 1;
			while (end < json.length && /[-+.0-9eE]/.test(json[end])) end++;
			if (this.numberHoldsSecret(json.slice(index, end))) {
				out += `${json.slice(done, index)}"${REDACTED}"`;
				done = end;
			}
			index = end;
		}
		return out + json.slice(done);
	}

	private scalar(value: unknown): unknown {
		if (typeof value === 'string') return this.text(value);
		if (typeof value === 'number' && this.numeric.length > 0) {
			const written = String(value);
			if (this.numberHoldsSecret(written) || this.numberHoldsSecret(decimalText(written) ?? written)) return REDACTED;
		}
		return value;
	}

	/** A copy of a value with every string (keys included) and numeric secret redacted; iterative, so any depth is safe. */
	value<T>(value: T): T {
		if (this.patterns.length === 0 || value === null || typeof value !== 'object') return this.scalar(value) as T;
		const copy = (source: object): object => (Array.isArray(source) ? new Array<unknown>(source.length) : {});
		const root = copy(value);
		const stack: Array<[object, object]> = [[value, root]];
		while (stack.length > 0) {
			const [source, target] = stack.pop() as [object, object];
			for (const [key, entry] of Object.entries(source)) {
				let out: unknown = entry;
				if (entry !== null && typeof entry === 'object') {
					out = copy(entry);
					stack.push([entry, out as object]);
				} else {
					out = this.scalar(entry);
				}
				const name = Array.isArray(target) ? key : this.text(key);
				// An own property even for "__proto__": assignment would set the prototype instead.
				if (name === '__proto__') Object.defineProperty(target, name, { value: out, enumerable: true, writable: true, configurable: true });
				else (target as Record<string, unknown>)[name] = out;
			}
		}
		return root as T;
	}
}

/**
 * The one redaction function: returns a copy of `value` in which every string (keys included) and
 * every number has each secret, and each prefix of at least half of it, in any form a server may echo
 * it (raw, JSON-escaped, HTML entities, percent-encoded, base64, a JSON number), replaced by `[redacted]`.
 */
export function redactSecrets<T>(value: T, secrets: Iterable<string>): T {
	return new Redactor(secrets).value(value);
}
