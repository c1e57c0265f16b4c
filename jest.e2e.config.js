/**
 * End-to-end tests in real n8n (`npm run test:e2e`): test/e2e/*.e2e.ts, which `npm test`'s jest
 * (*.test.ts) does not pick up. They build the package, install n8n into a cache on first use
 * (minutes), and run n8n's CLI and server: one file, in band, with generous timeouts.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
