'use strict';
// Prints figures for the engine: planning throughput, per-call overhead against raw axios (the same
// client n8n's request helper uses) on a local server, and memory when a huge response meets the cap.
// Run with `npm run bench` (builds first). Numbers vary with the machine; nothing here asserts.
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

function rate(label, count, started) {
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	console.log(`${label.padEnd(52)} ${Math.round(count / seconds).toLocaleString('en').padStart(10)} /s`);
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
	console.log(`200 MiB response, 1 MiB cap: ${ms.toFixed(0)} ms, RSS +${grown.toFixed(1)} MiB, note: ${result.note}`);
	instance.close();
}

(async () => {
	console.log(`node ${process.version}, ${require('node:os').cpus().length} cores`);
	planning();
	await perCall();
	await hugeResponse();
	agent.destroy();
})().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
