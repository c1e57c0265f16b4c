#!/usr/bin/env node
'use strict';
// What publish.yml checks before it publishes, so a release stops with a clear list instead of a
// half-done publish or npm's own late refusal:
//   - the pushed tag is v<version in package.json>;
//   - CHANGELOG.md has a dated entry for that version: "## [x.y.z] - YYYY-MM-DD";
//   - package.json's repository is the GitHub repository running the workflow (npm refuses a
//     provenance statement for a package whose repository.url does not match it);
//   - npm is 11.5.1 or later (trusted publishing).
//
//   node scripts/release-check.js     reads GITHUB_REF_NAME and GITHUB_REPOSITORY (set by GitHub Actions)
// Exit code 0 = ready, 1 = not ready (each problem printed).

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const MIN_NPM = [11, 5, 1];

/** "git+https://github.com/Owner/Repo.git" and the like → "owner/repo"; anything else → undefined. */
function githubRepository(url) {
	const match = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(url ?? '');
	return match ? `${match[1]}/${match[2]}`.toLowerCase() : undefined;
}

function atLeast(version, minimum) {
	const parts = String(version).split('.').map((part) => parseInt(part, 10));
	for (let i = 0; i < minimum.length; i++) {
		const part = Number.isFinite(parts[i]) ? parts[i] : 0;
		if (part !== minimum[i]) return part > minimum[i];
	}
	return true;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Everything that stops a release, as sentences; empty when it may go ahead.
 * @param {{ pkg: { version?: string, repository?: string | { url?: string } }, changelog: string, tag?: string, repository?: string, npmVersion: string }} input
 */
function releaseProblems({ pkg, changelog, tag, repository, npmVersion }) {
	const problems = [];
	const version = pkg.version ?? '';
	if (tag !== `v${version}`) problems.push(`The tag is "${tag ?? ''}", but package.json's version is ${version}: tag v${version}, or set the version first.`);
	if (!new RegExp(`^## \\[${escape(version)}\\] - \\d{4}-\\d{2}-\\d{2}\\s*$`, 'm').test(changelog)) {
		problems.push(`CHANGELOG.md has no entry "## [${version}] - YYYY-MM-DD": move the Unreleased changes under it, with the release date.`);
	}
	const declared = githubRepository(typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url);
	if (!repository) problems.push('GITHUB_REPOSITORY is not set: run this in the publish workflow, or set it to owner/name.');
	else if (declared !== repository.toLowerCase()) {
		problems.push(`package.json's repository must be this repository for npm provenance: set "repository": { "type": "git", "url": "git+https://github.com/${repository}.git" }.`);
	}
	if (!atLeast(npmVersion, MIN_NPM)) problems.push(`npm ${npmVersion} is too old for trusted publishing: 11.5.1 or later is needed.`);
	return problems;
}

function main() {
	const root = path.resolve(__dirname, '..');
	const problems = releaseProblems({
		pkg: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')),
		changelog: fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'),
		tag: process.env.GITHUB_REF_NAME,
		repository: process.env.GITHUB_REPOSITORY,
		npmVersion: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(),
	});
	for (const problem of problems) console.error(`not ready: ${problem}`);
	if (problems.length === 0) console.log('ready to publish');
	process.exitCode = problems.length ? 1 : 0;
}

module.exports = { releaseProblems, githubRepository };

if (require.main === module) main();
