/**
 * What goes on the wire: methods, and headers / query / path / body with Static, Dynamic and Secret
 * values, checked byte for byte on a real local server, through n8n-core's real execution engine.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, params, runWorkflow, type RunOptions } from '../helpers/harness';
import { blockNetwork, nock, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';

const SECRETS = { 'Order API Key': 'sk_live_9f8e7d', 'Tenant ID': 'acme corp', 'Query Key': 'k/ey+1-query' };
const credentials = { redFlareSecretsApi: { vault: JSON.stringify(SECRETS) } };

let server: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer();
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

beforeEach(() => {
	server.requests.length = 0;
});

async function call(parameters: INodeParameters, items: IDataObject[], options: RunOptions = {}) {
	const result = await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: items, ...options });
	expect(result.error).toBeUndefined();
	return { result, outputs: result.outputOf('Webhook') };
}

describe('methods', () => {
	it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])('%s is sent with its method to the filled URL', async (method) => {
		const { outputs } = await call(
			{
				method,
				url: `${server.origin}/items/{item_id}`,
				dynamicParams: params({ name: 'item_id', dataType: 'integer' }, { name: 'label', required: false }),
				pathParams: fields({ name: 'item_id', dataType: 'integer' }),
				body: fields({ name: 'label' }),
			},
			[{ item_id: '42', label: 'blue' }],
		);
		expect(outputs).toEqual([{ ok: true, status: 200, data: { ok: true } }]);
		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expect(request.method).toBe(method);
		expect(request.url).toBe('/items/42');
		if (method === 'GET') {
			expect(request.body.length).toBe(0);
			expect(request.headers['content-type']).toBeUndefined();
		} else {
			expect(request.text).toBe('{"label":"blue"}');
			expect(request.headers['content-type']).toBe('application/json');
		}
	});
});

describe('headers', () => {
	it('sends Static, Dynamic and Secret header values as text', async () => {
		const { outputs } = await call(
			{
				method: 'GET',
				url: `${server.origin}/profile`,
				dynamicParams: params({ name: 'customer_id', dataType: 'integer' }, { name: 'vip', dataType: 'boolean' }),
				headers: fields(
					{ name: 'X-Client', valueType: 'static', value: 'redflare-agent' },
					{ name: 'X-Customer-Id', dataType: 'integer', dynamicParam: 'customer_id' },
					{ name: 'X-Vip', dataType: 'boolean', dynamicParam: 'vip' },
					{ name: 'X-Api-Key', valueType: 'secret', secretName: 'Order API Key' },
				),
			},
			[{ customer_id: 77, vip: 'yes' }],
		);
		expect(outputs[0]).toMatchObject({ ok: true, status: 200 });
		const [request] = server.requests;
		expect(request.headers['x-client']).toBe('redflare-agent');
		expect(request.headers['x-customer-id']).toBe('77');
		expect(request.headers['x-vip']).toBe('true');
		expect(request.headers['x-api-key']).toBe(SECRETS['Order API Key']);
		// Header names go out as the builder wrote them.
		expect(request.rawHeaders).toEqual(expect.arrayContaining(['X-Client', 'X-Customer-Id', 'X-Api-Key']));
	});
});

describe('query', () => {
	it('appends Static, Dynamic and Secret query values to the query written in the URL, percent-encoded', async () => {
		await call(
			{
				method: 'GET',
				url: `${server.origin}/search?fixed=1&x=a%20b`,
				dynamicParams: params({ name: 'q' }, { name: 'page', dataType: 'integer', required: false }),
				queryParams: fields(
					{ name: 'q' },
					{ name: 'limit', dataType: 'integer', valueType: 'static', value: '10' },
					{ name: 'api_key', valueType: 'secret', secretName: 'Query Key' },
					{ name: 'page', dataType: 'integer' },
				),
			},
			[{ q: 'hello world & more' }],
		);
		// `page` is optional and absent: left out.
		expect(server.requests[0].url).toBe('/search?fixed=1&x=a%20b&q=hello+world+%26+more&limit=10&api_key=k%2Fey%2B1-query');
	});
});

describe('path', () => {
	it('fills placeholders by name from Static, Dynamic and Secret values, encodes each as one segment, appends the rest in order', async () => {
		await call(
			{
				method: 'GET',
				url: `${server.origin}/v1/{tenant}/orders/{order}`,
				dynamicParams: params({ name: 'order_number' }),
				pathParams: fields(
					{ name: 'order', dynamicParam: 'order_number' },
					{ name: 'tenant', valueType: 'secret', secretName: 'Tenant ID' },
					{ name: 'view', valueType: 'static', value: 'details' },
				),
			},
			[{ order_number: 'A/B C' }],
		);
		expect(server.requests[0].url).toBe('/v1/acme%20corp/orders/A%2FB%20C/details');
	});

	it('refuses a value that would change the path: nothing is sent', async () => {
		const { outputs } = await call(
			{
				method: 'GET',
				url: `${server.origin}/orders/{order}`,
				dynamicParams: params({ name: 'order' }),
				pathParams: fields({ name: 'order' }),
			},
			[{ order: '..' }],
		);
		expect(outputs[0]).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
		expect(server.requests).toHaveLength(0);
	});
});

describe('body', () => {
	it('sends a typed JSON body: values keep their JSON type', async () => {
		await call(
			{
				method: 'POST',
				url: `${server.origin}/orders`,
				dynamicParams: params(
					{ name: 'qty', dataType: 'integer' },
					{ name: 'price', dataType: 'number' },
					{ name: 'gift', dataType: 'boolean' },
				),
				body: fields(
					{ name: 'qty', dataType: 'integer' },
					{ name: 'price', dataType: 'number' },
					{ name: 'gift', dataType: 'boolean' },
					{ name: 'note', valueType: 'static', value: 'x' },
				),
			},
			[{ qty: '2', price: ' 9.5 ', gift: 'yes' }],
		);
		const [request] = server.requests;
		expect(request.text).toBe('{"qty":2,"price":9.5,"gift":true,"note":"x"}');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['content-length']).toBe(String(request.body.length));
	});

	it('builds nested JSON from dotted names, with a Secret inside', async () => {
		await call(
			{
				method: 'PUT',
				url: `${server.origin}/customers`,
				dynamicParams: params({ name: 'email' }),
				body: fields(
					{ name: 'customer.email', dynamicParam: 'email' },
					{ name: 'customer.tenant', valueType: 'secret', secretName: 'Tenant ID' },
					{ name: 'source', valueType: 'static', value: 'agent' },
				),
			},
			[{ email: 'ann@example.com' }],
		);
		expect(server.requests[0].text).toBe('{"customer":{"email":"ann@example.com","tenant":"acme corp"},"source":"agent"}');
	});

	it('sends a form-urlencoded body (Stripe style), nested names as brackets', async () => {
		await call(
			{
				method: 'POST',
				url: `${server.origin}/v1/payment_intents`,
				dynamicParams: params({ name: 'amount', dataType: 'integer' }, { name: 'order_id' }),
				headers: fields({ name: 'Authorization', valueType: 'secret', secretName: 'Order API Key' }),
				bodyContentType: 'form',
				body: fields(
					{ name: 'amount', dataType: 'integer' },
					{ name: 'currency', valueType: 'static', value: 'usd' },
					{ name: 'metadata.order_id', dynamicParam: 'order_id' },
				),
			},
			[{ amount: 1999, order_id: 'A-1 & 2' }],
		);
		const [request] = server.requests;
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.text).toBe('amount=1999&currency=usd&metadata%5Border_id%5D=A-1+%26+2');
		expect(request.headers.authorization).toBe(SECRETS['Order API Key']);
	});

	it('always sends a body for a method with a Body section: {} when every field is absent', async () => {
		await call(
			{
				method: 'PATCH',
				url: `${server.origin}/orders/1`,
				dynamicParams: params({ name: 'note', required: false }),
				body: fields({ name: 'note' }),
			},
			[{ note: '' }],
		);
		expect(server.requests[0].text).toBe('{}');
	});

	it('hides the Body on a GET: rows left from another method are ignored, no body is sent', async () => {
		const { outputs } = await call(
			{
				method: 'GET',
				url: `${server.origin}/orders`,
				dynamicParams: params({ name: 'status' }),
				queryParams: fields({ name: 'status' }),
				bodyContentType: 'form',
				body: fields({ name: 'status' }, { name: 'leftover', valueType: 'static', value: 'x' }),
			},
			[{ status: 'open' }],
		);
		expect(outputs[0]).toMatchObject({ ok: true });
		const [request] = server.requests;
		expect(request.url).toBe('/orders?status=open');
		expect(request.body.length).toBe(0);
		expect(request.headers['content-type']).toBeUndefined();
	});
});

describe('where the dynamic values are read', () => {
	const base = {
		method: 'GET',
		url: `http://placeholder/orders/{id}`,
		dynamicParams: params({ name: 'id' }),
		pathParams: fields({ name: 'id' }),
	};

	it('reads `params` when the item has one (what the Tool Call node emits), else the top level', async () => {
		const url = `${server.origin}/orders/{id}`;
		await call({ ...base, url }, [{ params: { id: 'from-params' }, id: 'top-level-ignored' }, { id: 'top-level' }]);
		expect(server.requests.map((request) => request.url)).toEqual(['/orders/from-params', '/orders/top-level']);
	});

	it('follows the Dynamic Values Path option, parsing a JSON string there', async () => {
		const url = `${server.origin}/orders/{id}`;
		const { outputs } = await call({ ...base, url, options: { valuesPath: 'body.args' } }, [
			{ body: { args: { id: 'obj' } } },
			{ body: { args: '{"id":"json-text"}' } },
			{ body: {} },
		]);
		expect(server.requests.map((request) => request.url)).toEqual(['/orders/obj', '/orders/json-text']);
		expect(outputs[2]).toMatchObject({ ok: false, error: { code: 'missing_params', missing: ['id'] } });
	});
});

describe('through nock (no real network beyond 127.0.0.1)', () => {
	afterEach(() => nock.cleanAll());

	it('calls an https API with the secret header and typed query', async () => {
		const scope = nock('https://api.example.com', { reqheaders: { 'x-api-key': SECRETS['Order API Key'] } })
			.get('/orders/ORD-1')
			.query({ expand: 'true' })
			.reply(200, { status: 'shipped' });
		const { outputs } = await call(
			{
				method: 'GET',
				url: 'https://api.example.com/orders/{order}',
				dynamicParams: params({ name: 'order' }, { name: 'expand', dataType: 'boolean' }),
				pathParams: fields({ name: 'order' }),
				queryParams: fields({ name: 'expand', dataType: 'boolean' }),
				headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Order API Key' }),
			},
			[{ order: 'ORD-1', expand: 1 }],
		);
		expect(scope.isDone()).toBe(true);
		expect(outputs).toEqual([{ ok: true, status: 200, data: { status: 'shipped' } }]);
	});

	it('a host nock does not know is never reached: network_error, told to the agent', async () => {
		const { outputs } = await call({ method: 'GET', url: 'https://unknown.example.com/x' }, [{}]);
		expect(outputs[0]).toMatchObject({ ok: false, error: { code: 'network_error' } });
	});
});
