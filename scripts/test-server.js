'use strict';
// The one HTTP server of the tests, the end-to-end suites and the demo API: on 127.0.0.1 (by default),
// a free port or the one asked for. It records every request byte for byte and answers from routes by
// path or a fallback, each a scripted reply or a function of the request: a status, headers and body,
// after a delay; never; dripped; a redirect; or the connection dropped. Types: test-server.d.ts.
const http = require('node:http');

function listenOn(server, port, host) {
	return new Promise((resolve, reject) => {
		const onError = (error) => {
			server.removeListener('listening', onListening);
			reject(error);
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

function send(response, reply) {
	const headers = { ...reply.headers };
	let body = reply.body;
	if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
		body = JSON.stringify(body);
		if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
	}
	response.writeHead(reply.status ?? 200, headers);
	response.end(body);
}

/** @type {import('./test-server').startServer} */
async function startServer(handler = { body: { ok: true } }, options = {}) {
	const { port = 0, host = '127.0.0.1', fallbackToFreePort = false } = options;
	const requests = [];
	const routes = [];
	let fallbackHandler = handler;
	const waiters = [];
	const endings = new WeakMap(); // recorded request → a promise settled when its exchange ends (dropped with it)
	const sockets = new Set();
	const timers = new Set();
	let inFlight = 0;

	const schedule = (ms, run) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			run();
		}, ms);
		timers.add(timer);
		return () => {
			clearTimeout(timer);
			timers.delete(timer);
		};
	};

	const answer = (response, recorded, reply) => {
		if ('hang' in reply) return;
		if ('drop' in reply) {
			response.socket?.destroy();
			return;
		}
		if ('redirect' in reply) {
			recorded.status = reply.status ?? 302;
			response.writeHead(recorded.status, { Location: reply.redirect });
			response.end();
			return;
		}
		if ('drip' in reply) {
			const { chunk, everyMs, chunks: limit, status, headers } = reply.drip;
			recorded.status = status ?? 200;
			response.writeHead(recorded.status, { 'Content-Type': 'application/json', ...headers });
			response.flushHeaders();
			let sent = 0;
			const timer = setInterval(() => {
				if (response.destroyed || (limit !== undefined && sent >= limit)) {
					clearInterval(timer);
					timers.delete(timer);
					if (!response.destroyed) response.end();
					return;
				}
				response.write(chunk);
				sent++;
			}, everyMs);
			timers.add(timer);
			response.on('close', () => {
				clearInterval(timer);
				timers.delete(timer);
			});
			return;
		}
		const respond = () => {
			if (response.destroyed) return; // the client gave up while the answer was delayed
			recorded.status = reply.status ?? 200;
			send(response, reply);
		};
		if (!reply.delayMs) return respond();
		const cancel = schedule(reply.delayMs, respond);
		response.on('close', cancel);
	};

	const handle = async (request, response) => {
		inFlight++;
		const arrivedWith = inFlight;
		const arrived = Date.now();
		response.on('close', () => inFlight--);
		const chunks = [];
		for await (const chunk of request) chunks.push(chunk);
		const body = Buffer.concat(chunks);
		const recorded = {
			method: request.method ?? '',
			url: request.url ?? '',
			headers: request.headers,
			rawHeaders: request.rawHeaders,
			body,
			text: body.toString('utf8'),
			at: new Date(arrived).toISOString(),
			status: null,
			ms: null,
			aborted: false,
			inFlightOnArrival: arrivedWith,
			remotePort: request.socket.remotePort,
		};
		requests.push(recorded);
		endings.set(
			recorded,
			new Promise((done) =>
				response.on('close', () => {
					recorded.ms = Date.now() - arrived;
					if (!response.writableFinished) recorded.aborted = true;
					done(recorded);
				}),
			),
		);
		for (const waiter of waiters.filter((entry) => requests.length >= entry.count)) {
			waiters.splice(waiters.indexOf(waiter), 1);
			waiter.done();
		}
		const path = recorded.url.split('?')[0];
		const route = [...routes].reverse().find((entry) => entry.path === path);
		const chosen = route ? route.handler : fallbackHandler;
		answer(response, recorded, typeof chosen === 'function' ? await chosen(recorded) : chosen);
	};

	const server = http.createServer((request, response) => {
		handle(request, response).catch((error) => {
			if (!response.headersSent) response.writeHead(500);
			response.end(String(error));
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	let actualPort;
	try {
		actualPort = await listenOn(server, port, host);
	} catch (error) {
		if (error.code !== 'EADDRINUSE' || !fallbackToFreePort || port === 0) throw error;
		actualPort = await listenOn(server, 0, host);
	}

	let closed;
	return {
		origin: `http://${host}:${actualPort}`,
		port: actualPort,
		requests,
		inFlight: () => inFlight,
		openConnections: () => sockets.size,
		route: (path, routeHandler) => routes.push({ path, handler: routeHandler }),
		fallback: (fallback) => {
			fallbackHandler = fallback;
		},
		waitForRequests: async (count) => {
			if (requests.length >= count) return;
			await new Promise((done) => waiters.push({ count, done }));
		},
		ended: (index) => {
			const recorded = requests[index];
			if (!recorded) return Promise.reject(new Error(`no request ${index} (${requests.length} received)`));
			return endings.get(recorded);
		},
		close: () => {
			closed ??= new Promise((done) => {
				for (const timer of timers) {
					clearTimeout(timer);
					clearInterval(timer);
				}
				timers.clear();
				for (const socket of sockets) socket.destroy();
				server.close(() => done());
			});
			return closed;
		},
	};
}

module.exports = { startServer };
