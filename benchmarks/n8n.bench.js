'use strict';
// The real-n8n benchmark (n8n 2.41.1, installed by scripts/n8n-runtime.js as for the e2e suite), against
// one local API server in this process:
//  - throughput: the same POSTs through the Definition node and through n8n's HTTP Request node v4.2,
//    run alternately with `n8n execute`, timed by the node's own `executionTime` in the printed run;
//    1,000 calls against an immediate server, 200 against one that holds each call 20 ms;
//  - the floor: a bare axios loop (same requests, same Node as n8n) at 1 and 16 calls in flight;
//  - a CPU profile of one Definition run (the package's slowest case against its floor);
//  - the round trip in a running n8n (`n8n start`): a Vapi tool call through Webhook → Agent Tool Call →
//    Definition → Merge → Reply → Respond to Webhook, against Webhook → Switch → HTTP Request → Respond,
//    sequential calls after a warm-up, alternating between the two.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');

const runtime = require('../scripts/n8n-runtime.js');
const { startApiServer, SLOW_MS } = require('./api-server');
const { summarizeProfile } = require('./cpu-profile');
const { CALL_NODE, throughputWorkflow, roundTripRedFlare, roundTripN8n, vapiRequest } = require('./workflows');

const ROOT = path.resolve(__dirname, '..');
const SECRET = 'sk_bench_Rq81mZt4Lw9x';
const run = promisify(execFile);
/** Functions of the package that run for every item: they mark the window in which the node ran. */
const PER_ITEM_CODE = { path: 'node_modules/n8n-nodes-redflare/dist/', functions: ['runItem', 'executeWebhook', 'planRequest', 'sendPlan', 'materialize', 'redactSecrets'] };

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
/** Median, min and max of a list of timings (ms). */
const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values });
const load = () => os.loadavg().map((value) => Number(value.toFixed(2)));

