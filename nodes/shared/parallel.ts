/** How a task ended; `undefined` for one that never started because an earlier one threw. */
type TaskOutcome<T> = PromiseSettledResult<T> | undefined;

/**
 * Runs `task(0) … task(count - 1)` with at most `limit` running at once, starting them in index
 * order, and returns their outcomes in index order. A task that throws never loses the outcome of
 * another; once one has thrown, no further task starts (those already running are awaited, not
 * abandoned: a call already sent cannot be unsent).
 */
export async function runBounded<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<Array<TaskOutcome<T>>> {
	const outcomes: Array<TaskOutcome<T>> = new Array<TaskOutcome<T>>(count).fill(undefined);
	let next = 0;
	let thrown = false;
	const worker = async (): Promise<void> => {
		while (next < count && !thrown) {
			const index = next++;
			try {
				outcomes[index] = { status: 'fulfilled', value: await task(index) };
			} catch (reason) {
				thrown = true;
				outcomes[index] = { status: 'rejected', reason };
			}
		}
	};
	const workers = Math.min(count, Number.isNaN(limit) ? 1 : Math.max(1, Math.floor(limit)));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
