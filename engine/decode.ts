/**
 * Decoded views of a text for redaction: the text as a JSON/JS string unescaped, HTML entities
 * decoded, and percent-decoded (with and without `+` as a space), each with a map from every decoded
 * UTF-16 unit back to the source characters it came from. A secret found in a view is redacted in
 * the source through that map, however many of its characters the server chose to escape.
 */

/** A decoded text; unit `i` came from source characters `starts[i]` to `ends[i]` (exclusive). */
export interface View {
	text: string;
	starts: Int32Array;
	ends: Int32Array;
}

/** Collects decoded units and where each came from; a decoded text is never longer than its source. */
class ViewBuilder {
	private readonly parts: string[] = [];
	private length = 0;
	readonly starts: Int32Array;
	readonly ends: Int32Array;
	changed = false;

	constructor(private readonly source: string) {
		this.starts = new Int32Array(source.length);
		this.ends = new Int32Array(source.length);
	}

	/** Source characters [from, to) as they are. */
	copy(from: number, to: number): void {
		if (to <= from) return;
		this.parts.push(this.source.slice(from, to));
		for (let index = from; index < to; index++) {
			this.starts[this.length] = index;
			this.ends[this.length] = index + 1;
			this.length++;
		}
	}

	/** A decoded code point standing for source characters [from, to). */
	decoded(codePoint: number, from: number, to: number): void {
		const text = codePoint >= 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
		this.parts.push(text);
		for (let unit = 0; unit < text.length; unit++) {
			this.starts[this.length] = from;
			this.ends[this.length] = to;
			this.length++;
		}
		this.changed = true;
	}

	/** A decoded UTF-16 unit (half of a surrogate pair is kept as it is: `\ud83d\ude00` pairs up again). */
	unit(code: number, from: number, to: number): void {
		this.parts.push(String.fromCharCode(code));
		this.starts[this.length] = from;
		this.ends[this.length] = to;
		this.length++;
		this.changed = true;
	}

	build(): View | undefined {
		if (!this.changed) return undefined;
		return { text: this.parts.join(''), starts: this.starts.subarray(0, this.length), ends: this.ends.subarray(0, this.length) };
	}
}

const HEX = /^[0-9a-fA-F]+$/;

function hexAt(text: string, from: number, length: number): number | undefined {
	const digits = text.slice(from, from + length);
	return digits.length === length && HEX.test(digits) ? parseInt(digits, 16) : undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', '/': '/', '"': '"', "'": "'", '\\': '\\' };

/** JSON and JavaScript string escapes: `\uXXXX` (either case), `\u{…}`, `\xXX`, `\/`, `\"`, `\n`… */
function jsonUnescape(text: string): View | undefined {
	let next = text.indexOf('\\');
	if (next < 0) return undefined;
	const view = new ViewBuilder(text);
	let done = 0;
	while (next >= 0 && next < text.length - 1) {
		view.copy(done, next);
		const kind = text[next + 1];
		let consumed = 0;
		if (kind === 'u' && text[next + 2] === '{') {
			const close = text.indexOf('}', next + 3);
			const digits = close > next + 3 && close <= next + 9 ? text.slice(next + 3, close) : '';
			if (HEX.test(digits)) {
				view.decoded(parseInt(digits, 16), next, close + 1);
				consumed = close + 1 - next;
			}
		} else if (kind === 'u' || kind === 'x') {
			const width = kind === 'u' ? 4 : 2;
			const code = hexAt(text, next + 2, width);
			if (code !== undefined) {
				view.unit(code, next, next + 2 + width);
				consumed = 2 + width;
			}
		} else if (kind in SIMPLE_ESCAPES) {
			view.unit(SIMPLE_ESCAPES[kind].charCodeAt(0), next, next + 2);
			consumed = 2;
		}
		if (consumed === 0) {
			view.copy(next, next + 1);
			consumed = 1;
		}
		done = next + consumed;
		next = text.indexOf('\\', done);
	}
	view.copy(done, text.length);
	return view.build();
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
const NAMED_ENTITIES = new Map<string, number>([
	...Object.entries(ASCII_ENTITIES).map(([name, char]): [string, number] => [name, char.charCodeAt(0)]),
	...LATIN1_ENTITIES.split(' ').map((name, index): [string, number] => [name, 0xa0 + index]),
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
function htmlReference(text: string, at: number): { code: number; length: number } | undefined {
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

/** HTML character references: named (`&amp;`, `&Eacute;`…), decimal and hex, the `;` optional for numbers. */
function htmlUnescape(text: string): View | undefined {
	let next = text.indexOf('&');
	if (next < 0) return undefined;
	const view = new ViewBuilder(text);
	let done = 0;
	while (next >= 0) {
		view.copy(done, next);
		const reference = htmlReference(text, next);
		if (reference) {
			view.decoded(reference.code, next, next + reference.length);
			done = next + reference.length;
		} else {
			view.copy(next, next + 1);
			done = next + 1;
		}
		next = text.indexOf('&', done);
	}
	view.copy(done, text.length);
	return view.build();
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
 * Percent-decoding, `%XX` in either case: UTF-8 sequences become their character, any other byte its
 * Latin-1 character (some servers encode Latin-1). `plusIsSpace` reads `+` as a space (forms, queries).
 */
function percentDecode(text: string, plusIsSpace: boolean): View | undefined {
	const hasPercent = text.includes('%');
	if (!hasPercent && !(plusIsSpace && text.includes('+'))) return undefined;
	const view = new ViewBuilder(text);
	let done = 0;
	for (let index = 0; index < text.length; ) {
		const char = text[index];
		if (char === '+' && plusIsSpace) {
			view.copy(done, index);
			view.unit(0x20, index, index + 1);
			done = ++index;
			continue;
		}
		const bytes = char === '%' ? percentBytes(text, index) : [];
		if (bytes.length === 0) {
			index++;
			continue;
		}
		view.copy(done, index);
		for (let byte = 0; byte < bytes.length; ) {
			const sequence = utf8At(bytes, byte) ?? { code: bytes[byte], length: 1 };
			view.decoded(sequence.code, index + byte * 3, index + (byte + sequence.length) * 3);
			byte += sequence.length;
		}
		index += bytes.length * 3;
		done = index;
	}
	view.copy(done, text.length);
	return view.build();
}

const DECODERS: Array<(text: string) => View | undefined> = [jsonUnescape, htmlUnescape, (text) => percentDecode(text, true), (text) => percentDecode(text, false)];

/** A view of a view, mapped back to the first source. */
function compose(outer: View, inner: View): View {
	const starts = new Int32Array(inner.text.length);
	const ends = new Int32Array(inner.text.length);
	for (let index = 0; index < inner.text.length; index++) {
		starts[index] = outer.starts[inner.starts[index]];
		ends[index] = outer.ends[inner.ends[index] - 1];
	}
	return { text: inner.text, starts, ends };
}

function decodeOnce(text: string): View[] {
	const views: View[] = [];
	for (const decode of DECODERS) {
		const view = decode(text);
		// `+` as a space or not gives the same text when there is no `+`: scan it once.
		if (view && !views.some((other) => other.text === view.text)) views.push(view);
	}
	return views;
}

/**
 * Every decoded view of a text, one and two decodings deep (JSON inside JSON, a URL inside a JSON
 * string, an entity inside a query...). The text itself is not among them. Empty for plain text.
 */
export function decodedViews(text: string): View[] {
	const first = decodeOnce(text);
	const second = first.flatMap((outer) => decodeOnce(outer.text).map((inner) => compose(outer, inner)));
	return [...first, ...second];
}