/** Runs one imported throughput workflow and checks that every call really happened and answered. */
async function timeExecution(userFolder, id, { kind, count, api, env }) {
	api.reset();
	const result = await runtime.executeWorkflow(userFolder, id, { timeoutMs: 600000, env });
	const runs = result.run?.data?.resultData?.runData?.[CALL_NODE];
	if (!runs?.length) throw new Error(`n8n execute printed no run of "${CALL_NODE}" (exit ${result.code}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
	const items = runtime.nodeOutput(result.run, CALL_NODE) ?? [];
	const answered = items.filter((json) => (kind === 'definition' ? json.ok === true && json.data?.status === 'accepted' : json.status === 'accepted')).length;
	if (items.length !== count || answered !== count || api.stats.requests !== count || api.stats.refused > 0) {
		throw new Error(`${kind}: ${items.length} items, ${answered} answered, ${api.stats.requests} requests (${api.stats.refused} refused), expected ${count}: ${JSON.stringify(items[0])}`);
	}
	return { ms: runs[0].executionTime, maxInFlight: api.stats.maxInFlight };
}

/** A floor client (benchmarks/floor-client.js) in a child process on n8n's Node. */
async function floor({ client, origin, prefix, count, inFlight, keepAlive, warmUp }) {
	const { nodeBin, n8nPrefix } = runtime.layout();
	const settings = { client, origin, prefix, count, inFlight, keepAlive, warmUp, secret: SECRET, n8nModules: path.join(n8nPrefix, 'node_modules') };
	const { stdout } = await run(nodeBin, [path.join(__dirname, 'floor-client.js'), JSON.stringify(settings)], { cwd: ROOT, maxBuffer: 1 << 20 });
	const { ms, ok } = JSON.parse(stdout.trim().split('\n').pop());
	if (ok !== count) throw new Error(`${client} floor: ${ok} of ${count} calls answered`);
	return ms;
}

function post(agent, url, body) {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk) => (text += chunk));
			response.on('end', () => resolve({ status: response.statusCode, text }));
		});
		request.on('error', reject);
		request.end(JSON.stringify(body));
	});
}

/** One round trip; checks the reply pairs the call id with its own order. */
async function roundTrip(agent, url, index) {
	const started = process.hrtime.bigint();
	const { status, text } = await post(agent, url, vapiRequest(index));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const reply = JSON.parse(text);
	const result = reply?.results?.[0];
	if (status !== 200 || result?.toolCallId !== `call_${index}` || !String(result.result).includes(`"order":"A-${index}"`)) {
		throw new Error(`round trip ${url}: HTTP ${status} ${text.slice(0, 300)}`);
	}
	return ms;
}

async function runN8nBench({ runs = 3, calls = 1000, slowCalls = 200, roundTrips = 300, warmUp = 30, log = console.log } = {}) {
	await runtime.ensureN8n({ log });
	const api = await startApiServer({ secret: SECRET });
	const userFolder = runtime.createUserFolder('redflare-bench-');
	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redflare-bench-profile-'));
	const report = { n8n: runtime.N8N_VERSION, node: runtime.NODE24_VERSION, throughput: [], floor: [], roundTrip: null, profile: null, load: { start: load() } };
	let n8n;
	try {
		log(`n8n ${runtime.N8N_VERSION}: installing the packed package into ${userFolder}`);
		await runtime.installCommunityPackage(userFolder, ROOT, { log });
		const credentials = { secrets: { id: 'BenchSecrets0001', name: 'Bench Secrets' }, headerAuth: { id: 'BenchHeaderAuth1', name: 'Bench Header Auth' } };
		await runtime.importCredentials(userFolder, [
			{ ...credentials.secrets, type: 'redFlareSecretsApi', data: { vault: JSON.stringify({ 'Orders API Key': SECRET }) } },
			{ ...credentials.headerAuth, type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: SECRET } },
		]);

		const fast = { name: `${calls.toLocaleString('en')} POSTs`, count: calls, prefix: '', serverDelayMs: 0 };
		const slow = { name: `${slowCalls} POSTs, server holds each ${SLOW_MS} ms`, count: slowCalls, prefix: '/slow', serverDelayMs: SLOW_MS };
		const cases = [fast, slow];
		const kinds = ['definition', 'httpRequest'];
		const workflows = cases.flatMap((entry) => kinds.map((kind) => ({ entry, kind, workflow: throughputWorkflow({ kind, count: entry.count, origin: api.origin, prefix: entry.prefix, credentials }) })));
		const ids = await runtime.importWorkflows(userFolder, workflows.map((w) => w.workflow));
		workflows.forEach((w, index) => Object.assign(w, { id: ids[index], timings: [], maxInFlight: 0 }));
		// Warm floors (50 untimed calls first) are the floor proper; the cold one runs in a fresh process
		// from its first call, as every `n8n execute` run of the nodes does.
		const floors = [
			{ ...fast, client: 'axios', inFlight: 1, keepAlive: true, warmUp: 50 },
			{ ...fast, client: 'axios', inFlight: 16, keepAlive: true, warmUp: 50 },
			{ ...fast, client: 'axios', inFlight: 16, keepAlive: true, warmUp: 0 },
			{ ...fast, client: 'axios', inFlight: 16, keepAlive: false, warmUp: 50 },
			{ ...fast, client: 'n8n-helper', inFlight: 16, keepAlive: false, warmUp: 50 },
			{ ...slow, client: 'axios', inFlight: 16, keepAlive: true, warmUp: 50 },
		].map((entry) => ({ ...entry, timings: [] }));

		// Rounds: each has every n8n run (the two nodes alternating) and every floor, so a change in the
		// machine's load touches all of them alike.
		for (let round = 0; round < runs; round++) {
			for (const w of workflows) {
				const timed = await timeExecution(userFolder, w.id, { kind: w.kind, count: w.entry.count, api });
				w.timings.push(timed.ms);
				w.maxInFlight = Math.max(w.maxInFlight, timed.maxInFlight);
				log(`  round ${round + 1}: ${w.entry.name}, ${w.kind}: ${timed.ms} ms (at most ${timed.maxInFlight} in flight at the server)`);
			}
			for (const entry of floors) {
				entry.timings.push(await floor({ origin: api.origin, ...entry }));
				log(`  round ${round + 1}: ${entry.name}, ${entry.client} floor, ${entry.inFlight} in flight${entry.keepAlive ? '' : ', a new connection per call'}${entry.warmUp ? '' : ', cold'}: ${entry.timings.at(-1).toFixed(0)} ms`);
			}
		}
		for (const entry of cases) {
			const of = (kind) => workflows.find((w) => w.entry === entry && w.kind === kind);
			report.throughput.push({
				case: entry.name,
				count: entry.count,
				serverDelayMs: entry.serverDelayMs,
				definition: spread(of('definition').timings),
				httpRequest: spread(of('httpRequest').timings),
				maxInFlightAtServer: { definition: of('definition').maxInFlight, httpRequest: of('httpRequest').maxInFlight },
			});
		}
		for (const { timings, name, client, inFlight, keepAlive, warmUp } of floors) report.floor.push({ case: name, client, inFlight, keepAlive, warmUp, ...spread(timings) });

		// The CPU profile: one more Definition run of the first case, with V8's sampling profiler on.
		const profiled = workflows.find((w) => w.entry === fast && w.kind === 'definition');
		const timed = await timeExecution(userFolder, profiled.id, { kind: 'definition', count: fast.count, api, env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } });
		const summaries = fs
			.readdirSync(profileDir)
			.filter((file) => file.endsWith('.cpuprofile'))
			.map((file) => summarizeProfile(path.join(profileDir, file), PER_ITEM_CODE))
			.filter(Boolean);
		report.profile = summaries.length ? { case: `${fast.name}, Definition node (profiled run: ${timed.ms} ms)`, ...summaries[0] } : null;

		// Round trip in a running n8n.
		const paths = { redflare: 'bench-redflare', n8n: 'bench-n8n-only' };
		const [redflareId, n8nId] = await runtime.importWorkflows(userFolder, [
			roundTripRedFlare({ path: paths.redflare, origin: api.origin, credentials }),
			roundTripN8n({ path: paths.n8n, origin: api.origin, credentials }),
		]);
		await runtime.publishWorkflow(userFolder, redflareId);
		await runtime.publishWorkflow(userFolder, n8nId);
		log('  n8n start (round trip)…');
		n8n = await runtime.startN8n(userFolder, { webhookPaths: Object.values(paths), log });
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const latencies = { redflare: [], n8n: [] };
		try {
			for (let index = 0; index < warmUp; index++) {
				await roundTrip(agent, n8n.webhookUrl(paths.redflare), index);
				await roundTrip(agent, n8n.webhookUrl(paths.n8n), index);
			}
			for (let index = 0; index < roundTrips; index++) {
				const order = index % 2 ? ['n8n', 'redflare'] : ['redflare', 'n8n'];
				for (const which of order) latencies[which].push(await roundTrip(agent, n8n.webhookUrl(paths[which]), warmUp + index));
			}
		} catch (error) {
			error.message += `\nn8n's output:\n${n8n.output().slice(-4000)}`;
			throw error;
		}
		agent.destroy();
		const summary = (values) => ({ median: median(values), p95: percentile(values, 95), min: Math.min(...values), max: Math.max(...values), calls: values.length });
		report.roundTrip = { warmUp, redflare: summary(latencies.redflare), n8n: summary(latencies.n8n) };
		log(`  round trip: RedFlare median ${report.roundTrip.redflare.median.toFixed(1)} ms, n8n only ${report.roundTrip.n8n.median.toFixed(1)} ms`);
	} finally {
		report.load.end = load();
		await n8n?.stop();
		await api.close();
		runtime.removeUserFolder(userFolder);
		fs.rmSync(profileDir, { recursive: true, force: true });
	}
	return report;
}

module.exports = { runN8nBench };
