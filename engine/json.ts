/** Reading values that arrive from outside as JSON: objects, JSON text, ids and names. */

export function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON string parsed, anything else as it is; fails only on text that is not JSON. */
export function parseJsonText(value: unknown): { ok: true; value: unknown } | { ok: false } {
	if (typeof value !== 'string') return { ok: true, value };
	try {
		return { ok: true, value: JSON.parse(value) as unknown };
	} catch {
		return { ok: false };
	}
}

/** An id or a name as text: a non-empty string, or a number; anything else is none. */
export function textOf(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}
