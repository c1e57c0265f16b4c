/**
 * The scale test (`npm run test:scale`): test/scale/*.scale.ts, which neither `npm test` (*.test.ts)
 * nor `npm run test:e2e` (test/e2e) picks up. Real n8n on Postgres 17 and Redis with two workers and
 * a webhook process, a few minutes: one file, in band, with generous timeouts.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/scale'],
	testMatch: ['**/*.scale.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
