/**
 * The shared pieces behind parallel calls and per-execution reads, on their own: the bounded runner
 * (property-based, with fast-check's scheduler deciding in which order the tasks finish), the
 * expression check on raw parameters, and the execution's secrets (only the names used are kept).
 */
import fc from 'fast-check';
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { runBounded } from '../../nodes/shared/parallel';
import { holdsExpression, readOnceUnlessExpression } from '../../nodes/shared/perExecution';
import { ExecutionSecrets } from '../../nodes/shared/secrets';

describe('runBounded', () => {
	const plans = fc.record({
		count: fc.integer({ min: 0, max: 40 }),
		limit: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, -3, 2.7, Number.NaN, Number.POSITIVE_INFINITY)),
		// Mostly tasks that succeed, some that throw.
		throwing: fc.array(fc.nat({ max: 6 }).map((roll) => roll === 0), { maxLength: 40 }),
	});
	const allowed = (limit: number, count: number) => Math.min(count, Number.isNaN(limit) ? 1 : Math.max(1, Math.floor(limit)));

	it('never runs more than the limit at once, starts in index order, and never loses an outcome', async () => {
		await fc.assert(
			fc.asyncProperty(fc.scheduler(), plans, async (scheduler, { count, limit, throwing }) => {
				const events: Array<{ kind: 'start' | 'end' | 'throw'; index: number }> = [];
				let running = 0;
				let most = 0;
				const task = async (index: number) => {
					events.push({ kind: 'start', index });
					running++;
					most = Math.max(most, running);
					try {
						await scheduler.schedule(Promise.resolve(), `task ${index}`);
						if (throwing[index]) {
							events.push({ kind: 'throw', index });
							throw new Error(`task ${index} failed`);
						}
						return index * 10;
					} finally {
						running--;
						events.push({ kind: 'end', index });
					}
				};
				const outcomes = await scheduler.waitFor(runBounded(count, limit, task));

				const started = events.filter((event) => event.kind === 'start').map((event) => event.index);
				expect(started).toEqual(started.map((_, position) => position));
				expect(most).toBeLessThanOrEqual(allowed(limit, count));
				// Every task started has ended before the runner returns: none is abandoned.
				expect(running).toBe(0);
				expect(outcomes).toHaveLength(count);
				const firstThrow = events.findIndex((event) => event.kind === 'throw');
				if (firstThrow === -1) {
					expect(outcomes).toEqual(Array.from({ length: count }, (_, index) => ({ status: 'fulfilled', value: index * 10 })));
					if (count > 0) expect(most).toBe(allowed(limit, count));
				} else {
					expect(events.slice(firstThrow).some((event) => event.kind === 'start')).toBe(false);
				}
				outcomes.forEach((outcome, index) => {
					if (index >= started.length) expect(outcome).toBeUndefined();
					else if (throwing[index]) expect(outcome).toEqual({ status: 'rejected', reason: new Error(`task ${index} failed`) });
					else expect(outcome).toEqual({ status: 'fulfilled', value: index * 10 });
				});
			}),
			{ numRuns: 300 },
		);
	});
});

describe('holdsExpression', () => {
	const plain = fc.string().filter((text) => !text.startsWith('='));
	const leaf = fc.oneof(plain, fc.integer(), fc.boolean(), fc.constant(null));
	const tree = fc.letrec((tie) => ({
		node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
	})).node;

	it('is false for any parameter value without a string starting with "="', () => {
		fc.assert(fc.property(tree, (value) => !holdsExpression(value)));
	});

	it('is true as soon as one string anywhere starts with "=" (n8n’s mark of an expression)', () => {
		fc.assert(
			fc.property(tree, fc.string(), fc.array(fc.oneof(fc.string(), fc.nat({ max: 3 })), { maxLength: 6 }), (value, expression, path) => {
				// Bury the expression at an arbitrary path: objects for string keys, arrays for numbers.
				let buried: unknown = `=${expression}`;
				for (const key of [...path].reverse()) buried = typeof key === 'number' ? [value, ...Array(key).fill(null), buried] : { [key]: buried, other: value };
				return holdsExpression(buried);
			}),
		);
	});

	it('walks deep nesting without recursion', () => {
		let deep: unknown = '={{ $json.id }}';
		for (let level = 0; level < 100000; level++) deep = { next: deep };
		expect(holdsExpression(deep)).toBe(true);
	});
});

