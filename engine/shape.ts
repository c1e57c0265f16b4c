import { MAX_DATA_DEPTH, deeperThan } from './depth';
import { htmlText, isHtml } from './html';
import { isRecord } from './json';
import { cutText } from './text';
import type { JsonValue } from './types';

/** Options that trim what the agent is handed. */
export interface ShapeOptions {
	/** Dot paths to keep; empty keeps everything. Lists are entered: `items.name` keeps each item's name. */
	keepFields?: string[];
	/** Maximum characters of the data as compact JSON; 0 or absent means no limit. */
	maxChars?: number;
	/**
	 * Maximum characters of an HTTP error's details, an HTML page first reduced to the text a reader
	 * sees; 0 or absent: details are shaped as data is.
	 */
	maxErrorChars?: number;
}

/** Keeps the dot paths of `data`; a list at any level applies the rest of the path to each element. */
function pick(data: JsonValue, paths: string[][]): JsonValue {
	if (Array.isArray(data)) return data.map((entry) => pick(entry, paths));
	if (!isRecord(data)) return data;
	const kept: Record<string, JsonValue> = {};
	for (const key of new Set(paths.map((path) => path[0]))) {
		if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
		const rests = paths.filter((path) => path[0] === key).map((path) => path.slice(1));
		// A path that ends here keeps the whole value, whatever narrower paths also name.
		if (rests.some((rest) => rest.length === 0)) {
			kept[key] = data[key];
			continue;
		}
		const value = data[key];
		if (!isRecord(value) && !Array.isArray(value)) continue;
		const inner = pick(value, rests);
		// Paths that lead nowhere keep nothing, not an empty shell.
		if (!isRecord(inner) || Object.keys(inner).length > 0) kept[key] = inner;
	}
	return kept;
}

/**
 * Trims response data for the agent; a truncation is always announced in the note. Data nested deeper
 * than MAX_DATA_DEPTH (which parseBody never hands on) is not walked at all.
 */
export function shapeData(data: JsonValue, options: ShapeOptions): { data: JsonValue; note?: string } {
	if (deeperThan(data, MAX_DATA_DEPTH)) return { data: null, note: `The data is nested deeper than ${MAX_DATA_DEPTH} levels and was not passed on.` };
	const paths = (options.keepFields ?? []).map((path) => path.trim()).filter(Boolean);
	const kept = paths.length > 0 ? pick(data, paths.map((path) => path.split('.'))) : data;
	const max = options.maxChars ?? 0;
	if (max <= 0 || kept === null) return { data: kept };
	const text = typeof kept === 'string' ? kept : JSON.stringify(kept);
	if (text.length <= max) return { data: kept };
	return {
		data: `${cutText(text, max)}…`,
		note: `The response was truncated: showing the first ${max} of ${text.length} characters.`,
	};
}

/**
 * An HTTP error's body as the agent's `details`: with `maxErrorChars`, an HTML page becomes its text
 * and everything is cut to that size (or to `maxChars` when smaller), so that a 500 page is a sentence,
 * not a document. The body is redacted already: reducing markup to text decodes only the entities
 * redaction looked through, and puts a space where a tag was, so no secret can appear.
 */
export function shapeErrorDetails(data: JsonValue, contentType: string | undefined, options: ShapeOptions): JsonValue {
	const limit = options.maxErrorChars ?? 0;
	if (limit <= 0) return shapeData(data, options).data;
	const readable = typeof data === 'string' && isHtml(data, contentType) ? htmlText(data) : data;
	const maxChars = options.maxChars && options.maxChars > 0 ? Math.min(options.maxChars, limit) : limit;
	return shapeData(readable, { ...options, maxChars }).data;
}
