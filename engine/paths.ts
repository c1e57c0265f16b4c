/** Reads a dot path (`a.b.c`) from a value; undefined where any step is missing. An empty path is the value itself. */
export function getPath(value: unknown, path: string): unknown {
	if (path === '') return value;
	let current: unknown = value;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Tree of nested objects built from dot names; leaves are of type T. */
export interface Tree<T> {
	[key: string]: T | Tree<T>;
}

/**
 * Builds nested objects from dot-named entries (`customer.email`).
 * Returns the clashing name when one name is both a value and a parent (`a` and `a.b`).
 */
export function buildNested<T>(
	entries: Array<{ name: string; value: T }>,
): { ok: true; tree: Tree<T> } | { ok: false; clash: string } {
	const tree: Tree<T> = {};
	const parents = new Set<Tree<T>>([tree]);
	for (const { name, value } of entries) {
		const keys = name.split('.');
		let node = tree;
		for (const key of keys.slice(0, -1)) {
			const next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
			if (next === undefined) {
				const child: Tree<T> = {};
				node[key] = child;
				parents.add(child);
				node = child;
			} else if (parents.has(next as Tree<T>)) {
				node = next as Tree<T>;
			} else {
				return { ok: false, clash: name };
			}
		}
		const last = keys[keys.length - 1];
		if (Object.prototype.hasOwnProperty.call(node, last)) return { ok: false, clash: name };
		node[last] = value;
	}
	return { ok: true, tree };
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

/** An id or name as text: a non-empty string, or a number; anything else is none. */
export function textOf(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}
