/**
 * The secrets credential in REAL n8n (the pinned 2.41.1): what unit tests cannot reach, because it is
 * n8n's own server code that redacts, merges and resolves the `vault` JSON (typeOptions
 * redactJsonLeaves and resolveCredentialJsonLeaves; dist/credentials/credentials.service.js and
 * dist/credentials-helper.js).
 *
 * One `n8n start` (no CLI imports), with the owner created from the environment; everything else goes
 * through the REST endpoints the editor itself calls, logged in as that owner (POST /rest/login):
 * - POST /rest/credentials, POST /rest/workflows, POST /rest/workflows/:id/activate: the setup;
 * - GET  /rest/credentials/:id?includeData=true  (the credential modal): names, no values;
 * - POST /rest/dynamic-node-parameters/options   (the Secret picker, getSecretNames): names only;
 * - PATCH /rest/credentials/:id                  (the modal's Save) with the redacted JSON edited:
 *   n8n merges it back BY NAME, so every remaining secret keeps its own value.
 * A published workflow (Webhook → one Definition node per secret → Merge → Respond to Webhook) sends
 * each secret to a local server, before and after the edit: that is where the values are checked,
 * including a value that is an n8n expression (it arrives resolved). Finally, with n8n stopped, the
 * user folder, the database, n8n's output and every REST answer are searched for the values.
 *
 * Run: npm run test:e2e   (keep the user folder for inspection: E2E_KEEP=1 npm run test:e2e)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { describeSnapshot, findLeaks, secretForms, snapshotUserFolder } from './leaks';
import { startLocalServer, type LocalServer, type ReceivedRequest } from './local-server';
import { PACKAGE_ROOT, runtime, stopN8n, tearDown, type RunningN8n } from './runtime';
import { CREDENTIAL_TYPE, DEFINITION, secretProbeWorkflow, type Credential, type SecretProbe } from './workflows';
import { newId, progress } from './progress';

const run = promisify(execFile);

// Plain secret values, distinctive enough to search for. Beta is the middle one of the three that
// the edit removes; Legacy is the one it renames.
const ALPHA = 'sk_alpha_e2e_Hq82LmZ4';
const BETA = 'sk_beta_e2e_Wc51NvX7';
const GAMMA = 'sk_gamma_e2e_Jt36PbK9';
const LEGACY = 'sk_legacy_e2e_Ud47RyF2';
// A value that is an n8n expression (as an external-secrets reference would be), and what it resolves to.
const EXPRESSION = "={{ 'sk_expr_' + 'resolved' }}";
const RESOLVED = 'sk_expr_resolved';

const VAULT = { 'Alpha Key': ALPHA, 'Beta Key': BETA, 'Gamma Key': GAMMA, 'Expr Key': EXPRESSION, 'Legacy Key': LEGACY };
/** What must never show up anywhere but at the local server. */
const VALUES = { 'Alpha Key': ALPHA, 'Beta Key': BETA, 'Gamma Key': GAMMA, 'Legacy Key': LEGACY, 'Expr Key (resolved)': RESOLVED };
/** n8n's sentinel for a redacted JSON leaf (CUSTOM_AUTH_JSON_REDACTED_VALUE in credentials.service.js). */
const REDACTED = '***';

const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-owner-password-1', firstName: 'E2E', lastName: 'Owner' };
const BROWSER_ID = 'redflare-e2e-browser';

const { log, timed } = progress('e2e credential');

// One Definition node per secret name, including names the credential lacks (before or after the edit).
const PROBES: SecretProbe[] = [
	{ node: 'Send Alpha', secretName: 'Alpha Key' },
	{ node: 'Send Beta', secretName: 'Beta Key' },
	{ node: 'Send Gamma', secretName: 'Gamma Key' },
	{ node: 'Send Expr', secretName: 'Expr Key' },
	{ node: 'Send Legacy', secretName: 'Legacy Key' },
	{ node: 'Send Renamed', secretName: 'Renamed Key' },
];
const PROBE_PATH = 'e2e-credential-probe';

// ---------------------------------------------------------------------------------------------
// Shared state, cleaned up in afterAll whatever happens.

let server: LocalServer | undefined;
let userFolder: string | undefined;
let n8n: RunningN8n | undefined;
let cookie = '';
/** Created over REST in the setup (n8n picks the id). */
const credential: Credential = { id: '', name: 'E2E Vault' };
const workflowId = newId();
/** Everything n8n printed and every answer it gave over HTTP, for the leak check. */
const n8nOutput: string[] = [];

function folder(): string {
	if (!userFolder) throw new Error('setup failed: no n8n user folder');
	return userFolder;
}

function origin(): string {
	if (!server) throw new Error('setup failed: no local server');
	return server.origin;
}

