/**
 * Issue 8 end to end in REAL n8n (the pinned 2.41.1): faulty servers echo the key back the way real
 * ones do (PHP's escaped slashes and \u escapes under text/html, HTML entities, base64), answer JSON
 * nested 5,000 levels deep, or a long body the byte cap cuts in the middle of the key. The packed
 * package runs them with `n8n execute`; the execution succeeds, every outcome is an agent result, and
 * afterwards the secret hunt of leaks.ts searches the whole user folder and n8n's output for the keys.
 *
 * Run: npx jest -c jest.e2e.config.js test/e2e/hardening.e2e.ts
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { describeSnapshot, findLeaks, snapshotUserFolder } from './leaks';
import { startLocalServer, type LocalServer, type ReceivedRequest } from './local-server';
import { newId, progress } from './progress';
import { PACKAGE_ROOT, runtime, tearDown, type ExecuteResult } from './runtime';
import { CREDENTIAL_TYPE, DEFINITION, secret, type Workflow } from './workflows';

const run = promisify(execFile);

// A slash (escaped by PHP), a quote, an ampersand and a non-ASCII letter: every echo form differs.
const SECRETS = { 'Echo Key': 'sk_e2e/Hd8+"Kë&Wq27' };
const KEY = SECRETS['Echo Key'];
const MARKER = 'e2e-hardening-marker-5d1c';

const { log, timed } = progress('e2e-hardening');

const unicodeEscaped = (text: string) => [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const htmlEntities = (text: string) => [...text].map((char) => `&#x${char.charCodeAt(0).toString(16)};`).join('');

/** The faulty API: every route echoes the key it received, in its own way. */
function answer(request: ReceivedRequest) {
	const key = String(request.headers['x-api-key'] ?? '');
	const path = new URL(request.url, 'http://127.0.0.1').pathname;
	switch (path) {
		case '/escaped':
			// PHP's json_encode (escaped slashes) under PHP's default content type.
			return { contentType: 'text/html; charset=UTF-8', text: `{"received":${JSON.stringify(key).replace(/\//g, '\\/')},"marker":"${MARKER}"}` };
		case '/unicode':
			return { status: 401, contentType: 'text/html', text: `{"error":"bad key","key":"${unicodeEscaped(key)}"}` };
		case '/entities':
			return { contentType: 'text/html', text: `<p>Key ${htmlEntities(key)} is not valid</p>` };
		case '/base64':
			return { json: { authorization: `Basic ${Buffer.from(`user:${key}`).toString('base64')}` } };
		case '/long':
			return { contentType: 'text/plain', text: `${'x'.repeat(100)}${key}${'y'.repeat(100)}` };
		case '/deep':
			return { contentType: 'application/json', text: `${'{"a":['.repeat(5000)}"${MARKER}"${']}'.repeat(5000)}` };
		default:
			return { status: 404, json: { error: 'not found' } };
	}
}

let server: LocalServer | undefined;
let userFolder: string | undefined;
const n8nOutput: string[] = [];
const credential = { id: newId(), name: 'E2E Hardening Secrets' };
const workflowId = newId();

function folder(): string {
	if (!userFolder) throw new Error('setup failed: no n8n user folder');
	return userFolder;
}

