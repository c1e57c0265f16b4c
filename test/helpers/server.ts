/**
 * A tiny real HTTP server on 127.0.0.1 (port 0) for tests: records every request byte for byte
 * and answers with scripted replies (status, headers, body, delay, never answer, drip, redirect).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** The request target exactly as sent: path and query, still percent-encoded (an absolute URI when it serves as a proxy). */
	url: string;
	/** Header names lower-cased (Node's parsing). */
	headers: IncomingHttpHeaders;
	/** Header names and values as sent, in order. */
	rawHeaders: string[];
	/** The raw body bytes. */
	body: Buffer;
	/** The body as UTF-8 text. */
	text: string;
	/** Whether the client went away before the reply was complete. */
	aborted: boolean;
	/** Requests in flight (received, reply not yet finished) when this one arrived, itself included. */
	inFlightOnArrival: number;
	/** The client's port: one per TCP connection, so distinct ports count connections. */
	remotePort: number | undefined;
}

export type Reply =
	| {
			status?: number;
			headers?: Record<string, string | string[]>;
			/** A string or bytes as they are; anything else is sent as JSON (with a JSON content type). */
			body?: unknown;
			/** Wait this long before answering. */
			delayMs?: number;
	  }
	/** Never answer (the connection stays open until the client gives up or the server closes). */
	| { hang: true }
	/** Send the status and headers at once, then `chunk` every `everyMs` (forever, or `chunks` times). */
	| { drip: { chunk: string; everyMs: number; chunks?: number; status?: number; headers?: Record<string, string> } }
	/** Redirect to `location` (absolute or relative). */
	| { redirect: string; status?: 301 | 302 | 303 | 307 | 308 };

export type Handler = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

export interface TestServer {
	/** `http://127.0.0.1:<port>` */
	origin: string;
	port: number;
	/** Every request received, in order. */
	requests: RecordedRequest[];
	/** Requests received whose reply has not finished (nor been abandoned by the client) yet. */
	inFlight(): number;
	/** TCP connections open right now (idle keep-alive ones included). */
	openConnections(): number;
	/** Answers requests whose path (without the query) is `path`; later routes win. */
	route(path: string, handler: Handler): void;
	/** Answers every request no route matches (default: 200 `{"ok":true}`). */
	fallback(handler: Handler): void;
	/** Resolves once `count` requests have arrived in total. */
	waitForRequests(count: number): Promise<void>;
	/** Stops the server and drops every open connection. */
	close(): Promise<void>;
}

const sleep = async (ms: number) => await new Promise<void>((done) => setTimeout(done, ms));

function send(response: ServerResponse, reply: Exclude<Reply, { hang: true } | { drip: unknown } | { redirect: string }>): void {
	const headers: Record<string, string | string[]> = { ...reply.headers };
	let body: Buffer | string | undefined;
	if (reply.body === undefined || typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
		body = reply.body as Buffer | string | undefined;
	} else {
		body = JSON.stringify(reply.body);
		if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
	}
	response.writeHead(reply.status ?? 200, headers);
	response.end(body);
}

export async function startServer(initial?: Handler): Promise<TestServer> {
	const requests: RecordedRequest[] = [];
	const routes: Array<{ path: string; handler: Handler }> = [];
	let fallbackHandler: Handler = initial ?? { body: { ok: true } };
	const waiters: Array<{ count: number; done: () => void }> = [];
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();
	let inFlight = 0;

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		inFlight++;
		const arrivedWith = inFlight;
		response.on('close', () => inFlight--);
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const recorded: RecordedRequest = {
			method: request.method ?? '',
			url: request.url ?? '',
			headers: request.headers,
			rawHeaders: request.rawHeaders,
			body,
			text: body.toString('utf8'),
			aborted: false,
			inFlightOnArrival: arrivedWith,
			remotePort: request.socket.remotePort,
		};
		requests.push(recorded);
		response.on('close', () => {
			if (!response.writableFinished) recorded.aborted = true;
		});
		for (const waiter of waiters.filter((entry) => requests.length >= entry.count)) {
			waiters.splice(waiters.indexOf(waiter), 1);
			waiter.done();
		}

		const path = recorded.url.split('?')[0];
		const route = [...routes].reverse().find((entry) => entry.path === path);
		const handler = route ? route.handler : fallbackHandler;
		const reply = typeof handler === 'function' ? await handler(recorded) : handler;

		if ('hang' in reply) return;
		if ('redirect' in reply) {
			response.writeHead(reply.status ?? 302, { Location: reply.redirect });
			response.end();
			return;
		}
		if ('drip' in reply) {
			const { chunk, everyMs, chunks: limit, status, headers } = reply.drip;
			response.writeHead(status ?? 200, { 'Content-Type': 'application/json', ...headers });
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
		if (reply.delayMs) await sleep(reply.delayMs);
		if (!response.destroyed) send(response, reply);
	};

	const server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent) response.writeHead(500);
			response.end(String(error));
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	const { port } = server.address() as AddressInfo;

	return {
		origin: `http://127.0.0.1:${port}`,
		port,
		requests,
		inFlight: () => inFlight,
		openConnections: () => sockets.size,
		route: (path, handler) => routes.push({ path, handler }),
		fallback: (handler) => {
			fallbackHandler = handler;
		},
		waitForRequests: async (count) => {
			if (requests.length >= count) return;
			await new Promise<void>((done) => waiters.push({ count, done }));
		},
		close: async () => {
			for (const timer of timers) clearInterval(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((closed) => server.close(() => closed()));
		},
	};
}
