/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
	// The node tests load the built package: build it when dist/ is missing or stale.
	globalSetup: '<rootDir>/test/setup/build.ts',
	// FC_SEED replays the cases of a failed property run.
	setupFiles: ['<rootDir>/test/setup/fast-check.ts'],
	// Type-checking is `npm run typecheck`'s job; jest only transpiles.
	// Real local servers and n8n-core runs: allow for the timeout tests' deadlines.
	testTimeout: 30000,
};
