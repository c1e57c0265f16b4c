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
