/**
 * The Definition node sends through n8n's request helper (`this.helpers.httpRequest`), so the
 * instance's outbound proxy applies to it as it does to n8n's own HTTP Request node. Run through
 * n8n-core's real engine with the node loaded from dist/ (run `npm run build` first).
 *
 * How n8n-core 2.41.1 picks up the proxy: `helpers.httpRequest` goes to @n8n/backend-network's
 * `OutboundHttp.requests().request`, which gives every axios request an `EnvProxyHttpAgent` /
 * `EnvProxyHttpsAgent` (http/axios/utils.js setAxiosAgents → node-agents.js buildNodeAgents 'env').
 * For each request that agent asks proxy-from-env (env-proxy-router.js) for the target URL's proxy,
 * reading `http_proxy`/`HTTP_PROXY` (`https_proxy`, `all_proxy`, `npm_config_*proxy`) and
 * `no_proxy`/`NO_PROXY` at that moment, and hands the request to an http-proxy-agent for it, which
 * sends the absolute-URI request line to the proxy. Nothing is cached at load time, so setting the
 * variables in this process while the tests run is how an instance configured with them behaves.
 *
 * No nock here (unlike the other node tests): nock 14's interceptor (@mswjs/interceptors) swaps the
 * request's agent for its own, so n8n's proxy agent would never be asked and the call would go
 * straight to the target. Every request in this file goes to the two local servers on 127.0.0.1;
 * the target host is under `.test` (RFC 2606), which never resolves.
 */
import type { INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, params, runWorkflow } from '../helpers/harness';
import { startServer, type TestServer } from '../../scripts/test-server';

const SECRET = 'sk_test_proxy_5f19a3';
const credentials = { redFlareSecretsApi: { vault: JSON.stringify({ 'Orders API Key': SECRET }) } };
/** Never resolves: only the proxy can answer for it. */
const TARGET_HOST = 'orders.redflare.test';

/** Every variable proxy-from-env 1.1 (the one @n8n/backend-network uses) reads, both cases. */
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'npm_config_http_proxy', 'npm_config_https_proxy', 'npm_config_proxy', 'npm_config_no_proxy'].flatMap(
	(name) => [name, name.toUpperCase()],
);
const savedEnvironment = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

function clearProxyEnvironment(): void {
	for (const name of PROXY_VARIABLES) delete process.env[name];
}

function restoreProxyEnvironment(): void {
	for (const [name, value] of savedEnvironment) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
}

/**
 * The forward proxy stand-in: the shared test server records each request target as received (an
 * absolute URI for a proxied http:// request), which no route matches, so its fallback answers.
 */
let proxy: TestServer;
/** A server reached directly (not through the proxy), for the NO_PROXY check. */
let direct: TestServer;

beforeAll(async () => {
	proxy = await startServer({ body: { order: 'A-1', status: 'shipped', answeredBy: 'proxy' } });
	direct = await startServer({ body: { order: 'A-1', answeredBy: 'direct' } });
});

afterAll(async () => {
	await proxy.close();
	await direct.close();
	restoreProxyEnvironment();
});

beforeEach(() => {
	proxy.requests.length = 0;
	direct.requests.length = 0;
	clearProxyEnvironment();
});

afterEach(() => {
	clearProxyEnvironment();
});

const lookup = (origin: string): INodeParameters => ({
	method: 'GET',
	url: `${origin}/orders/{id}`,
	timeout: 5,
	dynamicParams: params({ name: 'id', required: true }),
	pathParams: fields({ name: 'id' }),
	headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Orders API Key' }),
});

async function callLookup(origin = `http://${TARGET_HOST}`) {
	const result = await runWorkflow(definitionWorkflow(lookup(origin)), { credentials, triggerItems: [{ id: 'A-1' }] });
	expect(result.error).toBeUndefined();
	expect(JSON.stringify(result.runData)).not.toContain(SECRET);
	return result.outputOf('Webhook');
}

describe('the instance proxy (HTTP_PROXY) applies to the Definition node', () => {
	it('a call to a host only the proxy can reach goes to the proxy with the absolute URI and the secret header: ok', async () => {
		process.env.HTTP_PROXY = proxy.origin;

		expect(await callLookup()).toEqual([{ ok: true, status: 200, data: { order: 'A-1', status: 'shipped', answeredBy: 'proxy' } }]);
		expect(proxy.requests.map((request) => `${request.method} ${request.url}`)).toEqual([`GET http://${TARGET_HOST}/orders/A-1`]);
		expect(proxy.requests[0].headers.host).toBe(TARGET_HOST);
		expect(proxy.requests[0].headers['x-api-key']).toBe(SECRET);
	});

	it('the variables are read at each request, and NO_PROXY is honoured: the same call proxied, then sent directly', async () => {
		process.env.HTTP_PROXY = proxy.origin;
		expect(await callLookup(direct.origin)).toEqual([{ ok: true, status: 200, data: expect.objectContaining({ answeredBy: 'proxy' }) }]);
		expect(proxy.requests.map((request) => `${request.method} ${request.url}`)).toEqual([`GET ${direct.origin}/orders/A-1`]);
		expect(direct.requests).toHaveLength(0);

		proxy.requests.length = 0;
		process.env.NO_PROXY = '127.0.0.1';
		expect(await callLookup(direct.origin)).toEqual([{ ok: true, status: 200, data: { order: 'A-1', answeredBy: 'direct' } }]);
		expect(proxy.requests).toHaveLength(0);
		expect(direct.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /orders/A-1']);
		expect(direct.requests[0].headers['x-api-key']).toBe(SECRET);
	});
});
