#!/usr/bin/env node
'use strict';
// `npm run demo`: an agent conversation turn through real n8n.
//
// Builds this package, starts the demo API (scripts/demo-api.js) on 127.0.0.1:4010, installs the
// pinned n8n into the cache if needed (scripts/n8n-runtime.js), and in a fresh temporary n8n user
// folder installs the package as a community package, imports the demo credential and
// examples/voice-agent-two-tools.json, publishes it and runs `n8n start`. Then it sends Vapi
// tool-call requests to the workflow's webhook and prints what the agent gets back for a success,
// a missing parameter and a timeout. Exits non-zero when one of them does not come out as
// expected, so it doubles as a smoke check. Everything it started is stopped at the end.
//
// `npm run demo -- --ui` does the same, then leaves n8n's editor running (Ctrl-C stops it).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const runtime = require('./n8n-runtime');
const { startDemoApi, DEFAULT_PORT: API_PORT } = require('./demo-api');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'voice-agent-two-tools.json');
const EXAMPLE_API = `http://127.0.0.1:${API_PORT}`;
const WEBHOOK_PATH = 'vapi/tools';
const UI_PORT = 5678;
const CREDENTIAL = { id: 'redflare-demo-secrets', name: 'RedFlare Demo Secrets', type: 'redFlareSecretsApi' };
const SECRET_NAME = 'Demo API Key';
const OWNER_EMAIL = 'demo@redflare.local';

// ---------------------------------------------------------------------------------------------
// Output

let interrupted = false;
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (color ? `\x1b[${code}m${text}\x1b[0m` : String(text));
const bold = paint('1');
const dim = paint('2');
const green = paint('32');
const red = paint('31');
const cyan = paint('36');
const yellow = paint('33');

// Quiet once Ctrl-C was pressed: calls still in flight must not print over the shutdown.
const say = (text = '') => interrupted || console.log(text);
const indent = (text, pad = '    ') => String(text).split('\n').map((line) => pad + line).join('\n');
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const home = (p) => (p.startsWith(os.homedir() + path.sep) ? '~' + p.slice(os.homedir().length) : p);

let stepNo = 0;
const STEPS = 6;
function step(text) {
	stepNo += 1;
	say(`\n${bold(`[${stepNo}/${STEPS}]`)} ${text}`);
}

// ---------------------------------------------------------------------------------------------
// Arguments

const USAGE = `Usage: npm run demo [-- --ui]

  (no option)  run a sample agent conversation turn through real n8n, print the replies, stop
  --ui         the same, then leave n8n's editor running on http://localhost:${UI_PORT} (Ctrl-C stops it)`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
	say(USAGE);
	process.exit(0);
}
const unknown = args.filter((a) => a !== '--ui');
if (unknown.length) {
	console.error(`Unknown option ${unknown.join(' ')}\n\n${USAGE}`);
	process.exit(2);
}
const UI = args.includes('--ui');

// ---------------------------------------------------------------------------------------------
// Everything started here, stopped on every way out (success, failure, Ctrl-C)

const started = { api: null, n8n: null, userFolder: null };
let keepFolder = false; // --ui keeps n8n's data once the editor is up
let cleaning = null;

function cleanup() {
	if (!cleaning) {
		cleaning = (async () => {
			if (started.n8n) {
				const n8n = started.n8n;
				started.n8n = null;
				await n8n.stop().catch(() => {});
			}
			if (started.api) {
				const api = started.api;
				started.api = null;
				await api.close().catch(() => {});
			}
			if (started.userFolder && !keepFolder) {
				runtime.removeUserFolder(started.userFolder);
				started.userFolder = null;
			}
		})();
	}
	return cleaning;
}

function onSignal(signal) {
	if (interrupted) process.exit(130); // second Ctrl-C: exit now (n8n-runtime kills what is left)
	interrupted = true;
	console.log(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping n8n and the demo API ...`);
	cleanup().finally(() => {
		if (keepFolder && started.userFolder) console.log(`n8n's data stays in ${started.userFolder} (delete it when you no longer need it).`);
		console.log('Stopped.');
		process.exit(keepFolder ? 0 : 130);
	});
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

// ---------------------------------------------------------------------------------------------
// Helpers

