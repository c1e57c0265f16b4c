/**
 * A small real HTTP server on 127.0.0.1 for the end-to-end tests: records every request byte for
 * byte (method, raw target, headers, body) and answers through one handler function.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
	method: string;
	/** The request target exactly as sent: path and query, still percent-encoded. */
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
	text: string;
	/** Milliseconds from arrival until the client closed the connection (set if it closed first). */
	clientClosedAfterMs?: number;
}

/** What to answer, after `delayMs` if given (a slow API); `hang` never answers. */
export type Answer = { status?: number; json?: unknown; text?: string; contentType?: string; delayMs?: number } | 'hang';

export interface LocalServer {
	origin: string;
	requests: ReceivedRequest[];
	close(): Promise<void>;
}

export async function startLocalServer(handler: (request: ReceivedRequest) => Answer): Promise<LocalServer> {
	const requests: ReceivedRequest[] = [];
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();
	const server = createServer((req, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		const arrived = Date.now();
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, text: body.toString('utf8') };
			requests.push(request);
			res.on('close', () => {
				if (!res.writableFinished) request.clientClosedAfterMs = Date.now() - arrived;
			});
			let answer: Answer;
			try {
				answer = handler(request);
			} catch (error) {
				answer = { status: 599, text: String(error) };
			}
			if (answer === 'hang') return;
			const { status = 200, json, text = '', contentType, delayMs = 0 } = answer;
			const payload = json !== undefined ? JSON.stringify(json) : text;
			const send = () => {
				if (res.destroyed) return; // the client gave up while the answer was delayed
				res.writeHead(status, {
					'Content-Type': contentType ?? (json !== undefined ? 'application/json' : 'text/plain'),
					'Content-Length': String(Buffer.byteLength(payload)),
				});
				res.end(payload);
			};
			if (delayMs <= 0) return send();
			const timer = setTimeout(() => (timers.delete(timer), send()), delayMs);
			timers.add(timer);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			for (const timer of timers) clearTimeout(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
