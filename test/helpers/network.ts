/**
 * nock guard for node tests: no real network except the local test servers on 127.0.0.1.
 * Call in beforeAll/afterAll of a file; `afterEach(assertNoPendingMocks)` catches unused mocks.
 */
import nock from 'nock';

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
