import { buildNested, getPath, isRecord } from './paths';
import type { JsonValue } from './types';

/** Options that trim what the agent is handed. */
export interface ShapeOptions {
	/** Dot paths to keep; empty keeps everything. Applied to each element of a top-level list. */
	keepFields?: string[];
	/** Maximum characters of the data as compact JSON; 0 or absent means no limit. */
	maxChars?: number;
}

function pick(data: JsonValue, paths: string[]): JsonValue {
	if (Array.isArray(data)) return data.map((entry) => pick(entry, paths));
	if (!isRecord(data)) return data;
	const entries = paths.flatMap((path) => {
		const value = getPath(data, path) as JsonValue | undefined;
		return value === undefined ? [] : [{ name: path, value }];
	});
	const nested = buildNested(entries);
	// Overlapping paths (`a` and `a.b`): the wider one already holds the narrower.
	return nested.ok ? nested.tree : Object.fromEntries(entries.map((entry) => [entry.name, entry.value]));
}

/** Trims response data for the agent; a truncation is always announced in the note. */
export function shapeData(data: JsonValue, options: ShapeOptions): { data: JsonValue; note?: string } {
	const paths = (options.keepFields ?? []).map((path) => path.trim()).filter(Boolean);
	const kept = paths.length > 0 ? pick(data, paths) : data;
	const max = options.maxChars ?? 0;
	if (max <= 0 || kept === null) return { data: kept };
	const text = typeof kept === 'string' ? kept : JSON.stringify(kept);
	if (text.length <= max) return { data: kept };
	return {
		data: `${text.slice(0, max)}…`,
		note: `The response was truncated: showing the first ${max} of ${text.length} characters.`,
	};
}
