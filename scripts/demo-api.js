'use strict';
// The demo API that examples/voice-agent-two-tools.json calls: a small shop backend on 127.0.0.1, served
// by the one test server (scripts/test-server.js), no dependencies. Used by `npm run demo` and reusable:
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

const crypto = require('node:crypto');

const { startServer } = require('./test-server');

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

function json(status, body) {
	return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

function parsedBody(request) {
	try {
		return JSON.parse(request.text);
	} catch {
		return undefined;
	}
}

/**
 * Starts the demo API (on the one test server, scripts/test-server.js).
 * @param {object} [options]
 * @param {number} [options.port=4010] the port to listen on; 0 for any free port
 * @param {boolean} [options.fallbackToFreePort=true] when `port` is taken, listen on a free port instead
 * @param {string} [options.host='127.0.0.1']
 * @param {string} [options.apiKey] the key X-Api-Key must carry (default: a random one)
 * @param {number} [options.slowMs=30000] how long SLOW-* orders take to answer
 * @returns {Promise<{url: string, port: number, apiKey: string, requests: object[], close: () => Promise<void>}>}
 *   `requests` lists every request as { method, path, status, keyOk, body?, at, ms, aborted } (never
 *   the key itself); `status` is null while a request is pending and stays null when the client gave
 *   up first (`aborted`); `body` is the parsed JSON body of POST /tickets.
 */
async function startDemoApi({ port = DEFAULT_PORT, fallbackToFreePort = true, host = '127.0.0.1', apiKey, slowMs = 30000 } = {}) {
	apiKey = apiKey || `demo_${crypto.randomBytes(18).toString('base64url')}`;
	const key = apiKey;
	const orders = sampleOrders();
	let nextTicket = 1001;

	const answer = (request) => {
		const url = new URL(request.url, 'http://demo');
		const path = url.pathname.replace(/\/+$/, '') || '/';
		if (path === '/health' && request.method === 'GET') return json(200, { ok: true });
		if (!sameKey(request.headers['x-api-key'], key)) {
			return json(401, { error: 'unauthorized', message: request.headers['x-api-key'] ? 'The X-Api-Key header is wrong.' : 'The X-Api-Key header is missing.' });
		}

		const order = /^\/orders\/([^/]+)$/.exec(path);
		if (order) {
			if (request.method !== 'GET') return json(405, { error: 'method_not_allowed', allowed: ['GET'] });
			let number;
			try {
				number = decodeURIComponent(order[1]).trim().toUpperCase();
			} catch {
				return json(400, { error: 'bad_request', message: 'The order number is not valid.' });
			}
			// A backend that is having a bad day: answers, but far too late for a caller on the line.
			if (/^SLOW-\d+$/.test(number)) return { ...json(200, { orderNumber: number, status: 'processing', items: [], carrier: null, eta: null }), delayMs: slowMs };
			const found = orders[number];
			return found ? json(200, found) : json(404, { error: 'order_not_found', message: `There is no order ${number}.` });
		}

		if (path === '/tickets') {
			if (request.method !== 'POST') return json(405, { error: 'method_not_allowed', allowed: ['POST'] });
			if (!/^application\/json\b/i.test(String(request.headers['content-type'] || ''))) {
				return json(415, { error: 'unsupported_media_type', message: 'Send the ticket as application/json.' });
			}
			const body = parsedBody(request);
			if (body === undefined) return json(400, { error: 'bad_request', message: 'The body is not valid JSON.' });
			const problems = ticketProblems(body);
			if (problems.length) return json(422, { error: 'validation_failed', details: problems });
			return json(201, {
				ticket: `T-${nextTicket++}`,
				status: 'open',
				customer: { email: body.customer.email },
				priority: body.priority,
				urgent: body.urgent === true,
				channel: body.channel || 'api',
				createdAt: new Date().toISOString(),
				firstResponseDue: body.urgent === true || body.priority === 3 ? 'within 4 hours' : 'within 1 business day',
			});
		}

		return json(404, { error: 'not_found', message: `No route ${request.method} ${path}.` });
	};

	const server = await startServer(answer, { port, host, fallbackToFreePort });
	// What the demo shows of each request: never the key, only whether it was right.
	const view = (request) => {
		const record = { method: request.method, path: request.url, status: request.status, keyOk: sameKey(request.headers['x-api-key'], key), at: request.at, ms: request.ms, aborted: request.aborted };
		if (request.method === 'POST' && request.url.split('?')[0].replace(/\/+$/, '') === '/tickets' && record.keyOk) {
			const body = parsedBody(request);
			if (body !== undefined) record.body = body;
		}
		return record;
	};
	return {
		url: server.origin,
		port: server.port,
		apiKey,
		get requests() {
			return server.requests.map(view);
		},
		close: () => server.close(),
	};
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