function build() {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code}):\n${out.trim()}`))));
	});
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

function loadExample(apiUrl) {
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
	if (apiUrl !== EXAMPLE_API) {
		for (const node of workflow.nodes) {
			const url = node.parameters && node.parameters.url;
			if (typeof url === 'string' && url.startsWith(EXAMPLE_API)) node.parameters.url = apiUrl + url.slice(EXAMPLE_API.length);
		}
	}
	return workflow;
}

/** A Vapi "tool-calls" server message, as Vapi POSTs it to a tool's server URL. */
function vapiToolCalls(callId, calls) {
	return {
		message: {
			type: 'tool-calls',
			timestamp: Date.now(),
			call: { id: callId, type: 'webPhoneCall' },
			toolCallList: calls.map(([id, name, args]) => ({ id, type: 'function', function: { name, arguments: args } })),
		},
	};
}

function tryJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** JSON with two-space indentation, where an object or list that fits on a short line stays on one. */
function pretty(value, pad = '', used = 0) {
	const flat = JSON.stringify(value);
	if (value === null || typeof value !== 'object' || used + pad.length + flat.length <= 90) return flat;
	const inner = pad + '  ';
	const entries = Array.isArray(value)
		? value.map((v) => inner + pretty(v, inner))
		: Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner, k.length + 4)}`);
	const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
	return `${open}\n${entries.join(',\n')}\n${pad}${close}`;
}

// ---------------------------------------------------------------------------------------------
// The conversation turn

/**
 * The three sample calls. Each `check` returns a list of problems (empty when the reply is as
 * expected); `explain` is the one-line story printed under the reply.
 */
function scenarios({ timeoutS }) {
	return [
		{
			key: 'a',
			label: 'success',
			title: 'Success: two tool calls in one Vapi request',
			caller: 'Where is my order A-1001? And the headphones from my last order crackle, please open a ticket. My email is ada@example.com, and I need an answer today.',
			payload: vapiToolCalls('call-demo-1', [
				['tc-1', 'lookup_order', { order_number: 'A-1001' }],
				['tc-2', 'create_ticket', { email: 'ada@example.com', priority: '2', urgent: 'yes' }],
			]),
			check(reply, ctx) {
				const problems = [];
				const results = reply && Array.isArray(reply.results) ? reply.results : [];
				const byId = Object.fromEntries(results.map((r) => [r.toolCallId, r.result]));
				const order = tryJson(byId['tc-1']);
				const ticket = tryJson(byId['tc-2']);
				if (results.length !== 2) problems.push(`expected 2 results, got ${results.length}`);
				if (!order || order.orderNumber !== 'A-1001' || !order.status) problems.push('tc-1 did not return order A-1001');
				if (!ticket || !/^T-\d+$/.test(ticket.ticket || '')) problems.push('tc-2 did not return a ticket');
				const sent = ctx.apiCalls.find((r) => r.method === 'POST');
				if (!sent || sent.status !== 201) problems.push('the demo API did not create the ticket');
				else if (sent.body.priority !== 2 || sent.body.urgent !== true) problems.push(`the ticket body was not typed: ${JSON.stringify(sent.body)}`);
				if (ctx.apiCalls.some((r) => !r.keyOk)) problems.push('a request reached the API without the right X-Api-Key');
				ctx.summary = order && ticket ? `order ${order.orderNumber} (${order.status}) and ticket ${ticket.ticket}` : '';
				return problems;
			},
			explain: (ctx) =>
				`The agent can now tell the caller the order is ${ctx.order?.status || '?'} (${ctx.order?.carrier || 'no carrier yet'}, due ${ctx.order?.eta || '?'}) and read out ticket ${ctx.ticket?.ticket || '?'}. ` +
				`"2" and "yes" from the conversation went to the API as the integer 2 and the boolean true, and n8n added the X-Api-Key header from the credential.`,
		},
		{
			key: 'b',
			label: 'missing parameter',
			title: 'Missing parameter: create_ticket without the email',
			caller: "My keyboard stopped working, can you open a ticket? It's really urgent.",
			payload: vapiToolCalls('call-demo-2', [['tc-3', 'create_ticket', { priority: 3, urgent: true }]]),
			check(reply, ctx) {
				const problems = [];
				const result = reply && Array.isArray(reply.results) && reply.results.length === 1 ? reply.results[0] : null;
				if (!result || result.toolCallId !== 'tc-3') problems.push('expected one result for tc-3');
				else if (!/missing/i.test(String(result.result)) || !/\bemail\b/.test(String(result.result))) problems.push('the message does not name the missing "email"');
				if (ctx.apiCalls.length) problems.push(`the demo API was called ${ctx.apiCalls.length} time(s)`);
				ctx.summary = 'the message names "email"; the demo API was not called';
				return problems;
			},
			explain: () =>
				'The email is required, so the Tool Call node stopped the call before any request was made (error code missing_params; the demo API received nothing), and the agent is told what to ask the caller for.',
		},
		{
			key: 'c',
			label: 'timeout',
			title: `Timeout: the order service is slower than the webhook's ${timeoutS} s timeout`,
			caller: 'And where is order SLOW-1?',
			payload: vapiToolCalls('call-demo-3', [['tc-4', 'lookup_order', { order_number: 'SLOW-1' }]]),
			check(reply, ctx) {
				const problems = [];
				const result = reply && Array.isArray(reply.results) && reply.results.length === 1 ? reply.results[0] : null;
				if (!result || result.toolCallId !== 'tc-4') problems.push('expected one result for tc-4');
				else if (!new RegExp(`did not answer within ${timeoutS} s`).test(String(result.result))) problems.push('the message does not report the timeout');
				if (ctx.ms < timeoutS * 1000 - 250) problems.push(`the reply came after ${secs(ctx.ms)}, before the ${timeoutS} s timeout`);
				if (ctx.ms > timeoutS * 1000 + 10000) problems.push(`the reply took ${secs(ctx.ms)}, far beyond the ${timeoutS} s timeout`);
				ctx.summary = `abandoned at the ${timeoutS} s timeout; the reply came after ${secs(ctx.ms)}`;
				return problems;
			},
			explain: (ctx) =>
				`The demo API holds SLOW-* orders for 30 s. n8n abandoned the call at the ${timeoutS} s timeout (error code timeout) and the agent answered within ${secs(ctx.ms)} with a message it can say, instead of leaving the caller in silence.`,
		},
	];
}

