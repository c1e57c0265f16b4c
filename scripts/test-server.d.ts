/** Types of test-server.js, the one HTTP server of the tests, the end-to-end suites and the demo API. */
import type { IncomingHttpHeaders } from 'node:http';

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
	/** When it arrived (ISO 8601). */
	at: string;
	/** The status answered; null while unanswered, and for good when the client went away first. */
	status: number | null;
	/** Milliseconds from arrival until the exchange ended (answered, or the client went away); null until then. */
	ms: number | null;
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
			/** Wait this long before answering (nothing is sent when the client gives up first). */
			delayMs?: number;
	  }
	/** Never answer (the connection stays open until the client gives up or the server closes). */
	| { hang: true }
	/** Drop the connection without an answer (the client sees a reset). */
	| { drop: true }
	/** Send the status and headers at once, then `chunk` every `everyMs` (forever, or `chunks` times). */
	| { drip: { chunk: string; everyMs: number; chunks?: number; status?: number; headers?: Record<string, string> } }
	/** Redirect to `location` (absolute or relative). */
	| { redirect: string; status?: 301 | 302 | 303 | 307 | 308 };

export type Handler = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

export interface ServerOptions {
	/** Default 0: a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** When `port` is taken, listen on a free one instead (default: fail). */
	fallbackToFreePort?: boolean;
}

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
	/** Answers every request no route matches. */
	fallback(handler: Handler): void;
	/** Resolves once `count` requests have arrived in total. */
	waitForRequests(count: number): Promise<void>;
	/** Resolves with request `index` once its exchange has ended: answered, or the client went away (then `ms` and `aborted` are final). */
	ended(index: number): Promise<RecordedRequest>;
	/** Stops the server, its timers and every open connection. */
	close(): Promise<void>;
}

/** Starts a server; `handler` answers every request no route matches (default: 200 `{"ok":true}`). */
export function startServer(handler?: Handler, options?: ServerOptions): Promise<TestServer>;
