/**
 * Decoded views of a text for redaction: the text as a JSON/JS string unescaped, HTML entities
 * decoded, percent-decoded (with and without `+` as a space), and all of these at once, each with a
 * map from every decoded UTF-16 unit back to the source characters it came from. A secret found in a
 * view is redacted in the source through that map, however many of its characters the server chose
 * to escape.
 */

/** A decoded text; unit `i` came from source characters `starts[i]` to `ends[i]` (exclusive). */
export interface View {
	text: string;
	starts: Int32Array;
	ends: Int32Array;
}

const isEscapeChar = (code: number) => code === 0x5c || code === 0x26 || code === 0x25 || code === 0x2b;
// Decoding a megabyte one unit at a time: units go into a typed array, not into many small strings.
const utf16 = new TextDecoder('utf-16le');

/** Collects decoded units and where each came from; a decoded text is never longer than its source. */
class ViewBuilder {
	private readonly units: Uint16Array;
	private length = 0;
	readonly starts: Int32Array;
	readonly ends: Int32Array;
	changed = false;
	/** Whether decoding produced an escape character (`\`, `&`, `%`, `+`): the text was encoded twice. */
	producedEscape = false;

	constructor(private readonly source: string) {
		this.units = new Uint16Array(source.length);
		this.starts = new Int32Array(source.length);
		this.ends = new Int32Array(source.length);
	}

	/** Source characters [from, to) as they are. */
	copy(from: number, to: number): void {
		const { source, units, starts, ends } = this;
		let length = this.length;
		for (let index = from; index < to; index++) {
			units[length] = source.charCodeAt(index);
			starts[length] = index;
			ends[length] = index + 1;
			length++;
		}
		this.length = length;
	}

	/** A decoded UTF-16 unit standing for source characters [from, to) (`\ud83d\ude00` pairs up again). */
	unit(code: number, from: number, to: number): void {
		if (isEscapeChar(code)) this.producedEscape = true;
		this.units[this.length] = code;
		this.starts[this.length] = from;
		this.ends[this.length] = to;
		this.length++;
		this.changed = true;
	}

	/** A decoded code point standing for source characters [from, to); an impossible one is U+FFFD. */
	decoded(codePoint: number, from: number, to: number): void {
		if (codePoint < 0 || codePoint > 0x10ffff) this.unit(0xfffd, from, to);
		else if (codePoint < 0x10000) this.unit(codePoint, from, to);
		else {
			this.unit(0xd800 + ((codePoint - 0x10000) >> 10), from, to);
			this.unit(0xdc00 + ((codePoint - 0x10000) & 0x3ff), from, to);
		}
	}

	build(): DecodedView | undefined {
		if (!this.changed) return undefined;
		// A lone surrogate decodes to U+FFFD: one unit for one, so the maps stay aligned.
		const text = utf16.decode(this.units.subarray(0, this.length));
		return { text, starts: this.starts.subarray(0, this.length), ends: this.ends.subarray(0, this.length), producedEscape: this.producedEscape };
	}
}

interface DecodedView extends View {
	producedEscape: boolean;
}

const HEX = /^[0-9a-fA-F]+$/;

function hexDigit(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30;
	if (code >= 0x41 && code <= 0x46) return code - 0x37;
	if (code >= 0x61 && code <= 0x66) return code - 0x57;
	return -1;
}

/** The value of `length` hex digits at `from`, if they are all there. */
function hexAt(text: string, from: number, length: number): number | undefined {
	let value = 0;
	for (let index = from; index < from + length; index++) {
		const digit = index < text.length ? hexDigit(text.charCodeAt(index)) : -1;
		if (digit < 0) return undefined;
		value = value * 16 + digit;
	}
	return value;
}

const SIMPLE_ESCAPES: Partial<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', '/': '/', '"': '"', "'": "'", '\\': '\\' };

/**
 * One JSON/JS escape at `at` (a backslash) into the view, after the plain text from `done`; how many
 * source characters it took (0: not an escape, nothing written).
 */
function jsonEscape(text: string, at: number, view: ViewBuilder, done: number): number {
	const kind = text[at + 1];
	if (kind === 'u' && text[at + 2] === '{') {
		const close = text.indexOf('}', at + 3);
		const digits = close > at + 3 && close <= at + 9 ? text.slice(at + 3, close) : '';
		if (!HEX.test(digits)) return 0;
		view.copy(done, at);
		view.decoded(parseInt(digits, 16), at, close + 1);
		return close + 1 - at;
	}
	if (kind === 'u' || kind === 'x') {
		const width = kind === 'u' ? 4 : 2;
		const code = hexAt(text, at + 2, width);
		if (code === undefined) return 0;
		view.copy(done, at);
		view.unit(code, at, at + 2 + width);
		return 2 + width;
	}
	const simple = kind === undefined ? undefined : SIMPLE_ESCAPES[kind];
	if (simple === undefined) return 0;
	view.copy(done, at);
	view.unit(simple.charCodeAt(0), at, at + 2);
	return 2;
}

