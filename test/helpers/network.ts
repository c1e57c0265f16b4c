/**
 * nock guard for node tests: no real network except the local test servers on 127.0.0.1.
 * (nock intercepts from the moment it is loaded, so tests that must see real sockets do not import this.)
 * Call in beforeAll/afterAll of a file; `afterEach(assertNoPendingMocks)` catches unused mocks.
 */
import nock from 'nock';

import { startServer, type Handler, type TestServer } from '../../scripts/test-server';

export function blockNetwork(): void {
	if (!nock.isActive()) nock.activate();
	nock.disableNetConnect();
	nock.enableNetConnect((host: string) => host === '127.0.0.1' || host.startsWith('127.0.0.1:'));
}

export function restoreNetwork(): void {
	nock.cleanAll();
	nock.enableNetConnect();
	nock.restore();
}

export { nock };

/**
 * One test server for a whole test file, with the network closed to all but 127.0.0.1: started before
 * the file's tests, closed after them, its request log emptied and `initial` made the fallback again
 * before each test. Returns a getter (the server exists only once the file's tests start).
 */
export function serverForFile(initial: Handler = { body: { ok: true } }): () => TestServer {
	let server: TestServer | undefined;
	beforeAll(async () => {
		blockNetwork();
		server = await startServer(initial);
	});
	afterAll(async () => {
		await server?.close();
		restoreNetwork();
	});
	beforeEach(() => {
		if (!server) return;
		server.requests.length = 0;
		server.fallback(initial);
	});
	return () => {
		if (!server) throw new Error('The test server starts with the first test of the file');
		return server;
	};
}
