'use strict';
// The floors: the same POSTs as the n8n runs (path, query, a secret header, a JSON body) sent by a bare
// loop with `inFlight` calls at a time, in a process of its own (on the Node n8n runs on), so the API
// server and this client do not share a thread. Two clients:
//  - "axios": axios with an http.Agent (keep-alive or not), the raw floor;
//  - "n8n-helper": n8n's own request helper (@n8n/backend-network's OutboundHttp, what
//    `this.helpers.httpRequest` calls) from the installed n8n, through the Definition node's transport
//    (dist/nodes/shared/transport.js, so `npm run build` first), without the engine or n8n's execution.
// Usage: node floor-client.js '{"client":"axios","origin":…,"prefix":"","count":1000,"inFlight":16,"keepAlive":true,"warmUp":50,"secret":…,"n8nModules":…}'
// `warmUp` calls go first, untimed (connections, JIT); 0 measures a cold process, as each `n8n execute` is.
// Prints one JSON line: { ms, ok }.
const http = require('node:http');
const path = require('node:path');

function axiosClient({ keepAlive }) {
	const axios = require('axios');
	const agent = new http.Agent({ keepAlive, maxSockets: Infinity });
	return {
		send: async ({ url, headers, body }) => {
			const response = await axios.request({ method: 'POST', url, headers, data: body, httpAgent: agent, validateStatus: () => true });
			return { status: response.status, data: response.data };
		},
		close: () => agent.destroy(),
	};
}

function n8nHelperClient({ n8nModules }) {
	const from = (name) => require(path.join(n8nModules, name));
	from('reflect-metadata');
	const { Container } = from('@n8n/di');
	const { OutboundHttp } = from('@n8n/backend-network');
	const requests = Container.get(OutboundHttp).requests();
	// The Definition node's own transport (built), over the helper's request function: the same options.
	const { n8nTransport } = require(path.join(__dirname, '..', 'dist', 'nodes', 'shared', 'transport.js'));
	const transport = n8nTransport({ httpRequest: async (options) => await requests.request(options) });
	return {
		// The body is read as the engine reads it: a stream.
		send: async ({ url, headers, body }) => {
			const response = await transport({ method: 'POST', url, headers, body, signal: AbortSignal.timeout(10000) });
			const chunks = [];
			for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
			return { status: response.status, data: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
		},
		close: () => undefined,
	};
}

async function main() {
	const settings = JSON.parse(process.argv[2]);
	const { origin, prefix, count, inFlight, secret, warmUp = 50 } = settings;
	const client = settings.client === 'n8n-helper' ? n8nHelperClient(settings) : axiosClient(settings);
	const call = async (i) => {
		const qty = (i % 5) + 1;
		const { status, data } = await client.send({
			url: `${origin}${prefix}/orders/${encodeURIComponent(`A-${i}`)}?source=bench&qty=${qty}`,
			headers: { 'X-Api-Key': secret, 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify({ qty, note: 'gift wrap', customer: { email: `c${i}@example.com` } }),
		});
		return status === 200 && data.order === `A-${i}`;
	};
	for (let i = 0; i < warmUp; i++) await call(i);
	let next = 0;
	let ok = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < count) if (await call(next++)) ok++;
		}),
	);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	client.close();
	console.log(JSON.stringify({ ms, ok }));
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