/** Manual Trigger → one Definition node per faulty route (each fed by the trigger), On Failure as given. */
function faultyServers(origin: string): Workflow {
	const routes: Array<[string, string, Record<string, unknown>]> = [
		['Escaped Echo', '/escaped', {}],
		['Unicode Echo', '/unicode', {}],
		['Unicode Echo (fail)', '/unicode', { onFailure: 'fail' }],
		['Entity Echo', '/entities', {}],
		['Base64 Echo', '/base64', {}],
		['Long Body', '/long', { maxResponseBytes: 116 }],
		['Deep Answer', '/deep', {}],
		['Deep Answer (shaped)', '/deep', { keepFields: 'a.a', maxResultChars: 200 }],
	];
	const nodes: Workflow['nodes'] = [
		{ id: newId(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		...routes.map(([name, path, options], index) => ({
			id: newId(),
			name,
			type: DEFINITION,
			typeVersion: 1,
			position: [300, index * 160] as [number, number],
			parameters: { webhookName: name, method: 'GET', url: `${origin}${path}`, timeout: 10, headers: { field: [secret('X-Api-Key', 'Echo Key')] }, options },
			credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			// "fail" with Continue On Fail: the n8n error is stored with the item, where the hunt looks.
			...(options.onFailure === 'fail' ? { onError: 'continueRegularOutput' } : {}),
		})),
	];
	return {
		id: workflowId,
		name: 'E2E: faulty servers (issue 8)',
		nodes,
		connections: { Start: { main: [routes.map(([name]) => ({ node: name, type: 'main' as const, index: 0 }))] } },
		settings: { executionOrder: 'v1', saveManualExecutions: true, saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	};
}

beforeAll(async () => {
	await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	await timed(`ensure n8n ${runtime.N8N_VERSION}`, () => runtime.ensureN8n({ log: (message) => log(`  ${message}`) }));
	server = await startLocalServer(answer);
	userFolder = runtime.createUserFolder('redflare-e2e-hardening-');
	await timed('install the packed package', () => runtime.installCommunityPackage(folder(), PACKAGE_ROOT, { log: (message) => log(`  ${message}`) }));
	// The runtime writes its import files outside the user folder (they hold plain secrets).
	await runtime.importCredentials(folder(), { ...credential, type: CREDENTIAL_TYPE, data: { vault: JSON.stringify(SECRETS) } });
	await runtime.importWorkflows(folder(), faultyServers(server.origin));
}, 60 * 60 * 1000);

afterAll(async () => await tearDown({ server, userFolder }, log), 60000);

describe('n8n execute: faulty servers', () => {
	let result: ExecuteResult;

	beforeAll(async () => {
		result = await timed('n8n execute (faulty servers)', () => runtime.executeWorkflow(folder(), workflowId, { timeoutMs: 300000 }));
		n8nOutput.push(`$ n8n execute --id=${workflowId}\n${result.stdout}\n${result.stderr}`);
		if (!result.run) throw new Error(`n8n execute printed no run (exit ${result.code}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	}, 360000);

	const output = (node: string) => {
		const items = runtime.nodeOutput(result.run, node);
		if (!items) throw new Error(`Node "${node}" did not run; error: ${JSON.stringify(result.error)}`);
		return items;
	};

	test('the execution succeeded: every outcome is an agent result', () => {
		expect(result.error).toBeUndefined();
		expect(server?.requests.every((request) => request.headers['x-api-key'] === KEY)).toBe(true);
	});

	test('PHP-style escaped slashes under text/html: the key is redacted, the rest passed on', () => {
		const [item] = output('Escaped Echo');
		expect(item).toEqual({ ok: true, status: 200, data: `{"received":"[redacted]","marker":"${MARKER}"}` });
	});

	test('\\u escapes in an error body, with On Failure "return" and "fail"', () => {
		expect(output('Unicode Echo')).toEqual([{ ok: false, error: expect.objectContaining({ code: 'http_error', status: 401, details: '{"error":"bad key","key":"[redacted]"}' }) }]);
		expect(output('Unicode Echo (fail)')).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'http_error' }) })]);
	});

	test('HTML entities, base64 and a body cut by the byte cap in the middle of the key', () => {
		expect(output('Entity Echo')).toEqual([{ ok: true, status: 200, data: '<p>Key [redacted] is not valid</p>' }]);
		expect(output('Base64 Echo')).toEqual([{ ok: true, status: 200, data: { authorization: expect.stringContaining('[redacted]') } }]);
		expect(output('Long Body')).toEqual([{ ok: true, status: 200, data: `${'x'.repeat(100)}[redacted]`, note: expect.stringContaining('larger than') }]);
	});

	test('a response nested 5,000 levels deep reaches n8n as text with a note, not as a 5,000-deep object', () => {
		const [deep] = output('Deep Answer');
		expect(deep).toMatchObject({ ok: true, status: 200, note: expect.stringContaining('deeper than 100 levels') });
		expect(typeof deep.data).toBe('string');
		expect(String(deep.data)).toContain(MARKER);
		const [shaped] = output('Deep Answer (shaped)');
		expect(shaped).toMatchObject({ ok: true, status: 200, note: expect.stringContaining('deeper than 100 levels') });
	});
});

describe('secret leak check (n8n stopped)', () => {
	test('no key, in any encoding, anywhere in the user folder or in n8n output; the marker IS stored', async () => {
		const snapshot = await snapshotUserFolder(folder());
		log(`leak check: ${describeSnapshot(snapshot, n8nOutput)}`);
		// The search looks at the right place: the run (with the marker) was stored and printed.
		expect(snapshot.dump).toContain(MARKER);
		expect(n8nOutput.some((text) => text.includes(MARKER))).toBe(true);
		// With prefixes: a body cut by a cap must not leave half of the key behind either.
		expect(findLeaks(SECRETS, snapshot, n8nOutput, true)).toEqual([]);
	}, 120000);
});