function running(): RunningN8n {
	if (!n8n) throw new Error('n8n is not running');
	return n8n;
}

interface RestAnswer {
	status: number;
	body: string;
	json: { data?: unknown; message?: string } | undefined;
}

/** A call to n8n's REST API as the editor makes it: JSON, the auth cookie, a browser id. */
async function rest(method: string, path: string, body?: unknown): Promise<RestAnswer> {
	const headers: Record<string, string> = { 'browser-id': BROWSER_ID, Accept: 'application/json' };
	if (cookie) headers.Cookie = cookie;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await runtime.request(`${running().url}/rest${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
		timeoutMs: 30000,
	});
	n8nOutput.push(`$ ${method} /rest${path} → ${response.status}\n${response.body}`);
	const setCookie = response.headers['set-cookie'];
	const auth = (Array.isArray(setCookie) ? setCookie : setCookie ? [String(setCookie)] : []).find((c) => c.startsWith('n8n-auth='));
	if (auth) cookie = auth.split(';', 1)[0];
	let json: RestAnswer['json'];
	try {
		json = JSON.parse(response.body) as RestAnswer['json'];
	} catch {
		json = undefined;
	}
	return { status: response.status, body: response.body, json };
}

function expectOk(answer: RestAnswer): unknown {
	if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.body.slice(0, 2000)}`);
	return answer.json?.data;
}

/** Which secret values (in any encoding) a text contains. */
function valuesIn(text: string): string[] {
	return Object.entries(VALUES)
		.filter(([, value]) => secretForms(value).some((form) => text.includes(form)))
		.map(([name]) => name);
}

/** The credential as the editor's credential modal reads it. */
async function readCredential(): Promise<{ answer: RestAnswer; vault: Record<string, unknown> }> {
	const answer = await rest('GET', `/credentials/${credential.id}?includeData=true`);
	const data = expectOk(answer) as { id: string; name: string; type: string; data: { vault: string } };
	expect(data).toMatchObject({ id: credential.id, name: credential.name, type: CREDENTIAL_TYPE });
	return { answer, vault: JSON.parse(data.data.vault) as Record<string, unknown> };
}

/** The Secret picker's options, loaded the way the editor loads them for a Secret field. */
async function pickerOptions(): Promise<{ answer: RestAnswer; options: unknown }> {
	const answer = await rest('POST', '/dynamic-node-parameters/options', {
		nodeTypeAndVersion: { name: DEFINITION, version: 1 },
		path: 'parameters.headers.field[0].secretName',
		methodName: 'getSecretNames',
		currentNodeParameters: {
			webhookName: 'Picker',
			method: 'GET',
			url: `${origin()}/picker`,
			headers: { field: [{ name: 'X-Secret', dataType: 'string', valueType: 'secret', secretName: '' }] },
		},
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		workflowId,
	});
	return { answer, options: expectOk(answer) };
}

interface ProbeRound {
	status: number;
	/** The probe nodes' results, by node name. */
	results: Record<string, { ok: boolean; code?: string }>;
	/** The X-Secret header each probe node sent, by node name (absent: nothing was sent). */
	sent: Record<string, string>;
}

/** Calls the probe workflow's production webhook once: every Definition node sends its secret. */
async function probe(): Promise<ProbeRound> {
	const before = server?.requests.length ?? 0;
	const response = await runtime.request(running().webhookUrl(PROBE_PATH), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: '{}',
		timeoutMs: 30000,
	});
	n8nOutput.push(`$ POST /webhook/${PROBE_PATH} → ${response.status}\n${response.body}`);
	const requests: ReceivedRequest[] = server ? server.requests.slice(before) : [];
	const sent: Record<string, string> = {};
	for (const request of requests) {
		const index = Number(/^\/secret\/(\d+)$/.exec(request.url)?.[1]);
		const probeNode = PROBES[index];
		if (!probeNode || probeNode.node in sent) throw new Error(`unexpected request ${request.method} ${request.url}`);
		sent[probeNode.node] = String(request.headers['x-secret']);
	}
	const items = JSON.parse(response.body) as Array<{ ok: boolean; error?: { code?: string; message?: string } }>;
	// Merge (append) keeps the probes' order: one result per Definition node.
	expect(items).toHaveLength(PROBES.length);
	const results = Object.fromEntries(PROBES.map((p, i) => [p.node, items[i].ok ? { ok: true } : { ok: false, code: items[i].error?.code }]));
	return { status: response.status, results, sent };
}

