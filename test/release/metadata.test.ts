/**
 * What users and n8n see about the package points somewhere real: package.json's links and author,
 * the credential's documentation link and the codex links (read as n8n's package loader reads them)
 * lead to the package's npm page, its declared GitHub repository or n8n's docs, never to a placeholder;
 * LICENSE.md, CHANGELOG.md and SECURITY.md are there and agree with package.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

const ROOT = join(__dirname, '..', '..');
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface PackageJson {
	name: string;
	version: string;
	license: string;
	homepage?: string;
	bugs?: string | { url?: string; email?: string };
	repository?: string | { url?: string };
	author?: { name?: string; email?: string; url?: string };
	n8n: { nodes: string[]; credentials: string[] };
}
const PACKAGE = JSON.parse(text('package.json')) as PackageJson;

const repositoryUrl = typeof PACKAGE.repository === 'string' ? PACKAGE.repository : PACKAGE.repository?.url;
const githubRepository = /github\.com\/([^/]+\/[^/]+?)(?:\.git)?$/.exec(repositoryUrl ?? '')?.[1];

/** Where a link may lead: the npm page, the declared GitHub repository (if any), n8n's docs. */
const REAL = [
	`https://www.npmjs.com/package/${PACKAGE.name}`,
	...(githubRepository ? [`https://github.com/${githubRepository}`] : []),
	'https://docs.n8n.io/',
];
const isReal = (url: string) => REAL.some((prefix) => url === prefix || url.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || url.startsWith(`${prefix}#`) || url.startsWith(`${prefix}?`));

/** Domains reserved for documentation and testing (RFC 2606, RFC 6761): a placeholder, never a contact. */
const RESERVED = /(^|[.@/])(example\.(com|org|net)|[a-z0-9-]+\.(example|test|invalid|localhost))([/:?#]|$)/i;

const codexFiles = PACKAGE.n8n.nodes.map((node) => `${node}on`);

test("package.json's links, the credential's documentation link and the codex links lead somewhere real", async () => {
	const loader = new PackageDirectoryLoader(ROOT);
	await loader.loadAll();
	const links: Array<[string, string | undefined]> = [
		['package.json homepage', PACKAGE.homepage],
		['package.json repository', repositoryUrl?.replace(/^git\+/, '').replace(/\.git$/, '')],
		['package.json bugs', typeof PACKAGE.bugs === 'string' ? PACKAGE.bugs : PACKAGE.bugs?.url],
		['package.json author.url', PACKAGE.author?.url],
		...loader.types.credentials.map((credential): [string, string | undefined] => [`credential ${credential.name} documentationUrl`, credential.documentationUrl]),
		...codexFiles.flatMap((file) => {
			const resources = (JSON.parse(text(file)) as { resources?: Record<string, Array<{ url: string }>> }).resources ?? {};
			return Object.entries(resources).flatMap(([kind, entries]) => entries.map((entry): [string, string] => [`${file} ${kind}`, entry.url]));
		}),
	];
	expect(PACKAGE.homepage).toBeDefined(); // n8n's lint asks for one
	expect(loader.types.credentials.every((credential) => credential.documentationUrl)).toBe(true); // likewise
	const present = links.filter((link): link is [string, string] => link[1] !== undefined);
	expect(present.filter(([, url]) => !isReal(url))).toEqual([]);
});

test('no placeholder domain anywhere in package.json, the codex files or the credential', () => {
	const files = ['package.json', ...codexFiles, ...PACKAGE.n8n.credentials.map((file) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts'))];
	const placeholders = files.flatMap((file) => (text(file).match(/[\w.@/:-]+/g) ?? []).filter((word) => RESERVED.test(word)).map((word) => `${file}: ${word}`));
	expect(placeholders).toEqual([]);
	expect(RESERVED.test('developers@redflare.example.com')).toBe(true);
	expect(RESERVED.test('https://api.example.com/orders')).toBe(true);
	expect(RESERVED.test('https://www.npmjs.com/package/n8n-nodes-redflare')).toBe(false);
});

test('the author has a name; an author email, once there, is a real address', () => {
	expect(PACKAGE.author?.name).toBeTruthy();
	if (PACKAGE.author?.email !== undefined) {
		expect(PACKAGE.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i);
		expect(PACKAGE.author.email).not.toMatch(RESERVED);
	}
});

test('LICENSE.md is the MIT license in the name of the package author', () => {
	expect(PACKAGE.license).toBe('MIT');
	const license = text('LICENSE.md');
	expect(license.split('\n')[0]).toBe('MIT License');
	expect(license).toMatch(new RegExp(`^Copyright \\(c\\) \\d{4} ${PACKAGE.author?.name}$`, 'm'));
	expect(license).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy');
	expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
});

test('CHANGELOG.md keeps a changelog: an Unreleased section, then one per version, newest first, including this one', () => {
	const headings = text('CHANGELOG.md')
		.split('\n')
		.filter((line) => line.startsWith('## '));
	expect(headings[0]).toBe('## [Unreleased]');
	const versions = headings.slice(1).map((heading) => {
		const match = /^## \[(\d+)\.(\d+)\.(\d+)\] - (\d{4}-\d{2}-\d{2}|not yet published)$/.exec(heading);
		expect(match).not.toBeNull();
		return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [];
	});
	expect(versions.map((version) => version.join('.'))).toContain(PACKAGE.version);
	const sorted = [...versions].sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
	expect(versions).toEqual(sorted);
	// Only the newest version may be waiting for its release date.
	expect(headings.slice(2).filter((heading) => heading.endsWith('not yet published'))).toEqual([]);
});

test('SECURITY.md says how to report a problem privately, and the README points to it', () => {
	expect(text('SECURITY.md')).toMatch(/private vulnerability reporting/i);
	expect(text('README.md')).toContain('(SECURITY.md)');
	expect(text('README.md')).toContain('(CHANGELOG.md)');
});
