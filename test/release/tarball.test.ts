/**
 * What `npm pack` puts in the tarball, from `npm pack --dry-run --json` on the built package: exactly
 * the compiled sources, the codex files and icons under dist/, plus README.md, LICENSE.md, index.js
 * and package.json. The expected list is derived, not written down: from the source folders (every
 * engine/, nodes/ and credentials/ source compiles to dist/) and from package.json's `n8n` section as
 * n8n's own package loader reads it (each node's codex file and icons, each credential's icons), so
 * a node added under nodes/ is covered without editing this test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[]; credentials: string[] } };

/** Files under `dir` (relative to the repository root, with forward slashes) whose names match. */
function filesUnder(dir: string, match: RegExp): string[] {
	const walk = (folder: string): string[] =>
		readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) return walk(path);
			return match.test(entry.name) ? [relative(ROOT, path).split('\\').join('/')] : [];
		});
	return walk(join(ROOT, dir));
}

const SHIPPED_SOURCE_DIRS = ['engine', 'nodes', 'credentials'];
const sources = SHIPPED_SOURCE_DIRS.flatMap((dir) => filesUnder(dir, /\.ts$/)).filter((file) => !file.endsWith('.d.ts'));
const codexFiles = filesUnder('nodes', /\.node\.json$/);
const iconFiles = ['nodes', 'credentials'].flatMap((dir) => filesUnder(dir, /\.(svg|png)$/));

/** Each source's compiled output, each codex file and icon at the same path under dist/, and the root files. */
const expected = [
	...sources.flatMap((file) => ['.js', '.d.ts', '.js.map'].map((ext) => `dist/${file.replace(/\.ts$/, ext)}`)),
	...[...codexFiles, ...iconFiles].map((file) => `dist/${file}`),
	'README.md',
	'LICENSE.md',
	'index.js',
	'package.json',
].sort();

let packed: string[];

beforeAll(() => {
	if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
	const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as Array<{
		files: Array<{ path: string }>;
	}>;
	packed = report.files.map((file) => file.path).sort();
}, 60000);

test('the tarball holds exactly dist/ (compiled sources, codex files, icons), README.md, LICENSE.md, index.js and package.json', () => {
	expect(sources.length).toBeGreaterThan(0);
	expect(packed).toEqual(expected);
});

test('no tests, benchmarks, scripts or examples are shipped, compiled or not', () => {
	const notShipped = /(^|\/)(test|tests|__tests__|benchmarks|scripts|examples|artifacts)\/|\.(test|spec|bench)\.|\.tsbuildinfo$/;
	expect(packed.filter((file) => notShipped.test(file))).toEqual([]);
});

test("every node and credential under nodes/ and credentials/ is registered in package.json's n8n section, and nothing else is", () => {
	const registered = (dir: string, suffix: string) =>
		filesUnder(dir, new RegExp(`\\.${suffix}\\.ts$`))
			.map((file) => `dist/${file.replace(/\.ts$/, '.js')}`)
			.sort();
	expect([...PACKAGE.n8n.nodes].sort()).toEqual(registered('nodes', 'node'));
	expect([...PACKAGE.n8n.credentials].sort()).toEqual(registered('credentials', 'credentials'));
	for (const entry of [...PACKAGE.n8n.nodes, ...PACKAGE.n8n.credentials]) expect(packed).toContain(entry);
});

describe("what n8n's package loader reads from the package is in the tarball", () => {
	let loader: PackageDirectoryLoader;
	/** n8n serves icons as icons/<package>/<path in the package>. */
	const iconPaths = (iconUrl: unknown): string[] => {
		const urls = typeof iconUrl === 'string' ? [iconUrl] : Object.values((iconUrl ?? {}) as Record<string, string>);
		return urls.map((url) => url.replace(`icons/${PACKAGE.name}/`, ''));
	};

	beforeAll(async () => {
		loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
	});

	test('every registered node and credential loads', () => {
		expect(Object.values(loader.nodeTypes).map((node) => node.sourcePath).sort()).toEqual([...PACKAGE.n8n.nodes].sort());
		expect(Object.values(loader.credentialTypes).map((credential) => credential.sourcePath).sort()).toEqual([...PACKAGE.n8n.credentials].sort());
	});

	test('each node has its codex file (<node>.node.json beside <node>.node.js), naming the node as n8n does', () => {
		for (const [name, { sourcePath }] of Object.entries(loader.nodeTypes)) {
			const codexPath = `${sourcePath}on`; // n8n reads the codex from the node file's path + "on"
			expect(packed).toContain(codexPath);
			const codex = JSON.parse(readFileSync(join(ROOT, codexPath), 'utf8')) as { node: string; categories: string[] };
			expect(codex.node).toBe(`${PACKAGE.name}.${name}`);
			const described = loader.types.nodes.filter((description) => description.name === name);
			expect(described.length).toBeGreaterThan(0);
			for (const description of described) expect(description.codex?.categories).toEqual(codex.categories);
		}
	});

	test('every icon a node or credential names (light and dark) is in the tarball', () => {
		const named = [...loader.types.nodes, ...loader.types.credentials].flatMap((description) => {
			expect(description.iconUrl).toBeDefined(); // a file: icon, resolved by the loader
			return iconPaths(description.iconUrl);
		});
		expect(named.length).toBeGreaterThanOrEqual(2 * (PACKAGE.n8n.nodes.length + PACKAGE.n8n.credentials.length));
		for (const icon of named) expect(packed).toContain(icon);
	});
});
