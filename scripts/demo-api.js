'use strict';
// The demo API that examples/voice-agent-two-tools.json calls: a small shop backend on 127.0.0.1.
// Plain Node http, no dependencies. Used by `npm run demo` and reusable by end-to-end tests:
//
//   const { startDemoApi } = require('./scripts/demo-api');
//   const api = await startDemoApi({ port: 0 });   // api.url, api.apiKey, api.requests, api.close()
//
// Run alone: node scripts/demo-api.js [--port 4010] [--key KEY]
//
//   GET  /orders/:orderNumber  order status (A-1001 shipped, A-1002 processing, A-1003 delivered);
//                              404 JSON for an unknown order; SLOW-<n> answers only after `slowMs`
//   POST /tickets              opens a support ticket from a typed JSON body:
//                              { customer: { email: string }, priority: integer 1-3, urgent?: boolean,
//                                channel?: string }; 201 with the ticket, 422 when a type is wrong
//   GET  /health               no key needed
// Everything else needs the header X-Api-Key: <apiKey> (401 without it or with a wrong one).

const http = require('node:http');
const crypto = require('node:crypto');

const DEFAULT_PORT = 4010;

function isoDate(daysFromToday) {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + daysFromToday);
	return d.toISOString().slice(0, 10);
}

// Built per server, so the dates stay relative to today.
function sampleOrders() {
	return {
		'A-1001': {
			orderNumber: 'A-1001',
			status: 'shipped',
			placedAt: isoDate(-3),
			items: [
				{ sku: 'HP-220', name: 'Wireless headphones', quantity: 1 },
				{ sku: 'CB-010', name: 'USB-C cable (1 m)', quantity: 2 },
			],
			carrier: 'DHL Express',
			trackingNumber: 'JD0146000062',
			eta: isoDate(2),
		},
		'A-1002': {
			orderNumber: 'A-1002',
			status: 'processing',
			placedAt: isoDate(-1),
			items: [{ sku: 'KB-510', name: 'Mechanical keyboard', quantity: 1 }],
			carrier: null,
			trackingNumber: null,
			eta: isoDate(5),
		},
		'A-1003': {
			orderNumber: 'A-1003',
			status: 'delivered',
			placedAt: isoDate(-12),
			items: [{ sku: 'MS-300', name: 'Ergonomic mouse', quantity: 1 }],
			carrier: 'UPS',
			trackingNumber: '1Z999AA10123456784',
			eta: isoDate(-8),
			deliveredAt: isoDate(-8),
		},
	};
}

function sameKey(given, expected) {
	if (typeof given !== 'string') return false;
	const a = crypto.createHash('sha256').update(given).digest();
	const b = crypto.createHash('sha256').update(expected).digest();
	return crypto.timingSafeEqual(a, b);
}

/** Checks a ticket request body; returns a list of { field, problem } (empty when valid). */
function ticketProblems(body) {
	const problems = [];
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return [{ field: '(body)', problem: 'must be a JSON object' }];
	const email = body.customer && typeof body.customer === 'object' ? body.customer.email : undefined;
	if (typeof email !== 'string') problems.push({ field: 'customer.email', problem: `must be a string, got ${typeOf(email)}` });
	else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: 'customer.email', problem: 'is not an email address' });
	if (!Number.isInteger(body.priority)) problems.push({ field: 'priority', problem: `must be an integer, got ${typeOf(body.priority)}` });
	else if (body.priority < 1 || body.priority > 3) problems.push({ field: 'priority', problem: 'must be 1, 2 or 3' });
	if (body.urgent !== undefined && typeof body.urgent !== 'boolean') problems.push({ field: 'urgent', problem: `must be a boolean, got ${typeOf(body.urgent)}` });
	if (body.channel !== undefined && typeof body.channel !== 'string') problems.push({ field: 'channel', problem: `must be a string, got ${typeOf(body.channel)}` });
	return problems;
}

function typeOf(value) {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
	return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `${typeof value} ${JSON.stringify(value)}`;
}

function listenOn(server, port, host) {
	return new Promise((resolve, reject) => {
		const onError = (err) => {
			server.removeListener('listening', onListening);
			reject(err);
		};
		const onListening = () => {
			server.removeListener('error', onError);
			resolve(server.address().port);
		};
		server.once('error', onError);
		server.once('listening', onListening);
		server.listen(port, host);
	});
}

/**
 * Starts the demo API.
 * @param {object} [options]
 * @param {number} [options.port=4010] the port to listen on; 0 for any free port
 * @param {boolean} [options.fallbackToFreePort=true] when `port` is taken, listen on a free port instead
 * @param {string} [options.host='127.0.0.1']
 * @param {string} [options.apiKey] the key X-Api-Key must carry (default: a random one)
 * @param {number} [options.slowMs=30000] how long SLOW-* orders take to answer
 * @returns {Promise<{url: string, port: number, apiKey: string, requests: object[], close: () => Promise<void>}>}
 *   `requests` records every request as { method, path, status, keyOk, body?, at, ms, aborted }
 *   (never the key itself); `status` is null while a request is pending and stays null when the
 *   client gave up first (`aborted`); `body` is the parsed JSON body of POST /tickets.
 */