/** Until a production webhook answers a CORS preflight for POST (registered; the workflow does not run). */
async function waitForWebhook(path: string, timeoutMs = 30000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await runtime.request(running().webhookUrl(path), {
			method: 'OPTIONS',
			headers: { Origin: running().url, 'Access-Control-Request-Method': 'POST' },
		});
		if (String(response.headers['access-control-allow-methods'] ?? '').includes('POST')) return;
		if (Date.now() > deadline) throw new Error(`webhook ${path} not registered after ${timeoutMs} ms (last: HTTP ${response.status})`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const OK = { ok: true };
const MISSING = { ok: false, code: 'config_error' };

// ---------------------------------------------------------------------------------------------
// Setup: build, n8n, fresh user folder, packed package, the credential, the probe workflow, n8n start.

beforeAll(async () => {
	await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, maxBuffer: 64 * 1024 * 1024 }));
	await timed(`ensure n8n ${runtime.N8N_VERSION}`, () => runtime.ensureN8n({ log: (message) => log(`  ${message}`) }));
	server = await startLocalServer(() => ({ json: { received: true } }));
	userFolder = runtime.createUserFolder('redflare-e2e-credential-');
	log(`local server at ${server.origin}; n8n user folder ${userFolder}`);
	await timed('install the packed package as a community package', () => runtime.installCommunityPackage(folder(), PACKAGE_ROOT));
	n8n = await timed('n8n start (owner created from the environment)', () =>
		runtime.startN8n(folder(), { env: runtime.ownerEnv(OWNER), timeoutMs: 240000, log: (message) => log(`  ${message}`) }),
	);
	await timed('log in, create the credential and the probe workflow, publish it (REST, as the editor does)', async () => {
		const login = await rest('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		expect(login.status).toBe(200);
		expect(cookie).toMatch(/^n8n-auth=./);

		const created = expectOk(await rest('POST', '/credentials', { name: credential.name, type: CREDENTIAL_TYPE, data: { vault: JSON.stringify(VAULT, null, 2) } })) as { id: string };
		credential.id = created.id;
		const workflow = secretProbeWorkflow({ name: 'E2E: Secret probes', origin: origin(), credential, webhookPath: PROBE_PATH, probes: PROBES });
		const saved = expectOk(await rest('POST', '/workflows', { ...workflow, id: workflowId, active: false })) as { id: string; versionId: string };
		expect(saved.id).toBe(workflowId);
		expectOk(await rest('POST', `/workflows/${workflowId}/activate`, { versionId: saved.versionId }));
		await waitForWebhook(PROBE_PATH);
	});
}, 60 * 60 * 1000);

afterAll(async () => await tearDown({ n8n, server, userFolder }, log), 60000);

// ---------------------------------------------------------------------------------------------
// The tests build on each other, in order: before the edit, the edit, after the edit, leak check.

