import { MAX_DATA_DEPTH, deeperThan } from './depth';
import type { Redactor } from './redact';
import type { JsonValue } from './types';

/** A response body as a transport hands it over: a stream of chunks, or already in memory. */
export type ResponseBody = AsyncIterable<Uint8Array | string> | Uint8Array | string | null | undefined;

interface ReadBody {
	bytes: Uint8Array;
	/** More bytes were on offer than the cap allowed; reading stopped there. */
	truncated: boolean;
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
	return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

function isIterable(body: ResponseBody): body is AsyncIterable<Uint8Array | string> {
	return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
	const out = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.length;
	}
	return out;
}

/** Stops a stream that still has a socket behind it. */
export function discardBody(body: ResponseBody): void {
	if (body && typeof body === 'object' && 'destroy' in body && typeof body.destroy === 'function') {
		(body.destroy as () => void).call(body);
	}
}

/**
 * Reads a body up to `maxBytes`, never further: the rest is not downloaded.
 * Rejects with the signal's reason when the signal aborts first (a server that drips bytes).
 */
export async function readBody(body: ResponseBody, maxBytes: number, signal: AbortSignal): Promise<ReadBody> {
	if (body === null || body === undefined) return { bytes: new Uint8Array(0), truncated: false };
	if (!isIterable(body)) {
		const bytes = toBytes(body);
		return { bytes: bytes.subarray(0, maxBytes), truncated: bytes.length > maxBytes };
	}
	const chunks: Uint8Array[] = [];
	let length = 0;
	let truncated = false;
	const iterator = body[Symbol.asyncIterator]();
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(signal.reason);
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
	});
	aborted.catch(() => undefined);
	try {
		for (;;) {
			const next = await Promise.race([iterator.next(), aborted]);
			if (next.done) break;
			const chunk = toBytes(next.value);
			if (length + chunk.length > maxBytes) {
				chunks.push(chunk.subarray(0, maxBytes - length));
				length = maxBytes;
				truncated = true;
				break;
			}
			chunks.push(chunk);
			length += chunk.length;
		}
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
		if (truncated || signal.aborted) discardBody(body);
	}
	return { bytes: concat(chunks, length), truncated };
}

/** The body as the agent gets it, with a note where it could not be passed as is. */
export interface ParsedBody {
	data: JsonValue;
	note?: string;
}

const TEXT_TYPES = /^(text\/|application\/(.*[+/])?(json|xml|javascript|x-www-form-urlencoded|graphql|yaml|x-yaml|csv)\b)/;
const BINARY_TYPES = /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip)\b/;
const JSON_TYPES = /^application\/(.*\+)?json\b|^text\/json\b/;

function charsetOf(contentType: string): string {
	const match = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
	return match ? match[1].toLowerCase() : 'utf-8';
}

function decode(bytes: Uint8Array, charset: string, fatal: boolean): string | undefined {
	try {
		return new TextDecoder(charset, { fatal }).decode(bytes);
	} catch {
		return undefined;
	}
}

/** A cut at the byte cap can split a UTF-8 character: its partial tail is dropped before decoding. */
function withoutPartialCharacter(bytes: Uint8Array): Uint8Array {
	let lead = bytes.length - 1;
	while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead] & 0xc0) === 0x80) lead--;
	if (lead < 0) return bytes;
	const first = bytes[lead];
	const size = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
	return size > bytes.length - lead ? bytes.subarray(0, lead) : bytes;
}

function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
	return `${bytes} bytes`;
}

/**
 * Parses a body by its content type: JSON types as JSON, text types as text, anything else that is
 * not clean text as binary (not passed on). JSON nested deeper than MAX_DATA_DEPTH stays text. With a
 * redactor, number tokens holding a secret are redacted before parsing (the caller redacts the rest).
 * Never throws.
 */
export function parseBody(read: ReadBody, contentType: string | undefined, maxBytes: number, redactor?: Redactor): ParsedBody {
	const type = (contentType ?? '').toLowerCase().trim();
	const { truncated } = read;
	const bytes = truncated ? withoutPartialCharacter(read.bytes) : read.bytes;
	if (bytes.length === 0) return { data: null };
	const oversize = truncated
		? `The response was larger than ${formatBytes(maxBytes)}; only the first ${formatBytes(maxBytes)} were read.`
		: undefined;
	const declaredText = TEXT_TYPES.test(type);
	const text = decode(bytes, charsetOf(type), !declaredText) ?? (declaredText ? decode(bytes, 'utf-8', false) : undefined);
	// Without a text type, NUL bytes or invalid UTF-8 mean binary content.
	if (text === undefined || BINARY_TYPES.test(type) || (!declaredText && text.includes('\0'))) {
		return {
			data: null,
			note: `The response is binary (${type || 'no content type'}, ${formatBytes(bytes.length)}${truncated ? ' or more' : ''}) and was not passed on.`,
		};
	}
	if (oversize) return { data: text, note: oversize };
	if (JSON_TYPES.test(type) || (!type && /^\s*[[{]/.test(text))) {
		try {
			const data = JSON.parse(redactor ? redactor.jsonNumbers(text) : text) as JsonValue;
			if (deeperThan(data, MAX_DATA_DEPTH)) {
				return { data: text, note: `The response is nested deeper than ${MAX_DATA_DEPTH} levels; it is passed on as text.` };
			}
			return { data };
		} catch {
			if (type) return { data: text, note: 'The response said it was JSON but did not parse as JSON; it is passed on as text.' };
		}
	}
	return { data: text };
}
