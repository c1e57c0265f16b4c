'use strict';
// Prints figures for the engine: planning throughput, the engine's work per item with a definition
// validated once, per-call overhead against raw axios (the same client n8n's request helper uses) on a
// local server, and memory when a huge response meets the cap. Part of `npm run bench` (benchmarks/run.js);
// `node --expose-gc benchmarks/engine.bench.js` runs it alone. Numbers vary with the machine; nothing here asserts.
const http = require('node:http');
const axios = require('axios');
const engine = require('..');

const definition = engine.parseDefinition({
	name: 'Order Status',
	method: 'POST',
	url: 'http://127.0.0.1:0/orders/{order_number}',
	dynamicParams: [
		{ name: 'order_number', dataType: 'string', required: true },
		{ name: 'qty', dataType: 'integer', required: true },
		{ name: 'email', dataType: 'string' },
	],
	path: [{ name: 'order_number', dataType: 'string', valueType: 'dynamic' }],
	headers: [{ name: 'X-Api-Key', dataType: 'string', valueType: 'secret', secretName: 'Key' }],
	query: [{ name: 'verbose', dataType: 'boolean', valueType: 'static', value: 'yes' }],
	body: [
		{ name: 'qty', dataType: 'integer', valueType: 'dynamic' },
		{ name: 'customer.email', dataType: 'string', valueType: 'dynamic', dynamicParam: 'email' },
	],
}).definition;
const values = { order_number: 'A/1001', qty: '3', email: 'ada@example.com' };
const secrets = new Map([['Key', 'sk_bench_0123456789']]);

/** Figures by label, for the JSON report. */
const figures = {};

function rate(label, count, started) {
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	figures[label] = { perSecond: Math.round(count / seconds), microsPerCall: (seconds * 1e6) / count };
	console.log(`${label.padEnd(52)} ${Math.round(count / seconds).toLocaleString('en').padStart(10)} /s  ${((seconds * 1e6) / count).toFixed(1).padStart(7)} µs each`);
}

function planning() {
	const count = 100000;
	let started = process.hrtime.bigint();
	for (let i = 0; i < count; i++) engine.planRequest(definition, values);
	rate('planRequest (validate + convert + path)', count, started);
	const { plan } = engine.planRequest(definition, values);
	started = process.hrtime.bigint();
	for (let i = 0; i < count; i++) engine.materialize(plan, secrets);
	rate('materialize (secrets in, bytes out)', count, started);
	started = process.hrtime.bigint();
	for (let i = 0; i < count / 10; i++) engine.parseDefinition({ ...definition });
	rate('parseDefinition (zod)', count / 10, started);
}

/**
 * The engine's whole work for one item once the definition is validated (what the Definition node
 * does per item in an execution whose parameters hold no expression): read the item, plan, resolve
 * the secrets (already read), build the request, read and parse the answer, shape and redact the
 * result. The transport answers from memory, so no network time is counted.
 */
async function perItem() {
	const prepared = engine.PreparedDefinition.from({
		...definition,
		url: 'http://127.0.0.1:1/orders/{order_number}',
	});
	const answer = '{"order":"A-1001","status":"shipped","eta":"2026-12-02"}';
	const options = {
		nodeName: 'Order Status',
		transport: async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: answer }),
		resolveSecrets: async (names) => engine.pickSecrets(secrets, names),
		keepFields: [''],
		retry: { retries: 0 },
	};
	const item = { toolCallId: 'call_1', tool: 'order_status', params: values, webhook: 'Order Status' };
	const count = 50000;
	for (let i = 0; i < 5000; i++) await engine.executeWebhook(prepared, item, options);
	let started = process.hrtime.bigint();
	for (let i = 0; i < count; i++) await engine.executeWebhook(prepared, item, options);
	rate('engine per item, definition validated once', count, started);
	started = process.hrtime.bigint();
	const raw = { ...definition, url: 'http://127.0.0.1:1/orders/{order_number}' };
	for (let i = 0; i < count / 5; i++) await engine.executeWebhook(raw, item, options);
	rate('engine per item, definition validated every time', count / 5, started);
}

