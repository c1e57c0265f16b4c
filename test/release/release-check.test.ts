/**
 * scripts/release-check.js: what publish.yml checks before it publishes (tag and version, a dated
 * CHANGELOG entry, package.json's repository against the workflow's, npm new enough for trusted
 * publishing).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface ReleaseInput {
	pkg: { version?: string; repository?: string | { url?: string } };
	changelog: string;
	tag?: string;
	repository?: string;
	npmVersion: string;
}
const { releaseProblems, githubRepository } = createRequire(__filename)(join(__dirname, '..', '..', 'scripts', 'release-check.js')) as {
	releaseProblems(input: ReleaseInput): string[];
	githubRepository(url: string | undefined): string | undefined;
};

const CHANGELOG = '# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2026-12-24\n\n### Fixed\n- Something.\n\n## [1.2.2] - 2026-11-01\n';
const READY: ReleaseInput = {
	pkg: { version: '1.2.3', repository: { url: 'git+https://github.com/Acme/n8n-nodes-acme.git' } },
	changelog: CHANGELOG,
	tag: 'v1.2.3',
	repository: 'Acme/n8n-nodes-acme',
	npmVersion: '11.5.1',
};

test('a ready release has no problems', () => {
	expect(releaseProblems(READY)).toEqual([]);
	expect(releaseProblems({ ...READY, pkg: { ...READY.pkg, repository: 'https://github.com/acme/N8N-nodes-acme' }, npmVersion: '12.0.0' })).toEqual([]);
});

test('the tag must be v<version>', () => {
	for (const tag of ['1.2.3', 'v1.2.4', 'v1.2.3-rc.1', undefined]) {
		expect(releaseProblems({ ...READY, tag })).toEqual([expect.stringContaining("package.json's version is 1.2.3")]);
	}
});

test('CHANGELOG.md needs a dated heading for exactly this version', () => {
	for (const changelog of [
		'## [Unreleased]\n- 1.2.3 things\n',
		'## [1.2.3]\n',
		'## [1.2.3] - not yet released\n',
		'## [1.2.30] - 2026-12-24\n',
		'## [1x2x3] - 2026-12-24\n', // the dots are literal
		'### [1.2.3] - 2026-12-24\n',
	]) {
		expect(releaseProblems({ ...READY, changelog })).toEqual([expect.stringContaining('CHANGELOG.md has no entry "## [1.2.3] - YYYY-MM-DD"')]);
	}
});

test("package.json's repository must be the workflow's repository (npm provenance)", () => {
	const problem = [expect.stringContaining('git+https://github.com/Acme/n8n-nodes-acme.git')];
	expect(releaseProblems({ ...READY, pkg: { version: '1.2.3' } })).toEqual(problem);
	expect(releaseProblems({ ...READY, pkg: { version: '1.2.3', repository: { url: 'git+https://github.com/acme/other.git' } } })).toEqual(problem);
	expect(releaseProblems({ ...READY, pkg: { version: '1.2.3', repository: { url: 'git+https://gitlab.com/Acme/n8n-nodes-acme.git' } } })).toEqual(problem);
	expect(releaseProblems({ ...READY, repository: undefined })).toEqual([expect.stringContaining('GITHUB_REPOSITORY is not set')]);
});

test('npm must be 11.5.1 or later', () => {
	for (const npmVersion of ['10.9.2', '11.5.0', '11.4.9', '9.99.99']) {
		expect(releaseProblems({ ...READY, npmVersion })).toEqual([expect.stringContaining(`npm ${npmVersion} is too old`)]);
	}
	for (const npmVersion of ['11.5.1', '11.6.0', '11.19.1', '12.0.0']) expect(releaseProblems({ ...READY, npmVersion })).toEqual([]);
});

test('every problem is reported at once', () => {
	expect(releaseProblems({ pkg: { version: '0.1.0' }, changelog: '', tag: 'v0.0.9', repository: 'a/b', npmVersion: '10.0.0' })).toHaveLength(4);
});

test('GitHub repository URLs in the forms package.json allows', () => {
	for (const url of [
		'git+https://github.com/Owner/Repo.git',
		'https://github.com/owner/repo',
		'https://github.com/owner/repo/',
		'git://github.com/owner/repo.git',
		'git+ssh://git@github.com/owner/repo.git',
	]) {
		expect(githubRepository(url)).toBe('owner/repo');
	}
	for (const url of [undefined, '', 'github:owner/repo', 'https://github.com/owner', 'https://github.com.evil.example/owner/repo', 'https://gitlab.com/owner/repo']) {
		expect(githubRepository(url)).toBeUndefined();
	}
});
