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