function server(handler) {
	return new Promise((resolve) => {
		const instance = http.createServer(handler);
		instance.keepAliveTimeout = 5000;
		instance.listen(0, '127.0.0.1', () => resolve(instance));
	});
}

const agent = new http.Agent({ keepAlive: true });
const transport = async (request) => {
	const response = await axios.request({
		method: request.method,
		url: request.url,
		headers: request.headers,
		data: request.body,
		responseType: 'stream',
		validateStatus: () => true,
		maxRedirects: 0,
		signal: request.signal,
		httpAgent: agent,
	});
	return { status: response.status, headers: response.headers, body: response.data };
};

async function perCall() {
	const instance = await server((req, res) => {
		req.resume();
		req.on('end', () => {
			res.setHeader('content-type', 'application/json');
			res.end('{"order":"A-1001","status":"shipped","eta":"2026-12-02"}');
		});
	});
	const origin = `http://127.0.0.1:${instance.address().port}`;
	const bound = { ...definition, url: `${origin}/orders/{order_number}` };
	const { plan } = engine.planRequest(bound, values);
	const built = engine.materialize(plan, secrets).request;
	const count = 2000;
	for (const [label, call] of [
		['raw axios (baseline)', () => axios.request({ method: built.method, url: built.url, headers: built.headers, data: built.body, httpAgent: agent })],
		['engine: plan + send + parse + redact', () => engine.sendPlan(engine.planRequest(bound, values).plan, { transport, resolveSecrets: async () => secrets })],
	]) {
		for (let i = 0; i < 200; i++) await call();
		const started = process.hrtime.bigint();
		for (let i = 0; i < count; i++) await call();
		rate(`sequential calls, ${label}`, count, started);
	}
	instance.close();
}

async function hugeResponse() {
	const chunk = Buffer.alloc(64 * 1024, 'x');
	const instance = await server((req, res) => {
		res.setHeader('content-type', 'text/plain');
		let sent = 0;
		const pump = () => {
			while (sent < 200 * 1024 * 1024) {
				sent += chunk.length;
				if (!res.write(chunk)) return res.once('drain', pump);
			}
			res.end();
		};
		res.on('close', () => (sent = Infinity));
		pump();
	});
	const bound = { ...definition, method: 'GET', body: [], url: `http://127.0.0.1:${instance.address().port}/orders/{order_number}` };
	global.gc?.();
	const before = process.memoryUsage().rss;
	const started = process.hrtime.bigint();
	const result = await engine.sendPlan(engine.planRequest(bound, values).plan, { transport, resolveSecrets: async () => secrets, maxResponseBytes: 1024 * 1024 });
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const grown = (process.memoryUsage().rss - before) / (1024 * 1024);
	figures['200 MiB response, 1 MiB cap'] = { ms: Math.round(ms), rssGrowthMiB: Number(grown.toFixed(1)) };
	console.log(`200 MiB response, 1 MiB cap: ${ms.toFixed(0)} ms, RSS +${grown.toFixed(1)} MiB, note: ${result.note}`);
	instance.close();
}

/** Runs every engine figure; returns them by label. */
async function runEngineBench() {
	console.log(`engine: node ${process.version}, ${require('node:os').cpus().length} cores`);
	planning();
	await perItem();
	await perCall();
	await hugeResponse();
	agent.destroy();
	return { node: process.version, figures };
}

module.exports = { runEngineBench };

if (require.main === module) {
	// `--per-item` measures only the engine's work per item and prints it as JSON (run.js uses it to
	// measure on the Node that n8n runs on).
	const job = process.argv.includes('--per-item') ? perItem().then(() => console.log(JSON.stringify({ node: process.version, figures }))) : runEngineBench();
	job.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
