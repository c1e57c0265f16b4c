/**
 * Connection reuse (keep-alive), as n8n-core 2.41.1 allows it to a node that sends through
 * `this.helpers.httpRequest` — the only way that keeps the instance's proxy and SSRF egress rules.
 *
 * What n8n does (read from @n8n/backend-network 1.15.1, which `helpers.httpRequest` calls through
 * `OutboundHttp.requests().request`): every request goes through http/axios/request.js, whose
 * `setAxiosAgents` builds NEW agents for that one request (`buildNodeAgents`): an `EnvProxyHttpAgent`
 * that routes by HTTP(S)_PROXY / NO_PROXY, with the SSRF policy's secure DNS lookup and a
 * connection guard installed on the agent itself. So the egress rules live in the per-request agent:
 * a home-made keep-alive agent would skip them (and the house rule is HTTP only through the helper).
 * The helper's own `agentOptions.keepAlive` is passed to that fresh agent, which no later request
 * uses: no connection is reused, and the idle socket is merely left open. Hence the Definition node
 * asks for no keep-alive. These tests pin that finding, so an n8n that starts sharing agents shows up.
 *
 * No nock here: its interceptor replaces the request's agent, which is the thing under test.
 */
import type { INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, params, runWorkflow } from '../helpers/harness';
import { startServer, type TestServer } from '../../scripts/test-server';

let server: TestServer;

// A server of its own for each test: idle connections left by one must not count in the next.
beforeEach(async () => {
	server = await startServer({ body: { ok: true } });
});

afterEach(async () => {
	await server.close();
});

const distinctConnections = () => new Set(server.requests.map((request) => request.remotePort)).size;

async function untilNoConnection(): Promise<void> {
	const giveUp = Date.now() + 5000;
	while (server.openConnections() > 0 && Date.now() < giveUp) await new Promise((done) => setTimeout(done, 5));
}

it('n8n’s request helper with agentOptions.keepAlive still opens a new connection for every call, and leaves the idle ones open', async () => {
	const probe = { nodes: [{ name: 'Probe', type: 'test.httpProbe' }], connections: {} };
	const result = await runWorkflow(probe, {
		triggerItems: Array.from({ length: 5 }, (_, call) => ({ url: `${server.origin}/call/${call}`, agentOptions: { keepAlive: true } })),
	});

	expect(result.error).toBeUndefined();
	expect(server.requests).toHaveLength(5);
	expect(server.requests.every((request) => request.headers.connection === 'keep-alive')).toBe(true);
	// One TCP connection per call although each asked to be kept alive...
	expect(distinctConnections()).toBe(5);
	// ...and each of them still open, idle, in an agent nothing will use again.
	expect(server.openConnections()).toBe(5);
});

it('the Definition node sends each call on its own connection, closed after the answer', async () => {
	const parameters: INodeParameters = {
		webhookName: 'lookup',
		method: 'GET',
		url: `${server.origin}/orders/{id}`,
		dynamicParams: params({ name: 'id', dataType: 'integer' }),
		pathParams: fields({ name: 'id', dataType: 'integer' }),
		options: { maxParallelCalls: 1 },
	};
	const result = await runWorkflow(definitionWorkflow(parameters), { triggerItems: Array.from({ length: 5 }, (_, id) => ({ id })) });

	expect(result.outputOf('Webhook').every((json) => json.ok === true)).toBe(true);
	expect(server.requests.every((request) => request.headers.connection === 'close')).toBe(true);
	expect(distinctConnections()).toBe(5);
	await untilNoConnection();
	expect(server.openConnections()).toBe(0);
});
