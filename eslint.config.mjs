// Lints the package the way n8n's community-package verification scan does
// (@n8n/scan-community-package: @n8n/eslint-plugin-community-nodes `recommended` plus `no-console`,
// and eslint-plugin-n8n-nodes-base's community / credentials / nodes rule sets), on the sources and
// on what is published (dist/ and index.js). `npm run lint` passes --no-inline-config, as the scan
// runs with allowInlineConfig: false, so disable comments are ignored: fix the code instead.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { defineConfig, globalIgnores } from 'eslint/config';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

// Code that ships: the engine is compiled into dist/ next to the node and the credential, and the
// root index.js re-exports it, so all of it obeys the scan's import and global restrictions.
const SHIPPED_TS = ['nodes/**/*.ts', 'credentials/**/*.ts', 'engine/**/*.ts'];
const SHIPPED_JS = ['dist/**/*.js', 'index.js'];
// The scan also parses package.json and the nodes'/credentials' JSON files (codex) as source.
const SHIPPED_JSON = ['package.json', 'nodes/**/*.json', 'credentials/**/*.json'];

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

export default defineConfig(
	globalIgnores([
		'node_modules/',
		'coverage/',
		'artifacts/',
		'.n8n-cache/',
		'package-lock.json',
		// The scan checks the compiled .js in the tarball, not the declaration files.
		'dist/**/*.d.ts',
	]),

	// Every TypeScript file (shipped, tests, benchmarks): typescript-eslint recommended.
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
	},

	// Repository tooling that never ships (build/test config, scripts): typescript-eslint
	// recommended only. They may use console, process and timers; the CommonJS ones use require().
	{
		files: ['scripts/**/*.js', 'benchmarks/**/*.js', 'gulpfile.js', 'jest.config.js', 'jest.e2e.config.js', 'jest.scale.config.js'],
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

	// Shipped code, sources and compiled output: the scan's rules.
	{
		files: [...SHIPPED_TS, ...SHIPPED_JS, ...SHIPPED_JSON],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
		rules: {
			'no-console': 'error',
			'no-restricted-syntax': ['error', ...ONLY_PROVIDED_MODULES],
		},
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
	{
		files: SHIPPED_JS,
		languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs' },
	},
	{
		// The package.json rules walk the TSESTree ObjectExpression the TypeScript parser makes of JSON.
		files: SHIPPED_JSON,
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},

	// eslint-plugin-n8n-nodes-base, with the same exceptions n8n's node-cli and the scan make.
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Not valid for community nodes.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// @n8n/community-nodes/credential-password-field checks this more accurately.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Inputs and outputs may use the NodeConnectionTypes enum instead of the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// A third-party API may really have a maximum, so maxValue is valid.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
