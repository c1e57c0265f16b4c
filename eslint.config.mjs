// One lint for the whole repository (`npm run lint`, also what `n8n-node lint` runs here, since the
// package is not in node-cli's strict mode: see the README's "Verification" section).
//
// Shipped code gets the rules of n8n's community-package scan, taken from the pinned scanner itself
// (@n8n/scan-community-package's buildScanConfig: @n8n/eslint-plugin-community-nodes `recommended`,
// `no-console`, and eslint-plugin-n8n-nodes-base's community / credentials / nodes sets, with the
// scanner's own plugin versions), so this lint cannot drift from the scan. On top of that: a stricter
// import rule for shipped code and the engine's "no n8n imports" rule. Tests, benchmarks and tooling
// get typescript-eslint's recommended rules in blocks of their own. `npm run lint` passes
// --no-inline-config, as the scan runs with allowInlineConfig: false: fix the code, not the rule.
// The compiled package (dist/, index.js in the tarball) is linted by the scanner itself in
// `npm test` (scripts/scan-package.js), not here.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

import { loadScanner } from './scripts/n8n-scanner.mjs';

const { buildScanConfig } = await loadScanner();

// What ships: the engine is compiled into dist/ next to the nodes and the credential, and the root
// index.js re-exports it; package.json and the codex files are read by n8n.
const SHIPPED = ['nodes/**/*.{ts,json}', 'credentials/**/*.ts', 'engine/**/*.ts', 'index.js', 'package.json'];
const TOOLING_JS = ['scripts/**/*.js', 'benchmarks/**/*.js', 'gulpfile.js', 'jest.config.js', 'jest.e2e.config.js', 'jest.scale.config.js'];
// Everything else in the checkout: tests, benchmarks, tooling, examples, configuration files.
const NOT_SHIPPED = ['test/**', 'benchmarks/**', 'scripts/**', 'examples/**', '*.config.{js,mjs}', 'gulpfile.js', 'tsconfig*.json'];

// @n8n/community-nodes/no-restricted-imports also lets through anything in devDependencies, on the
// assumption that the package is bundled. This one is compiled by tsc, not bundled, so a devDependency
// would be missing at runtime: shipped code may load only relative paths and the modules n8n provides.
// (esquery regexes cannot contain a slash, hence \x2F.)
const NOT_PROVIDED = '/^(?!\\.{1,2}\\x2F|(n8n-workflow|lodash|luxon|moment|p-limit|zod|crypto|node:crypto)(\\x2F|$))/';
const notProvidedMessage = 'Only relative imports and n8n-workflow, lodash, luxon, moment, p-limit, zod or crypto are available to a community node at runtime.';
const ONLY_PROVIDED_MODULES = [
	`ImportDeclaration[importKind!='type'][source.value=${NOT_PROVIDED}]`,
	`ExportAllDeclaration[exportKind!='type'][source.value=${NOT_PROVIDED}]`,
	`ExportNamedDeclaration[exportKind!='type'][source.value=${NOT_PROVIDED}]`,
	`ImportExpression[source.value=${NOT_PROVIDED}]`,
	`CallExpression[callee.name='require'][arguments.0.value=${NOT_PROVIDED}]`,
].map((selector) => ({ selector, message: notProvidedMessage }));

// The scanner's blocks, each kept off what does not ship: blocks without `files` would otherwise apply
// to tests and tooling too, and its `**/*.json` parser block to every JSON file in the checkout.
const scanForShippedCode = (await buildScanConfig()).map((block) => ({ ...block, files: block.files ?? SHIPPED, ignores: NOT_SHIPPED }));

export default defineConfig(
	globalIgnores(['node_modules/', 'dist/', 'coverage/', 'artifacts/', '.n8n-cache/', 'package-lock.json']),

	// TypeScript everywhere: typescript-eslint recommended. For tests and benchmarks that is all: they
	// never ship, so none of the scan's rules below apply to them (they may use Node's modules,
	// devDependencies, timers and the console).
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
	},

	// Shipped code: the scan's rules, plus only the modules a community node has at runtime.
	...scanForShippedCode,
	{
		files: SHIPPED,
		rules: { 'no-restricted-syntax': ['error', ...ONLY_PROVIDED_MODULES] },
	},
	{
		files: ['index.js'],
		languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs' },
	},
	{
		// The package.json rules walk the TSESTree ObjectExpression the TypeScript parser makes of JSON.
		files: ['package.json', 'nodes/**/*.json'],
		languageOptions: { parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		// valid-author wants an author email, and the package has no real address yet (no placeholder
		// is kept). scripts/scan-package.js runs this rule with the scanner, allows that one finding
		// until the first release, and refuses it with --release (publish.yml).
		files: ['package.json'],
		rules: { '@n8n/community-nodes/valid-author': 'off' },
	},
	{
		// The engine is a framework-free library (usable outside n8n through index.js) and cannot build
		// NodeApiError/NodeOperationError: it returns typed failures, and the node adapters wrap them in
		// NodeOperationError/NodeApiError. (The scan's source pass covers nodes/ and credentials/ only.)
		files: ['engine/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-restricted-syntax': [
				'error',
				...ONLY_PROVIDED_MODULES,
				...['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration'].map((node) => ({
					selector: `${node}[source.value=/^n8n-/]`,
					message: 'The engine has no n8n imports: it runs outside n8n too (index.js).',
				})),
			],
		},
	},

	// Repository tooling that never ships (build/test config, scripts): typescript-eslint
	// recommended only. The CommonJS ones use require().
	{
		files: TOOLING_JS,
		extends: [tseslint.configs.recommended],
		languageOptions: { sourceType: 'commonjs' },
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
			// `const { omitted, ...rest } = obj` is how these scripts drop keys.
			'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
		},
	},
	{
		files: ['**/*.mjs'],
		extends: [tseslint.configs.recommended],
	},
);
