'use strict';
// The local API every benchmark client calls (n8n's nodes, the raw axios floor): one HTTP server on
// 127.0.0.1, in the benchmark's own process, apart from the clients it measures.
//   POST /orders/{id}?source&qty        answers at once with a small JSON order
//   POST /slow/orders/{id}?source&qty   the same, held 20 ms first
//   GET  /orders/{order_number}         the round trip's order lookup
// Every request must carry the secret header; the server counts requests and refusals so a run that
// did not really make its calls cannot pass for a fast one.
const http = require('node:http');

const SLOW_MS = 20;

function startApiServer({ secret }) {
	const stats = { requests: 0, refused: 0, maxInFlight: 0 };
	let inFlight = 0;
	const server = http.createServer((request, response) => {
		inFlight++;
		stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
		response.on('close', () => inFlight--);
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			stats.requests++;
			const url = new URL(request.url, 'http://127.0.0.1');
			const reply = (status, body) => {
				response.writeHead(status, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify(body));
			};
			if (request.headers['x-api-key'] !== secret) {
				stats.refused++;
				return reply(401, { error: 'unauthorized' });
			}
			const slow = url.pathname.startsWith('/slow/');
			const id = decodeURIComponent(url.pathname.split('/').pop());
			let received = null;
			try {
				received = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
			} catch {
				return reply(400, { error: 'body is not JSON' });
			}
			const body = { order: id, status: 'accepted', qty: received?.qty ?? (url.searchParams.has('qty') ? Number(url.searchParams.get('qty')) : null), source: url.searchParams.get('source') };
			if (slow) setTimeout(() => reply(200, body), SLOW_MS);
			else reply(200, body);
		});
	});
	server.keepAliveTimeout = 5000;
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const origin = `http://127.0.0.1:${server.address().port}`;
			resolve({
				origin,
				stats,
				reset: () => Object.assign(stats, { requests: 0, refused: 0, maxInFlight: 0 }),
				close: () =>
					new Promise((closed) => {
						server.closeAllConnections();
						server.close(() => closed());
					}),
			});
		});
	});
}

module.exports = { startApiServer, SLOW_MS };