async function conversation({ n8n, api, apiKey, timeoutS }) {
	const url = n8n.webhookUrl(WEBHOOK_PATH);
	say(`Vapi POSTs each tool-call request to ${cyan(url)}; the workflow replies through Respond to Webhook.`);
	const outcomes = [];
	for (const s of scenarios({ timeoutS })) {
		say(`\n${bold(`(${s.key}) ${s.title}`)}`);
		say(`  ${dim('Caller:')} "${s.caller}"`);
		say(`  ${dim('Vapi sends:')}`);
		for (const call of s.payload.message.toolCallList) say(`    ${call.id}  ${call.function.name}(${JSON.stringify(call.function.arguments)})`);
		const before = api.requests.length;
		const t0 = Date.now();
		let res;
		let error;
		try {
			res = await runtime.request(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(s.payload),
				timeoutMs: 60000,
			});
		} catch (err) {
			error = err;
		}
		const ms = Date.now() - t0;
		await new Promise((r) => setTimeout(r, 100)); // let the API record an aborted request
		const ctx = { ms, apiCalls: api.requests.slice(before) };
		const reply = res ? tryJson(res.body) : undefined;
		let problems;
		if (error) {
			problems = [`the request to n8n failed: ${error.message}`];
		} else {
			say(`  ${dim(`The agent gets back (HTTP ${res.status}, ${secs(ms)}):`)}`);
			say(indent(reply === undefined ? res.body : pretty(reply)));
			// Vapi results are strings (compact JSON); show the JSON ones decoded.
			const decoded = (reply && Array.isArray(reply.results) ? reply.results : []).map((r) => [r.toolCallId, tryJson(r.result)]).filter(([, v]) => v && typeof v === 'object');
			for (const [id, value] of decoded) say(`  ${dim(`${id} result, decoded:`)}\n${indent(pretty(value))}`);
			ctx.order = decoded.map(([, v]) => v).find((v) => v.orderNumber);
			ctx.ticket = decoded.map(([, v]) => v).find((v) => v.ticket);
			say(`  ${dim('Demo API received:')}${ctx.apiCalls.length ? '' : ' nothing'}`);
			for (const r of ctx.apiCalls) {
				const outcome = r.aborted ? `no answer: n8n gave up after ${secs(r.ms)}` : `${r.status} in ${r.ms} ms`;
				say(`    ${r.method} ${r.path}${r.body ? ` ${JSON.stringify(r.body)}` : ''} → ${outcome}; X-Api-Key ${r.keyOk ? 'correct' : 'WRONG'}`);
			}
			problems = res.status === 200 ? s.check(reply, ctx) : [`n8n answered HTTP ${res.status}`];
			if (res.body.includes(apiKey)) problems.push('the API key appears in the reply');
			say(`  ${yellow('→')} ${s.explain(ctx)}`);
		}
		outcomes.push({ key: s.key, label: s.label, problems, summary: ctx.summary, body: res ? res.body : '' });
	}
	return outcomes;
}

