/**
 * The property suites draw new cases on every run, each from a random seed that fast-check prints when
 * a property fails. `FC_SEED=<seed> npm run test:unit` replays that run's cases.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') {
	if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be an integer, as fast-check prints it (got "${seed}")`);
	fc.configureGlobal({ seed: Number(seed) });
}
