/**
 * The GitHub Actions workflows, which cannot run here: actionlint finds nothing wrong in them
 * (scripts/check-workflows.js; a broken copy shows it does find things), and they do what the README
 * says: CI runs the tests, the scan and the real-n8n suites; a version tag publishes to npm with
 * provenance through trusted publishing, after the release checks, the tests and the strict scan.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, unknown>;
}
interface Job {
	permissions?: Record<string, string>;
	container?: string;
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const read = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');
const load = (name: string) => parse(read(name)) as Workflow;
const runs = (job: Job) => job.steps.map((step) => step.run?.trim()).filter((run): run is string => !!run);

async function actionlint(...files: string[]): Promise<{ code: number; output: string }> {
	try {
		const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'check-workflows.js'), ...files], { cwd: ROOT });
		return { code: 0, output: stdout };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
	}
}

describe('actionlint', () => {
	test('finds nothing in .github/workflows', async () => {
		const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
		expect(files.sort()).toEqual(['ci.yml', 'publish.yml']);
		const { code, output } = await actionlint();
		expect(output.trim().split('\n').sort()).toEqual(files.map((name) => `.github/workflows/${name}: ok`));
		expect(code).toBe(0);
	}, 60000);

	test('reports a misspelt permission, a missing job and an unknown expression property in a broken copy', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'redflare-actionlint-'));
		try {
			const broken = read('publish.yml')
				.replace(/^(\s+)id-token: write$/m, '$1id-tokens: write')
				.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    needs: build')
				.replace("node-version: '24'", 'node-version: ${{ matrix.node }}');
			const file = join(dir, 'publish.yml');
			writeFileSync(file, broken);
			const { code, output } = await actionlint(file);
			expect(output).toMatch(/unknown permission scope "id-tokens"/);
			expect(output).toMatch(/job "publish" needs job "build" which does not exist/);
			expect(output).toMatch(/property "node" is not defined/);
			expect(code).toBe(1);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60000);
});

describe('ci.yml', () => {
	const ci = load('ci.yml');

	test('runs on pull requests and on pushes', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	test('the test job: npm ci, npm test, then the scanner lint on the packed tarball', () => {
		expect(runs(ci.jobs.test)).toEqual(['npm ci --no-audit --no-fund', 'npm test', 'npm run scan']);
	});

	test('the real-n8n suites run in a job of their own, on Debian with redis-server and chromium', () => {
		const n8n = ci.jobs.n8n;
		expect(n8n.container).toMatch(/bookworm/);
		const commands = runs(n8n);
		expect(commands.some((run) => run.includes('apt-get install') && run.includes('redis-server') && run.includes('chromium'))).toBe(true);
		expect(commands.slice(-3)).toEqual(['npm ci --no-audit --no-fund', 'npm run test:e2e', 'npm run test:editor']);
		expect(runs(ci.jobs.test).some((run) => run.includes('test:e2e'))).toBe(false);
	});
});

describe('publish.yml', () => {
	const publish = load('publish.yml');
	const job = publish.jobs.publish;

	test('runs only for a pushed version tag', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	test('the only permissions are reading the repository and an OIDC token for npm (trusted publishing, provenance)', () => {
		expect(publish.permissions).toEqual({});
		expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	test('no npm token anywhere: no secrets, no NODE_AUTH_TOKEN, no registry-url (which writes an auth token line)', () => {
		const text = read('publish.yml')
			.split('\n')
			.filter((line) => !line.trim().startsWith('#'))
			.join('\n');
		expect(text).not.toMatch(/secrets\.|NODE_AUTH_TOKEN|NPM_TOKEN|_authToken|registry-url/);
	});

	test('Node 24 with npm 11; release checks, npm test and the strict scan before `npm publish --provenance --access public`, which comes last', () => {
		const setupNode = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['node-version']).toBe('24');
		expect(runs(job)).toEqual([
			'npm install -g npm@11',
			'npm ci --no-audit --no-fund',
			'node scripts/release-check.js',
			'npm test',
			'npm run scan -- --release',
			'npm publish --provenance --access public',
		]);
	});
});
