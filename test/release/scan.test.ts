/**
 * n8n's community-package scan on this package (scripts/scan-package.js): the pinned
 * @n8n/scan-community-package's own lint function over the source and over the packed tarball.
 * The built package passes; a tarball with a console call in a node and a runtime dependency does
 * not, which shows the scanner really lints what is packed. The one allowance (no author email yet)
 * holds only outside --release.
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'scan-package.js');

interface Finding {
	file: string;
	line: number;
	severity: string;
	message: string;
	rule: string | null;
}
const { parseStylish, blockingErrors } = createRequire(__filename)(SCRIPT) as {
	parseStylish(report: string): Finding[];
	blockingErrors(findings: Finding[], options: { release: boolean; authorEmail?: string }): Finding[];
};

const AUTHOR_EMAIL_MISSING = 'The "author" field must include a non-empty email';

/** Runs the scan script; resolves with its exit code and output whatever the code. */
async function scan(...args: string[]): Promise<{ code: number; output: string }> {
	try {
		const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
	}
}

describe('the stylish report parser and the allowance', () => {
	const report = [
		'',
		'/tmp/x/package.json',
		`  19:3  error  ${AUTHOR_EMAIL_MISSING}  @n8n/community-nodes/valid-author`,
		'  20:1  warning  package.json must have a "homepage" field.  @n8n/community-nodes/require-homepage',
		'',
		'/tmp/x/dist/nodes/A/A.node.js',
		'  32:1  error  Unexpected console statement  no-console',
		'  1:1  error  Parsing error: Unexpected token',
		'',
		'✖ 4 problems (3 errors, 1 warning)',
		'',
	].join('\n');

	test('reads file, line, severity, message and rule of every finding (a parse error has no rule)', () => {
		expect(parseStylish(report)).toEqual([
			{ file: '/tmp/x/package.json', line: 19, severity: 'error', message: AUTHOR_EMAIL_MISSING, rule: '@n8n/community-nodes/valid-author' },
			{ file: '/tmp/x/package.json', line: 20, severity: 'warning', message: 'package.json must have a "homepage" field.', rule: '@n8n/community-nodes/require-homepage' },
			{ file: '/tmp/x/dist/nodes/A/A.node.js', line: 32, severity: 'error', message: 'Unexpected console statement', rule: 'no-console' },
			{ file: '/tmp/x/dist/nodes/A/A.node.js', line: 1, severity: 'error', message: 'Parsing error: Unexpected token', rule: null },
		]);
		expect(parseStylish(`\u001b[4m/tmp/y.js\u001b[24m\n  \u001b[2m3:1\u001b[22m  \u001b[31merror\u001b[39m  Boom  \u001b[2mno-eval\u001b[22m\n`)).toEqual([
			{ file: '/tmp/y.js', line: 3, severity: 'error', message: 'Boom', rule: 'no-eval' },
		]);
	});

	test('only the missing author email is allowed, only while there is none, and never with --release', () => {
		const findings = parseStylish(report);
		const [authorEmail, , consoleCall, parseError] = findings;
		expect(blockingErrors(findings, { release: false })).toEqual([consoleCall, parseError]);
		expect(blockingErrors(findings, { release: true })).toEqual([authorEmail, consoleCall, parseError]);
		expect(blockingErrors(findings, { release: false, authorEmail: 'someone@example.org' })).toEqual([authorEmail, consoleCall, parseError]);
		// The same rule on another file, or another valid-author message, is not allowed.
		const elsewhere = { ...authorEmail, file: '/tmp/x/nodes/package.json.ts' };
		const noName = { ...authorEmail, message: 'The "author" field must include a non-empty name.' };
		expect(blockingErrors([elsewhere, noName], { release: false })).toEqual([elsewhere, noName]);
	});
});

describe('the scanner on the packed package', () => {
	let work: string;
	let tarball: string;

	/** A copy of the packed tarball changed by `edit` (given the unpacked folder). */
	function tampered(name: string, edit: (dir: string) => void): string {
		const dir = join(work, name, 'package');
		mkdirSync(dir, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
		edit(dir);
		const file = join(work, `${name}.tgz`);
		execFileSync('tar', ['-czf', file, '-C', join(work, name), 'package']);
		return file;
	}
	const editJson = (file: string, edit: (json: Record<string, unknown>) => void) => {
		const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
		edit(json);
		writeFileSync(file, JSON.stringify(json, null, 2));
	};

	beforeAll(() => {
		if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
		work = mkdtempSync(join(tmpdir(), 'redflare-scan-test-'));
		const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as Array<{ filename: string }>;
		tarball = join(work, packed.filename);
	}, 60000);

	afterAll(() => rmSync(work, { recursive: true, force: true }));

	test('the built package passes both passes (source, packed tarball)', async () => {
		const { code, output } = await scan('--tarball', tarball);
		expect(output).toMatch(/^passed[^:]*: source \(package\.json, \{nodes,credentials\}/m);
		expect(output).toMatch(/^passed[^:]*: tarball n8n-nodes-redflare-[\d.]+\.tgz/m);
		expect(output).not.toMatch(/FAILED/);
		expect(code).toBe(0);
	}, 120000);

	test('a console call in a compiled node and a runtime dependency fail the tarball pass', async () => {
		const bad = tampered('bad', (dir) => {
			appendFileSync(join(dir, 'dist/nodes/RedFlareAgentToolCall/RedFlareAgentToolCall.node.js'), "\nconsole.log('leak');\n");
			editJson(join(dir, 'package.json'), (json) => (json.dependencies = { axios: '1.18.0' }));
		});
		const { code, output } = await scan('--tarball', bad);
		expect(output).toMatch(/^FAILED: tarball bad\.tgz/m);
		expect(output).toMatch(/RedFlareAgentToolCall\.node\.js\n\s+\d+:1\s+error\s+Unexpected console statement\s+no-console/);
		expect(output).toMatch(/error\s+The "dependencies" field must be empty or absent.*@n8n\/community-nodes\/no-runtime-dependencies/);
		expect(code).toBe(1);
	}, 120000);

	test('--release refuses a package without an author email', async () => {
		const noEmail = tampered('no-email', (dir) =>
			editJson(join(dir, 'package.json'), (json) => (json.author = { name: (json.author as { name: string }).name })),
		);
		const release = await scan('--release', '--tarball', noEmail);
		expect(release.output).toMatch(/^FAILED: tarball no-email\.tgz/m);
		expect(release.output).toContain(`${AUTHOR_EMAIL_MISSING}  @n8n/community-nodes/valid-author`);
		expect(release.code).toBe(1);
	}, 120000);
});
