import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether a parameter value as stored in the workflow holds an n8n expression anywhere in it
 * (n8n's own rule: a string that starts with "="). Iterative: builders' JSON may nest deeply.
 */
export function holdsExpression(value: unknown): boolean {
	const pending: unknown[] = [value];
	while (pending.length > 0) {
		const next = pending.pop();
		if (typeof next === 'string' && next.startsWith('=')) return true;
		if (next !== null && typeof next === 'object') for (const inner of Object.values(next)) pending.push(inner);
	}
	return false;
}

/**
 * Reads a value built from the node's parameters `names`: once per execution when none of them
 * holds an expression in the node's raw parameters (the value is then the same for every item), else
 * once per item. The once-read value lives in the returned function only, so it ends with the execution.
 */
export function readOnceUnlessExpression<T>(
	context: Pick<IExecuteFunctions, 'getNode'>,
	names: readonly string[],
	read: (itemIndex: number) => T,
): (itemIndex: number) => T {
	const raw = context.getNode().parameters;
	if (names.some((name) => holdsExpression(raw[name]))) return read;
	let once: { value: T } | undefined;
	return (itemIndex) => (once ??= { value: read(itemIndex) }).value;
}
