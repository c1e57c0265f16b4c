/**
 * The local test server of a Webhook Tool test file. A module of its own: importing the nock guard
 * activates nock, so only files that also restore it (here, in afterAll) may import it.
 */
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';

/**
 * A local test server for the tests of the enclosing block (any other network blocked), its request
 * log emptied before each test. `setup` adds routes once it listens.
 */
export function useServer(setup: (server: TestServer) => void = () => undefined): () => TestServer {
	let server: TestServer | undefined;
	beforeAll(async () => {
		blockNetwork();
		server = await startServer();
		setup(server);
	});
	afterAll(async () => {
		await server?.close();
		restoreNetwork();
	});
	beforeEach(() => {
		if (server) server.requests.length = 0;
	});
	return () => {
		if (!server) throw new Error('the test server did not start');
		return server;
	};
}
