/**
 * How deep outside data may nest before it is handed on as text. n8n copies, stores and shows every
 * output item with recursive code, and a response nested thousands of levels deep would overflow the
 * stack there (and in JSON.stringify); no real API answer comes near this.
 */
export const MAX_DATA_DEPTH = 100;

/** Whether a value nests deeper than `limit` levels of objects and lists; iterative, so any depth is safe. */
export function deeperThan(value: unknown, limit: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop() as [unknown, number];
		if (current === null || typeof current !== 'object') continue;
		if (depth >= limit) return true;
		for (const entry of Array.isArray(current) ? current : Object.values(current)) {
			if (entry !== null && typeof entry === 'object') stack.push([entry, depth + 1]);
		}
	}
	return false;
}