/** Files under `dir` (recursively) whose bytes contain `needle`. */
function filesContaining(dir, needle) {
	const hits = [];
	const want = Buffer.from(needle);
	const walk = (d) => {
		for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, entry.name);
			if (entry.isDirectory()) walk(p);
			else if (entry.isFile() && fs.statSync(p).size < 512 * 1024 * 1024 && fs.readFileSync(p).includes(want)) hits.push(p);
		}
	};
	walk(dir);
	return hits;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
	const t0 = Date.now();
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	say(bold(`RedFlare webhooks for n8n: demo${UI ? ' (--ui)' : ''}`));
	say(`A voice agent (Vapi) calls two tools through real n8n ${runtime.N8N_VERSION}: lookup_order and create_ticket.`);

	step(`Building ${pkg.name} (npm run build)`);
	let t = Date.now();
	await build();
	say(`  built in ${secs(Date.now() - t)}`);

	step('Starting the demo API');
	const apiKey = `demo_${crypto.randomBytes(18).toString('base64url')}`; // new every run, never printed
	const api = await startDemoApi({ port: API_PORT, apiKey });
	started.api = api;
	const moved = api.port !== API_PORT;
	say(`  ${cyan(api.url)}  GET /orders/:orderNumber, POST /tickets; X-Api-Key required (a random key made for this run)`);
	if (moved) say(yellow(`  port ${API_PORT} is taken, so it runs on ${api.port}; the demo's copy of the workflow points there`));

	step(`n8n ${runtime.N8N_VERSION} on Node ${runtime.NODE24_VERSION}`);
	say(`  cache: ${home(runtime.cacheRoot())}`);
	say(dim('  (the first time this installs them there: about 2.8 GB and several minutes, with progress below; later runs reuse it)'));
	t = Date.now();
	const { nodeBin } = await runtime.ensureN8n({ log: (msg) => say(`  ${msg}`) });
	say(`  ready (${secs(Date.now() - t)}): ${home(nodeBin)}`);

	step('A fresh n8n user folder with the package, the credential and the workflow');
	const userFolder = runtime.createUserFolder('redflare-demo-');
	started.userFolder = userFolder;
	say(`  ${userFolder} ${dim(UI ? '(your ~/.n8n is not touched)' : '(your ~/.n8n is not touched; removed at the end)')}`);
	t = Date.now();
	const installed = await runtime.installCommunityPackage(userFolder, ROOT, { log: (msg) => say(`  ${msg}`) });
	say(`  installed ${installed.name}@${installed.version} as a community package (npm pack + install, as n8n does)`);
	await runtime.importCredentials(userFolder, { ...CREDENTIAL, data: { vault: JSON.stringify({ [SECRET_NAME]: apiKey }) } });
	say(`  imported credential "${CREDENTIAL.name}" (RedFlare Webhook Secrets API: secret "${SECRET_NAME}")`);
	const workflow = loadExample(api.url);
	const [workflowId] = await runtime.importWorkflows(userFolder, workflow);
	await runtime.publishWorkflow(userFolder, workflowId);
	say(`  imported and published workflow "${workflow.name}" ${dim(`(${path.relative(ROOT, EXAMPLE)}${moved ? `, URLs → ${api.url}` : ''})`)}`);
	say(`  ${dim(`in ${secs(Date.now() - t)}`)}`);

	const orderNode = workflow.nodes.find((n) => n.name === 'Order Status');
	const timeoutS = Number(orderNode?.parameters?.timeout ?? 10);

	step('Starting n8n (n8n start)');
	let port = 0;
	let owner = null;
	const env = {};
	if (UI) {
		port = (await portIsFree(UI_PORT)) ? UI_PORT : await runtime.freePort();
		owner = { email: OWNER_EMAIL, password: `RedFlare-${crypto.randomBytes(5).toString('hex')}-1`, firstName: 'Demo', lastName: 'Owner' };
		Object.assign(env, runtime.ownerEnv(owner), { N8N_EDITOR_BASE_URL: `http://localhost:${port}`, WEBHOOK_URL: `http://localhost:${port}/` });
	}
	t = Date.now();
	say(dim('  (usually 10 to 30 s)'));
	const n8n = await runtime.startN8n(userFolder, { port, env, webhookPaths: [WEBHOOK_PATH] });
	started.n8n = n8n;
	say(`  ready at ${n8n.url} after ${secs(Date.now() - t)}, webhook ${WEBHOOK_PATH} registered`);

	step('An agent conversation turn through the workflow');
	const outcomes = await conversation({ n8n, api, apiKey, timeoutS });

	// Where the key must not be: the replies and n8n's log (its files are checked after it stops).
	const keyIn = [];
	if (outcomes.some((o) => o.body.includes(apiKey))) keyIn.push('a reply');
	if (n8n.output().includes(apiKey)) keyIn.push("n8n's log");
	return { outcomes, keyIn, apiKey, t0, n8n, api, owner, userFolder };
}