describe('the secrets credential in real n8n: redaction, merge by name, expression values', () => {
	test('before any edit: each Definition node sends its own secret; the expression value arrives resolved', async () => {
		const round = await probe();
		expect(round.status).toBe(200);
		expect(round.sent).toEqual({ 'Send Alpha': ALPHA, 'Send Beta': BETA, 'Send Gamma': GAMMA, 'Send Expr': RESOLVED, 'Send Legacy': LEGACY });
		expect(round.results).toEqual({
			'Send Alpha': OK,
			'Send Beta': OK,
			'Send Gamma': OK,
			'Send Expr': OK,
			'Send Legacy': OK,
			'Send Renamed': MISSING, // no such secret yet: nothing sent
		});
	});

	test(`GET /rest/credentials/:id?includeData=true (the editor's read): every name, every plain value replaced by "${REDACTED}", no value anywhere`, async () => {
		const { answer, vault } = await readCredential();
		expect(vault).toEqual({
			'Alpha Key': REDACTED,
			'Beta Key': REDACTED,
			'Gamma Key': REDACTED,
			// n8n leaves a leaf that starts with "={{" as written: an expression is a reference, not a value.
			'Expr Key': EXPRESSION,
			'Legacy Key': REDACTED,
		});
		expect(Object.keys(vault)).toEqual(Object.keys(VAULT)); // in the stored order
		expect(valuesIn(answer.body)).toEqual([]);

		// The editor's credential list (GET /rest/credentials?includeData=true) carries no value either.
		const list = await rest('GET', '/credentials?includeData=true');
		expect(list.status).toBe(200);
		expect(list.body).toContain(credential.id);
		expect(valuesIn(list.body)).toEqual([]);
	});

	test('the Secret picker (POST /rest/dynamic-node-parameters/options, getSecretNames) lists the names only, sorted', async () => {
		const { answer, options } = await pickerOptions();
		expect(options).toEqual(['Alpha Key', 'Beta Key', 'Expr Key', 'Gamma Key', 'Legacy Key'].map((name) => ({ name, value: name })));
		expect(valuesIn(answer.body)).toEqual([]);
		expect(answer.body).not.toContain(EXPRESSION.slice(4, -3)); // not even the expression's source
	});

	test('PATCH /rest/credentials/:id (the editor\'s Save) with the redacted JSON edited: the middle secret removed, one renamed, the rest still redacted', async () => {
		const { vault } = await readCredential();
		// What a user does in the modal: delete the "Beta Key" line, rename "Legacy Key", leave the rest.
		const edited: Record<string, unknown> = {};
		for (const [name, value] of Object.entries(vault)) {
			if (name === 'Beta Key') continue;
			edited[name === 'Legacy Key' ? 'Renamed Key' : name] = value;
		}
		expect(edited).toEqual({ 'Alpha Key': REDACTED, 'Gamma Key': REDACTED, 'Expr Key': EXPRESSION, 'Renamed Key': REDACTED });
		// The body the credential modal sends (id, name, type, data, isGlobal, isResolvable).
		const answer = await rest('PATCH', `/credentials/${credential.id}`, {
			id: credential.id,
			name: credential.name,
			type: CREDENTIAL_TYPE,
			data: { vault: JSON.stringify(edited, null, 2) },
			isGlobal: false,
			isResolvable: false,
		});
		expectOk(answer);
		expect(valuesIn(answer.body)).toEqual([]);

		// Read back (the modal re-reads after saving a redactJsonLeaves credential). n8n merged the edit
		// by name: Alpha and Gamma kept, Beta gone. The renamed secret is DROPPED: n8n looks up "***"
		// under the NEW name, finds no stored value, and leaves the key out; it never borrows another
		// secret's value. (Renaming in the editor therefore means typing the value again.)
		const after = await readCredential();
		expect(after.vault).toEqual({ 'Alpha Key': REDACTED, 'Gamma Key': REDACTED, 'Expr Key': EXPRESSION });
		expect(valuesIn(after.answer.body)).toEqual([]);
	});

	test('after the edit: every remaining secret reaches the server with ITS OWN value; removed and renamed ones send nothing', async () => {
		const round = await probe();
		expect(round.status).toBe(200);
		// Gamma now sits where Beta was: merged by position it would have sent Beta's value.
		expect(round.sent).toEqual({ 'Send Alpha': ALPHA, 'Send Gamma': GAMMA, 'Send Expr': RESOLVED });
		expect(round.results).toEqual({
			'Send Alpha': OK,
			'Send Beta': MISSING,
			'Send Gamma': OK,
			'Send Expr': OK,
			'Send Legacy': MISSING,
			'Send Renamed': MISSING,
		});
	});

	test('after the edit, the Secret picker lists the remaining names only', async () => {
		const { answer, options } = await pickerOptions();
		expect(options).toEqual(['Alpha Key', 'Expr Key', 'Gamma Key'].map((name) => ({ name, value: name })));
		expect(valuesIn(answer.body)).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// Secret leak check: n8n is stopped (SQLite flushed); search everything it wrote, printed and answered.

describe('secret leak check (n8n stopped)', () => {
	test('no secret value, in any encoding, in the user folder, the database, n8n output or any REST answer; the credential row is encrypted', async () => {
		if (n8n) {
			await stopN8n(n8n, n8nOutput, timed);
			n8n = undefined;
		}
		const snapshot = await snapshotUserFolder(folder());
		log(`leak check: ${describeSnapshot(snapshot, n8nOutput)}`);

		// The search looks at the right places: the names (not secret) are in the workflow row and in
		// the REST answers, and the webhook runs were saved.
		const workflows = snapshot.tables.workflow_entity as Array<{ id: string; nodes: string }>;
		expect(workflows.find((w) => w.id === workflowId)?.nodes).toContain('"secretName":"Gamma Key"');
		expect(n8nOutput.some((text) => text.includes('"Gamma Key"'))).toBe(true);
		const executions = snapshot.tables.execution_entity as Array<{ workflowId: string; mode: string; status: string }>;
		expect(executions.filter((e) => e.workflowId === workflowId).map((e) => [e.mode, e.status])).toEqual([
			['webhook', 'success'],
			['webhook', 'success'],
		]);

		// Stored encrypted: the row's data is ciphertext; neither a value nor even a name reads through.
		const credentials = snapshot.tables.credentials_entity as Array<{ id: string; type: string; data: string }>;
		const row = credentials.find((c) => c.id === credential.id);
		expect(row?.type).toBe(CREDENTIAL_TYPE);
		expect(row?.data).toMatch(/^[A-Za-z0-9+/]+=*$/);
		expect(row?.data).not.toContain('Gamma');

		expect(findLeaks(VALUES, snapshot, n8nOutput)).toEqual([]);
	}, 120000);
});