async function startDemoApi({ port = DEFAULT_PORT, fallbackToFreePort = true, host = '127.0.0.1', apiKey, slowMs = 30000 } = {}) {
	apiKey = apiKey || `demo_${crypto.randomBytes(18).toString('base64url')}`;
	const orders = sampleOrders();
	const requests = [];
	const sockets = new Set();
	const timers = new Set();
	let nextTicket = 1001;

	const server = http.createServer((req, res) => {
		const started = Date.now();
		const record = { method: req.method, path: req.url, status: null, keyOk: sameKey(req.headers['x-api-key'], apiKey), at: new Date(started).toISOString(), ms: null, aborted: false };
		requests.push(record);
		let pending = null; // the timer of a slow answer
		const send = (status, body) => {
			if (res.destroyed) return;
			record.status = status;
			record.ms = Date.now() - started;
			const text = JSON.stringify(body);
			res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
			res.end(text);
		};
		res.on('close', () => {
			if (res.writableFinished) return;
			// The client gave up (e.g. its timeout) before the answer: nothing more to send.
			record.aborted = true;
			record.ms = Date.now() - started;
			if (pending) {
				clearTimeout(pending);
				timers.delete(pending);
			}
		});

		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= 64 * 1024) chunks.push(c);
		});
		req.on('end', () => {
			const url = new URL(req.url, 'http://demo');
			const path = url.pathname.replace(/\/+$/, '') || '/';
			if (path === '/health' && req.method === 'GET') return send(200, { ok: true });
			if (!record.keyOk) {
				return send(401, { error: 'unauthorized', message: req.headers['x-api-key'] ? 'The X-Api-Key header is wrong.' : 'The X-Api-Key header is missing.' });
			}

			const order = /^\/orders\/([^/]+)$/.exec(path);
			if (order) {
				if (req.method !== 'GET') return send(405, { error: 'method_not_allowed', allowed: ['GET'] });
				let number;
				try {
					number = decodeURIComponent(order[1]).trim().toUpperCase();
				} catch {
					return send(400, { error: 'bad_request', message: 'The order number is not valid.' });
				}
				if (/^SLOW-\d+$/.test(number)) {
					// A backend that is having a bad day: answers, but far too late for a caller on the line.
					pending = setTimeout(() => {
						timers.delete(pending);
						send(200, { orderNumber: number, status: 'processing', items: [], carrier: null, eta: null });
					}, slowMs);
					timers.add(pending);
					return undefined;
				}
				const found = orders[number];
				return found ? send(200, found) : send(404, { error: 'order_not_found', message: `There is no order ${number}.` });
			}

			if (path === '/tickets') {
				if (req.method !== 'POST') return send(405, { error: 'method_not_allowed', allowed: ['POST'] });
				if (!/^application\/json\b/i.test(String(req.headers['content-type'] || ''))) {
					return send(415, { error: 'unsupported_media_type', message: 'Send the ticket as application/json.' });
				}
				let body;
				try {
					body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				} catch {
					return send(400, { error: 'bad_request', message: 'The body is not valid JSON.' });
				}
				record.body = body;
				const problems = ticketProblems(body);
				if (problems.length) return send(422, { error: 'validation_failed', details: problems });
				const ticket = {
					ticket: `T-${nextTicket++}`,
					status: 'open',
					customer: { email: body.customer.email },
					priority: body.priority,
					urgent: body.urgent === true,
					channel: body.channel || 'api',
					createdAt: new Date().toISOString(),
					firstResponseDue: body.urgent === true || body.priority === 3 ? 'within 4 hours' : 'within 1 business day',
				};
				return send(201, ticket);
			}

			return send(404, { error: 'not_found', message: `No route ${req.method} ${path}.` });
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	let actualPort;
	try {
		actualPort = await listenOn(server, port, host);
	} catch (err) {
		if (err.code !== 'EADDRINUSE' || !fallbackToFreePort || port === 0) throw err;
		actualPort = await listenOn(server, 0, host);
	}

	let closed = null;
	const close = () => {
		if (!closed) {
			closed = new Promise((resolve) => {
				for (const t of timers) clearTimeout(t);
				timers.clear();
				server.close(() => resolve());
				for (const s of sockets) s.destroy();
			});
		}
		return closed;
	};
	return { url: `http://${host}:${actualPort}`, port: actualPort, apiKey, requests, close };
}

module.exports = { startDemoApi, DEFAULT_PORT };

if (require.main === module) {
	const arg = (name) => {
		const i = process.argv.indexOf(name);
		return i > 0 ? process.argv[i + 1] : undefined;
	};
	const port = arg('--port') !== undefined ? Number(arg('--port')) : DEFAULT_PORT;
	startDemoApi({ port, fallbackToFreePort: false, apiKey: arg('--key') }).then(
		(api) => {
			console.log(`Demo API on ${api.url}  (X-Api-Key: ${api.apiKey})`);
			console.log(`  curl -H 'X-Api-Key: ${api.apiKey}' ${api.url}/orders/A-1001`);
			console.log('Ctrl-C to stop.');
			const stop = () => api.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		},
		(err) => {
			console.error(`Demo API could not start: ${err.message}`);
			process.exit(1);
		},
	);
}