async function stopForScan() {
	// Stop n8n (so its database is flushed) but keep the folder to scan it.
	if (started.n8n) {
		const n8n = started.n8n;
		started.n8n = null;
		await n8n.stop();
	}
}

function report({ outcomes, keyIn, storedNote, t0 }) {
	say(`\n${bold('Checks')}`);
	let failed = 0;
	for (const o of outcomes) {
		if (o.problems.length) {
			failed += 1;
			say(`  ${red('✘')} (${o.key}) ${o.label}: ${o.problems.join('; ')}`);
		} else say(`  ${green('✔')} (${o.key}) ${o.label}: ${o.summary}`);
	}
	if (keyIn.length) {
		failed += 1;
		say(`  ${red('✘')} the API key was found in ${keyIn.join(', ')}`);
	} else {
		say(`  ${green('✔')} the API key (random, made for this run) appears in none of the ${outcomes.length} replies, nor in n8n's log${storedNote}`);
	}
	say(failed ? red(bold(`\nDemo FAILED (${failed} check${failed > 1 ? 's' : ''}) after ${secs(Date.now() - t0)}.`)) : green(bold(`\nDemo passed in ${secs(Date.now() - t0)}.`)));
	return failed;
}

async function run() {
	const result = await main();
	if (UI) {
		const { n8n, api, owner, userFolder } = result;
		const failed = report({ ...result, storedNote: '' });
		if (failed) say(yellow('Some checks failed; the editor keeps running so you can look.'));
		const editor = `http://localhost:${n8n.port}`;
		say(`\n${bold("n8n's editor is running:")} ${cyan(editor)}`);
		say(`  log in as ${bold(owner.email)} with password ${bold(owner.password)}`);
		say(`  workflow "RedFlare voice agent (Vapi): order status and support tickets" (published), credential "${CREDENTIAL.name}"`);
		say(`  the 3 runs above are in the Executions tab`);
		say(`  the demo API runs on ${api.url}; n8n's data is in ${userFolder}`);
		say(`  try it:  curl -s -X POST ${n8n.webhookUrl(WEBHOOK_PATH)} -H 'content-type: application/json' \\`);
		const sample = { message: { type: 'tool-calls', toolCallList: [{ id: 'tc-1', type: 'function', function: { name: 'lookup_order', arguments: { order_number: 'A-1002' } } }] } };
		say(`           -d '${JSON.stringify(sample)}'`);
		say(`\nPress ${bold('Ctrl-C')} to stop n8n and the demo API.`);
		keepFolder = true;
		// Until Ctrl-C (onSignal stops everything and exits), or until n8n goes away by itself.
		for (let misses = 0; misses < 3; ) {
			await new Promise((r) => setTimeout(r, 5000));
			misses = await runtime.request(`${n8n.url}/healthz`, { timeoutMs: 4000 }).then((r) => (r.status === 200 ? 0 : misses + 1), () => misses + 1);
		}
		throw new Error(`n8n stopped answering. Its last output:\n${n8n.output().slice(-3000)}`);
	}

	// Stop n8n, then look for the key in everything n8n wrote to disk (database, config, logs).
	await stopForScan();
	const hits = filesContaining(started.userFolder, result.apiKey);
	if (hits.length) result.keyIn.push(`n8n's files (${hits.map((h) => path.relative(started.userFolder, h)).join(', ')})`);
	// The runs are stored (EXECUTIONS_DATA_SAVE_ON_SUCCESS=all): say so only if the database shows it.
	const db = filesContaining(started.userFolder, 'SLOW-1').some((f) => /\.sqlite/.test(f));
	const storedNote = db ? ", nor in n8n's database with the stored executions, nor in any other file n8n wrote" : ', nor in any file n8n wrote';
	await cleanup();
	return report({ ...result, storedNote });
}

run().then(
	(failed) => {
		if (!interrupted) process.exit(failed ? 1 : 0); // else onSignal is stopping everything
	},
	async (err) => {
		if (interrupted) return; // onSignal is stopping everything
		console.error(`\n${red(bold('Demo failed:'))} ${err && err.stack ? err.stack : err}`);
		await cleanup().catch(() => {});
		process.exit(1);
	},
);