/** The part of IExecuteFunctions these helpers use. */
function contextWith(parameters: INodeParameters, vault: Record<string, string> = {}) {
	const credentialReads: number[] = [];
	const context = {
		getNode: () => ({ parameters }),
		getCredentials: async (_type: string, itemIndex: number) => {
			credentialReads.push(itemIndex);
			return { vault: JSON.stringify(vault) };
		},
	} as unknown as IExecuteFunctions;
	return { context, credentialReads };
}

describe('readOnceUnlessExpression', () => {
	it('reads once, for the first item asking, when none of the named parameters is an expression', () => {
		const { context } = contextWith({ url: 'https://api.example.com/{id}', options: { keepFields: 'a' }, other: '={{ $json.x }}' });
		const read = jest.fn((itemIndex: number) => ({ itemIndex }));
		const once = readOnceUnlessExpression(context, ['url', 'options'], read);
		expect([2, 0, 1].map(once)).toEqual([{ itemIndex: 2 }, { itemIndex: 2 }, { itemIndex: 2 }]);
		expect(read).toHaveBeenCalledTimes(1);
	});

	it('reads for every item when one of them holds an expression, however deep', () => {
		const { context } = contextWith({ url: 'https://api.example.com', headers: { field: [{ name: 'X-Tenant', value: '={{ $json.tenant }}' }] } });
		const read = jest.fn((itemIndex: number) => itemIndex);
		const perItem = readOnceUnlessExpression(context, ['url', 'headers'], read);
		expect([0, 1, 2].map(perItem)).toEqual([0, 1, 2]);
		expect(read).toHaveBeenCalledTimes(3);
	});
});

describe('ExecutionSecrets', () => {
	const vault = { 'Orders API Key': 'sk_orders_12345678', 'Billing Key': 'sk_billing_87654321', 'Never Used': 'sk_never_00000000' };

	it('reads the credential once, for the first item that needs it, however many calls ask at the same time', async () => {
		const { context, credentialReads } = contextWith({}, vault);
		const secrets = new ExecutionSecrets(context, ['Orders API Key', 'Billing Key']);
		const answers = await Promise.all([3, 1, 2].map(async (itemIndex) => await secrets.resolverFor(itemIndex)(['Orders API Key'])));
		expect(answers).toEqual(Array(3).fill(new Map([['Orders API Key', vault['Orders API Key']]])));
		expect(credentialReads).toEqual([3]);
	});

	it('keeps only the names the execution uses: any other name is as good as absent', async () => {
		const { context } = contextWith({}, vault);
		const secrets = new ExecutionSecrets(context, ['Orders API Key']);
		expect(await secrets.resolverFor(0)(['Never Used'])).toMatchObject({ code: 'config_error', message: expect.stringContaining('"Never Used"') });
		expect(await secrets.resolverFor(0)(['Orders API Key'])).toEqual(new Map([['Orders API Key', vault['Orders API Key']]]));
	});

	it('forgets everything at the end of the execution: a later call reads the credential again', async () => {
		const { context, credentialReads } = contextWith({}, vault);
		const secrets = new ExecutionSecrets(context, ['Billing Key']);
		await secrets.resolverFor(0)(['Billing Key']);
		secrets.forget();
		await secrets.resolverFor(4)(['Billing Key']);
		expect(credentialReads).toEqual([0, 4]);
	});

	it('a credential that cannot be read is one config_error for every call, read once', async () => {
		const credentialReads: number[] = [];
		const context = {
			getNode: () => ({ parameters: {} }),
			getCredentials: async (_type: string, itemIndex: number) => {
				credentialReads.push(itemIndex);
				throw new Error('Node does not have any credentials set');
			},
		} as unknown as IExecuteFunctions;
		const secrets = new ExecutionSecrets(context, ['Orders API Key']);
		const results = await Promise.all([0, 1, 2].map(async (itemIndex) => await secrets.resolverFor(itemIndex)(['Orders API Key'])));
		expect(results).toEqual(Array(3).fill(expect.objectContaining({ code: 'config_error' })));
		expect(credentialReads).toEqual([0]);
	});
});
