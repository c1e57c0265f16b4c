// n8n's community-package scanner (@n8n/scan-community-package, pinned in devDependencies), loaded as
// a library: its own ESLint config (buildScanConfig) and its own lint function (analyzePackage),
// with the plugin versions it depends on. The CLI (`npx @n8n/scan-community-package NAME`) only
// scans packages already on npm and first checks their provenance, so eslint.config.mjs and
// scripts/scan-package.mjs call these two functions directly instead.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SCANNER = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');

export async function loadScanner() {
	// eslint-plugin-n8n-nodes-base checks file names against its own test fixtures' names when
	// NODE_ENV is "test" (as under jest), and then reports every real node file. It reads the
	// variable when it is loaded, so this must come first.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	// The scanner makes a temporary folder when it is loaded (for the packages it downloads) and
	// leaves it behind unless `tmp` is told to clean up on exit: the same `tmp` it imports.
	createRequire(SCANNER)('tmp').setGracefulCleanup();
	return import(SCANNER);
}
