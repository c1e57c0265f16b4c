/** Text checks shared by conversion, planning and shaping: well-formed UTF-16, header-safe text, safe cuts. */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string is well-formed UTF-16 (no lone surrogate): only such text can be encoded for HTTP. */
export function isWellFormed(text: string): boolean {
	return !LONE_SURROGATE.test(text);
}

/** The text with each lone surrogate replaced by U+FFFD, for quoting a refused value in a message. */
export function wellFormed(text: string): string {
	return isWellFormed(text) ? text : text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');
}

const isSpace = (code: number) => code === 0x09 || code === 0x20;
// Control characters: C0 (HTAB aside), DEL and C1.
const isControl = (code: number) => (code < 0x20 && code !== 0x09) || (code >= 0x7f && code <= 0x9f);

/**
 * Why a header value cannot travel exactly as written, or undefined when it can. HTTP carries Latin-1
 * without control characters (HTAB allowed); clients and parsers drop leading and trailing spaces and
 * tabs, so those are refused too rather than silently removed.
 */
export function headerValueProblem(text: string): string | undefined {
	if (text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)))) {
		return 'starts or ends with a space or tab, which HTTP drops';
	}
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x0a || code === 0x0d) return 'contains a line break';
		if (isControl(code)) return 'contains a control character, which HTTP headers cannot carry';
		if (code > 0xff) return 'contains characters HTTP headers cannot carry (only Latin-1 text is sent as it is)';
	}
	return undefined;
}

/** The first `length` UTF-16 units of a text, one unit fewer if the cut would split a surrogate pair. */
export function cutText(text: string, length: number): string {
	if (length >= text.length) return text;
	const code = text.charCodeAt(length - 1);
	return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}
