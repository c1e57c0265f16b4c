import { htmlReference } from './decode';

// Elements whose content is not text a reader sees.
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'svg']);
const TITLE = 'title';

/** Whether a response is an HTML page: by its content type, or, without one, by how it starts. */
export function isHtml(text: string, contentType: string | undefined): boolean {
	const type = (contentType ?? '').toLowerCase();
	if (/^(text\/html|application\/xhtml\+xml)\b/.test(type)) return true;
	return !type.trim() && /^\s*(<!doctype html|<html[\s>])/i.test(text);
}

/** Where the closing tag `</name` starts at or after `from`, in any case; the text's end when there is none. */
function closingTag(html: string, name: string, from: number): number {
	const pattern = new RegExp(`</${name}`, 'gi');
	pattern.lastIndex = from;
	return pattern.exec(html)?.index ?? html.length;
}

function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	let out = '';
	let done = 0;
	for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
		const reference = htmlReference(text, at);
		if (!reference) continue;
		const { code } = reference;
		out += text.slice(done, at) + (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd');
		done = at + reference.length;
		at = done - 1;
	}
	return out + text.slice(done);
}

/**
 * The text a reader sees in an HTML page, on one line: the title and the visible text, without tags,
 * scripts, styles or comments, entities decoded, whitespace collapsed. One pass, so a megabyte of
 * hostile markup costs what reading it costs.
 */
export function htmlText(html: string): string {
	const parts: string[] = [];
	let at = 0;
	while (at < html.length) {
		const open = html.indexOf('<', at);
		if (open < 0) {
			parts.push(html.slice(at));
			break;
		}
		parts.push(html.slice(at, open), ' ');
		if (html.startsWith('<!--', open)) {
			const end = html.indexOf('-->', open + 4);
			at = end < 0 ? html.length : end + 3;
			continue;
		}
		const close = html.indexOf('>', open + 1);
		if (close < 0) break;
		const name = /^<\s*([a-zA-Z][\w-]*)/.exec(html.slice(open, Math.min(close, open + 40)))?.[1]?.toLowerCase();
		at = close + 1;
		if (name === TITLE) {
			// The page's title says most in the fewest words ("502 Bad Gateway").
			const end = closingTag(html, TITLE, at);
			parts.push(html.slice(at, end), ' ');
			at = end;
		} else if (name !== undefined && HIDDEN.has(name) && !html.slice(open, close).endsWith('/')) {
			at = closingTag(html, name, at);
		}
	}
	return decodeEntities(parts.join('')).replace(/\s+/g, ' ').trim();
}