/**
 * A backslash read without knowing where the escapes start: a server may put a backslash of its own
 * right before an echo (a backslash, then `\u0073…` or `tok_\"…`), and the JSON reading pairs it with
 * the echo's first character. This reading decodes every `\u`/`\x` escape whatever stands before
 * it and drops every other backslash; how many source characters it took.
 */
function lenientEscape(text: string, at: number, view: ViewBuilder, done: number): number {
	const kind = text[at + 1];
	if (kind === 'u' || kind === 'x') {
		const consumed = jsonEscape(text, at, view, done);
		if (consumed > 0) return consumed;
	}
	view.copy(done, at);
	view.changed = true;
	return 1;
}

// HTML 4's Latin-1 entities, in code point order from U+00A0.
const LATIN1_ENTITIES =
	'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
// HTML5 names for ASCII punctuation, which some encoders use for every symbol.
const ASCII_ENTITIES: Record<string, string> = {
	amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', bsol: '\\', colon: ':', semi: ';', comma: ',', period: '.',
	excl: '!', quest: '?', num: '#', dollar: '$', percnt: '%', ast: '*', midast: '*', plus: '+', equals: '=', lowbar: '_',
	UnderBar: '_', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', lcub: '{', rcub: '}', lbrace: '{',
	rbrace: '}', verbar: '|', vert: '|', VerticalLine: '|', grave: '`', Hat: '^', commat: '@', NewLine: '\n', Tab: '\t',
};
// The punctuation error pages write as names most often.
const TYPOGRAPHIC_ENTITIES: Record<string, number> = {
	ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d, bdquo: 0x201e,
	bull: 0x2022, hellip: 0x2026, euro: 0x20ac, trade: 0x2122,
};
const NAMED_ENTITIES = new Map<string, number>([
	...Object.entries(ASCII_ENTITIES).map(([name, char]): [string, number] => [name, char.charCodeAt(0)]),
	...LATIN1_ENTITIES.split(' ').map((name, index): [string, number] => [name, 0xa0 + index]),
	...Object.entries(TYPOGRAPHIC_ENTITIES),
]);
// Names HTML also reads without the closing semicolon.
const LEGACY_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

/** Length of the run of characters matching `test` from `from` on, at most `max`. */
function runLength(text: string, from: number, max: number, test: (code: number) => boolean): number {
	let length = 0;
	while (length < max && from + length < text.length && test(text.charCodeAt(from + length))) length++;
	return length;
}
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isHexDigit = (code: number) => isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
const isAlnum = (code: number) => isDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/** One HTML character reference at `at` (an `&`): its code point and length, if it is one. */
export function htmlReference(text: string, at: number): { code: number; length: number } | undefined {
	const semicolon = (end: number) => (text[end] === ';' ? 1 : 0);
	if (text[at + 1] === '#') {
		const hex = text[at + 2] === 'x' || text[at + 2] === 'X';
		const from = at + (hex ? 3 : 2);
		const digits = runLength(text, from, hex ? 6 : 7, hex ? isHexDigit : isDigit);
		if (digits === 0) return undefined;
		const code = parseInt(text.slice(from, from + digits), hex ? 16 : 10);
		return { code, length: from + digits - at + semicolon(from + digits) };
	}
	const letters = runLength(text, at + 1, 32, isAlnum);
	const name = text.slice(at + 1, at + 1 + letters);
	const code = NAMED_ENTITIES.get(name);
	if (code === undefined) return undefined;
	if (text[at + 1 + letters] === ';') return { code, length: letters + 2 };
	return LEGACY_ENTITIES.has(name) ? { code, length: letters + 1 } : undefined;
}

/** One HTML character reference at `at` (an `&`) into the view, after the plain text from `done`. */
function htmlEscape(text: string, at: number, view: ViewBuilder, done: number): number {
	const reference = htmlReference(text, at);
	if (!reference) return 0;
	view.copy(done, at);
	view.decoded(reference.code, at, at + reference.length);
	return reference.length;
}

/** Bytes of consecutive `%XX` escapes from `at` on. */
function percentBytes(text: string, at: number): number[] {
	const bytes: number[] = [];
	for (let index = at; text[index] === '%'; index += 3) {
		const byte = hexAt(text, index + 1, 2);
		if (byte === undefined) break;
		bytes.push(byte);
	}
	return bytes;
}

/** The code point of a UTF-8 sequence starting at `bytes[index]`, and its length; undefined if invalid. */
function utf8At(bytes: number[], index: number): { code: number; length: number } | undefined {
	const lead = bytes[index];
	const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
	if (length === 0 || index + length > bytes.length) return undefined;
	let code = length === 1 ? lead : lead & (0xff >> (length + 1));
	for (let offset = 1; offset < length; offset++) {
		const byte = bytes[index + offset];
		if ((byte & 0xc0) !== 0x80) return undefined;
		code = (code << 6) | (byte & 0x3f);
	}
	return { code, length };
}

/**
 * A run of `%XX` escapes (either case) at `at` into the view, after the plain text from `done`: UTF-8
 * sequences become their character, any other byte its Latin-1 character (some servers encode
 * Latin-1). How many source characters it took.
 */
function percentEscape(text: string, at: number, view: ViewBuilder, done: number): number {
	const bytes = percentBytes(text, at);
	if (bytes.length > 0) view.copy(done, at);
	for (let byte = 0; byte < bytes.length; ) {
		const sequence = utf8At(bytes, byte) ?? { code: bytes[byte], length: 1 };
		view.decoded(sequence.code, at + byte * 3, at + (byte + sequence.length) * 3);
		byte += sequence.length;
	}
	return bytes.length * 3;
}

/** Which encodings one view decodes; `plus` reads `+` as a space (forms, queries); `lenient` reads backslashes as `lenientEscape` does. */
interface Decoding {
	json: boolean;
	lenient?: boolean;
	html: boolean;
	percent: boolean;
	plus: boolean;
}

/** Decodes every enabled escape in one pass; undefined when nothing was decoded. */
function decode(text: string, decoding: Decoding): DecodedView | undefined {
	const { json, html, percent, plus, lenient } = decoding;
	const view = new ViewBuilder(text);
	let done = 0;
	for (let at = 0; at < text.length; at++) {
		const code = text.charCodeAt(at);
		let consumed = 0;
		if (code === 0x5c && lenient) consumed = lenientEscape(text, at, view, done);
		else if (code === 0x5c && json) consumed = jsonEscape(text, at, view, done);
		else if (code === 0x26 && html) consumed = htmlEscape(text, at, view, done);
		else if (code === 0x25 && percent) consumed = percentEscape(text, at, view, done);
		else if (code === 0x2b && plus) {
			view.copy(done, at);
			view.unit(0x20, at, at + 1);
			consumed = 1;
		}
		if (consumed > 0) {
			done = at + consumed;
			at = done - 1;
		}
	}
	if (!view.changed) return undefined;
	view.copy(done, text.length);
	return view.build();
}

/**
 * The decodings worth running on a text: each encoding it has escape characters of, alone, and all of
 * them mixed (a JSON string holding part of a URL...), `+` read as a space and as a plus. A decoding
 * that would give the same text as another is left out.
 */
function decodingsFor(text: string, mixedOnly: boolean): Decoding[] {
	const json = text.includes('\\');
	const html = text.includes('&');
	const percent = text.includes('%');
	const plus = text.includes('+');
	const kinds = Number(json) + Number(html) + Number(percent || plus);
	const none = { json: false, html: false, percent: false, plus: false };
	const decodings: Decoding[] = [];
	if (!mixedOnly || kinds === 1) {
		if (json) decodings.push({ ...none, json }, { ...none, lenient: true });
		if (html) decodings.push({ ...none, html });
		if (percent || plus) decodings.push({ ...none, percent, plus });
		if (percent && plus) decodings.push({ ...none, percent });
	}
	if (kinds > 1) {
		decodings.push({ json, html, percent, plus });
		// A `+` may be a plus as well as a space: `\u0073k_+ A` (a JSON escape met only on the second
		// decoding) holds `sk_+ A`.
		if (plus) decodings.push({ json, html, percent, plus: false });
	}
	return decodings;
}

/** A view of a view, mapped back to the first source. */
function compose(outer: View, inner: DecodedView): DecodedView {
	const starts = new Int32Array(inner.text.length);
	const ends = new Int32Array(inner.text.length);
	for (let index = 0; index < inner.text.length; index++) {
		starts[index] = outer.starts[inner.starts[index]];
		ends[index] = outer.ends[inner.ends[index] - 1];
	}
	return { text: inner.text, starts, ends, producedEscape: inner.producedEscape };
}

function decodeOnce(text: string, mixedOnly: boolean): DecodedView[] {
	return decodingsFor(text, mixedOnly).flatMap((decoding) => decode(text, decoding) ?? []);
}

/**
 * Every decoded view of a text: each encoding alone and all mixed, and where decoding produced escape
 * characters (the text was encoded twice: JSON inside JSON, `&amp;amp;`, `%252F`, a URL in a JSON
 * string), those decoded again, every kind mixed.
 * The text itself is not among them. Empty for plain text.
 */
export function decodedViews(text: string): View[] {
	const first = decodeOnce(text, false);
	// The second decoding mixes every kind: what the first produced may meet escapes of any kind.
	const second = first.flatMap((outer) => (outer.producedEscape ? decodeOnce(outer.text, true).map((inner) => compose(outer, inner)) : []));
	return [...first, ...second];
}
