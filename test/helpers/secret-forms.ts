/**
 * Every form in which a server may echo a secret (the echo forms of issue 8, class 1), as encoders,
 * and the test oracle: which forms of a secret, or of a prefix of it that redaction must remove, a
 * text still contains.
 */

const hex = (code: number, width: number, upper: boolean) => {
	const text = code.toString(16).padStart(width, '0');
	return upper ? text.toUpperCase() : text;
};
const units = (text: string) => [...text].flatMap((char) => (char.length === 2 ? [char.charCodeAt(0), char.charCodeAt(1)] : [char.charCodeAt(0)]));
const utf8 = (text: string) => [...Buffer.from(text, 'utf8')];
const HTML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Encoders: each turns a text into one echo form of it. */
export const ECHO_FORMS: Record<string, (text: string) => string> = {
	raw: (text) => text,
	json: (text) => JSON.stringify(text).slice(1, -1),
	jsonEscapedSlashes: (text) => JSON.stringify(text).slice(1, -1).replace(/\//g, '\\/'),
	jsonInJson: (text) => JSON.stringify(JSON.stringify(text)).slice(3, -3),
	unicodeEscapesLower: (text) => units(text).map((code) => `\\u${hex(code, 4, false)}`).join(''),
	unicodeEscapesUpper: (text) => units(text).map((code) => `\\u${hex(code, 4, true)}`).join(''),
	htmlNamed: (text) => [...text].map((char) => HTML_NAMED[char] ?? char).join(''),
	htmlDecimal: (text) => [...text].map((char) => `&#${char.codePointAt(0)};`).join(''),
	htmlDecimalNoSemicolon: (text) => [...text].map((char) => `&#${char.codePointAt(0)}`).join(''),
	htmlHex: (text) => [...text].map((char) => `&#x${hex(char.codePointAt(0) ?? 0, 1, true)};`).join(''),
	percentUpper: (text) => utf8(text).map((byte) => `%${hex(byte, 2, true)}`).join(''),
	percentLower: (text) => utf8(text).map((byte) => `%${hex(byte, 2, false)}`).join(''),
	uriComponent: (text) => encodeURIComponent(text),
	uriComponentLower: (text) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
	form: (text) => new URLSearchParams({ s: text }).toString().slice(2),
	base64: (text) => Buffer.from(text).toString('base64'),
	base64Unpadded: (text) => Buffer.from(text).toString('base64').replace(/=+$/, ''),
	base64url: (text) => Buffer.from(text).toString('base64url'),
	// The secret at each of the three byte alignments inside a larger base64 blob.
	basicAuth: (text) => `Basic ${Buffer.from(`user:${text}`).toString('base64')}`,
	basicAuthAligned1: (text) => `Basic ${Buffer.from(`ann:${text}`).toString('base64')}`,
	basicAuthAligned0: (text) => `Basic ${Buffer.from(`me:${text}`).toString('base64')}`,
};

/** The shortest prefix redaction must remove: at least half of the secret and at least 4 characters. */
export function minimalPrefixLength(secret: string): number {
	return Math.min(secret.length, Math.max(4, Math.ceil(secret.length / 2)));
}

/** The base64 characters that depend on `bytes` alone when they start a blob (the last partial one dropped). */
function stableBase64(bytes: Buffer, alphabet: 'base64' | 'base64url'): string {
	const text = bytes.toString(alphabet).replace(/=+$/, '');
	return bytes.length % 3 === 0 ? text : text.slice(0, -1);
}

/**
 * The forms of `secret` (and of every prefix redaction must remove) that `text` still contains.
 * Prefixes are checked raw, JSON-escaped, percent-encoded and in base64; whole forms in every encoder.
 */
export function leakedForms(text: string, secret: string): string[] {
	const found: string[] = [];
	for (const [name, encode] of Object.entries(ECHO_FORMS)) {
		const form = encode(secret);
		if (text.includes(form)) found.push(`${name}: ${JSON.stringify(form)}`);
	}
	const chars = [...secret];
	const shortest = minimalPrefixLength(secret);
	for (let length = shortest; length <= secret.length; length++) {
		const prefix = secret.slice(0, length);
		// A prefix that ends inside a surrogate pair is not text of its own.
		if (/[\ud800-\udbff]$/.test(prefix)) continue;
		for (const form of [prefix, ECHO_FORMS.json(prefix), ECHO_FORMS.unicodeEscapesLower(prefix), ECHO_FORMS.percentUpper(prefix)]) {
			if (text.includes(form)) found.push(`prefix ${length}/${secret.length}: ${JSON.stringify(form)}`);
		}
		const base64 = stableBase64(Buffer.from(prefix), 'base64');
		if (base64.length >= 6 && text.includes(base64)) found.push(`base64 prefix ${length}/${secret.length}: ${base64}`);
	}
	return chars.length > 0 ? [...new Set(found)] : [];
}

/**
 * The forms of `secret` a value holds once written as JSON (what n8n stores): in every string (keys
 * included, JSON escapes decoded) and in the numbers and structure between them. A quote that only
 * closes a JSON string is not a character of the data.
 */
export function leaksInJson(value: unknown, secret: string): string[] {
	const text = JSON.stringify(value) ?? '';
	const literals = text.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
	return [
		...leakedForms(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'), secret),
		...literals.flatMap((literal) => leakedForms(JSON.parse(literal) as string, secret)),
	];
}
