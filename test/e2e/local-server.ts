/**
 * The end-to-end suites' view of the one test server (scripts/test-server.js): every request recorded,
 * answered by one handler function in a short form (a JSON or text body, a status, a delay, or never).
 */
import { startServer, type RecordedRequest, type Reply } from '../../scripts/test-server';

export type ReceivedRequest = RecordedRequest;

/** What to answer, after `delayMs` if given (a slow API); `hang` never answers. */
export type Answer = { status?: number; json?: unknown; text?: string; contentType?: string; delayMs?: number } | 'hang';

export interface LocalServer {
	origin: string;
	requests: ReceivedRequest[];
	close(): Promise<void>;
}

function reply(answer: Answer): Reply {
	if (answer === 'hang') return { hang: true };
	const { status = 200, json, text = '', contentType, delayMs } = answer;
	const body = json !== undefined ? JSON.stringify(json) : text;
	return { status, delayMs, body, headers: { 'Content-Type': contentType ?? (json !== undefined ? 'application/json' : 'text/plain') } };
}

export async function startLocalServer(handler: (request: ReceivedRequest) => Answer): Promise<LocalServer> {
	const server = await startServer((request) => {
		try {
			return reply(handler(request));
		} catch (error) {
			return { status: 599, body: String(error) };
		}
	});
	return { origin: server.origin, requests: server.requests, close: async () => await server.close() };
}
