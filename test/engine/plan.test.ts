import { materialize, parseDefinition, planRequest, type DataType, type FieldDefinition, type Scalar, type WebhookDefinitionInput } from '../../engine';
import { build, definition, plan } from './helpers';

type Field = FieldDefinition;
// A Dynamic field with a data type of its own converts its param's value again (node version 1).
const dynamic = (name: string, dataType: DataType = 'string', dynamicParam?: string): Field => ({
	name,
	dataType,
	valueType: 'dynamic',
	...(dynamicParam ? { dynamicParam } : {}),
});
const fixed = (name: string, value: Scalar, dataType: DataType = 'string'): Field => ({ name, dataType, valueType: 'static', value });
const secret = (name: string, secretName: string, dataType: DataType = 'string'): Field => ({ name, dataType, valueType: 'secret', secretName });
const param = (name: string, dataType: DataType = 'string', required = false) => ({ name, dataType, required });

function planFailure(input: Partial<WebhookDefinitionInput>, values: Record<string, unknown> = {}) {
	const planned = planRequest(definition(input), values);
	expect(planned.ok).toBe(false);
	if (planned.ok) throw new Error('unreachable');
	return planned.error;
}

function buildFailure(input: Partial<WebhookDefinitionInput>, values: Record<string, unknown>, secrets: Record<string, string>) {
	const built = materialize(plan(input, values), new Map(Object.entries(secrets)));
	expect(built.ok).toBe(false);
	if (built.ok) throw new Error('unreachable');
	return built.error;
}

describe('required and optional dynamic values', () => {
	const lookup: Partial<WebhookDefinitionInput> = {
		dynamicParams: [param('order_id', 'string', true), param('email', 'string', true), param('page', 'integer')],
		query: [dynamic('order_id'), dynamic('email'), dynamic('page', 'integer')],
	};

	test('a missing required value stops the call and names it', () => {
		const error = planFailure(lookup, { email: 'a@b.c' });
		expect(error.code).toBe('missing_params');
		expect(error.toAgentError()).toEqual({ code: 'missing_params', message: expect.stringContaining('order_id'), missing: ['order_id'] });
	});

	test('every missing required value is listed, in declaration order', () => {
		const error = planFailure(lookup, {});
		expect(error.toAgentError().missing).toEqual(['order_id', 'email']);
		expect(error.message).toMatch(/order_id, email/);
	});

	test.each([undefined, null, ''])('a required value that is %p counts as missing', (value) => {
		expect(planFailure(lookup, { order_id: value, email: 'a@b.c' }).toAgentError().missing).toEqual(['order_id']);
	});

	test('missing takes precedence over invalid (the agent asks first)', () => {
		const error = planFailure(lookup, { email: 'a@b.c', page: 'two' });
		expect(error.code).toBe('missing_params');
	});

	test.each([undefined, null, ''])('an optional value that is %p leaves its field out', (value) => {
		const request = build(lookup, { order_id: 'A1', email: 'a@b.c', page: value });
		expect(request.url).toBe('https://api.example.com/orders?order_id=A1&email=a%40b.c');
	});

	test('an optional value that is present is sent', () => {
		expect(build(lookup, { order_id: 'A1', email: 'a@b.c', page: '2' }).url).toBe('https://api.example.com/orders?order_id=A1&email=a%40b.c&page=2');
	});

	test.each([0, false, ' '])('a falsy but present value %p is not absent', (value) => {
		const request = build({ dynamicParams: [param('v', 'string', true)], query: [dynamic('v')] }, { v: value });
		expect(request.url).toBe(`https://api.example.com/orders?v=${encodeURIComponent(String(value)).replace(/%20/g, '+')}`);
	});

	test('only declared params are read: extra values are ignored', () => {
		const request = build(lookup, { order_id: 'A1', email: 'a@b.c', admin: true });
		expect(request.url).not.toContain('admin');
	});

	test('a value inherited from the prototype is not a value', () => {
		const error = planFailure({ dynamicParams: [param('toString', 'string', true)], query: [dynamic('toString')] }, {});
		expect(error.toAgentError().missing).toEqual(['toString']);
	});
});

describe('invalid values', () => {
	test.each([
		['integer', '42.5'],
		['integer', 'abc'],
		['number', '12abc'],
		['number', 'Infinity'],
		['boolean', 'maybe'],
		['string', { nested: true }],
		['string', ['a']],
	] as const)('a %s param given %p is invalid_value, nothing planned', (dataType, value) => {
		const error = planFailure({ dynamicParams: [param('v', dataType, true)], query: [dynamic('v', dataType)] }, { v: value });
		expect(error.code).toBe('invalid_value');
		expect(error.message).toContain('v:');
	});

	test('every invalid value is named, each in the same words', () => {
		const error = planFailure(
			{ dynamicParams: [param('a', 'integer'), param('b', 'boolean')], query: [dynamic('a', 'integer'), dynamic('b', 'boolean')] },
			{ a: 'x', b: 'y' },
		);
		expect(error.code).toBe('invalid_value');
		expect(error.message).toBe('Invalid value for a: "x" is not a whole number. Invalid value for b: "y" is not true or false.');
	});

	test('a param that converts but does not fit the field type of its own (version 1) is invalid_value naming both', () => {
		const error = planFailure({ dynamicParams: [param('id', 'string', true)], query: [dynamic('id', 'integer')] }, { id: 'abc' });
		expect(error.code).toBe('invalid_value');
		expect(error.message).toBe('Invalid value for id (sent as the query param id): "abc" is not a whole number.');
	});

	test.each([
		['integer', 'abc'],
		['integer', 4.5],
		['number', 'ten'],
		['boolean', 'perhaps'],
		['boolean', 2],
	] as const)('a static %s value %p that does not convert is a config_error', (dataType, value) => {
		const error = planFailure({ query: [fixed('v', value, dataType)] });
		expect(error.code).toBe('config_error');
		expect(error.message).toMatch(/^The static value of the query param v does not fit its data type: /);
	});

	test.each([
		['integer', '7', 'v=7'],
		['number', ' 2.50 ', 'v=2.50'],
		['boolean', 'YES', 'v=true'],
		['boolean', 0, 'v=false'],
		['string', 12, 'v=12'],
	] as const)('a static %s value %p is converted, then sent as text', (dataType, value, query) => {
		expect(build({ query: [fixed('v', value, dataType)] }).url).toBe(`https://api.example.com/orders?${query}`);
	});
});

describe('path params', () => {
	test('placeholders are filled by name, not by order', () => {
		const request = build(
			{
				url: 'https://api.example.com/customers/{customer}/orders/{order}',
				dynamicParams: [param('order', 'integer', true), param('customer', 'string', true)],
				path: [dynamic('order', 'integer'), dynamic('customer')],
			},
			{ order: '42', customer: 'c-7' },
		);
		expect(request.url).toBe('https://api.example.com/customers/c-7/orders/42');
	});

	test('path params without a placeholder are appended as segments in the order added', () => {
		const request = build(
			{
				url: 'https://api.example.com/v1/{tenant}',
				dynamicParams: [param('a'), param('b'), param('tenant')],
				path: [dynamic('b'), fixed('tenant', 't1'), dynamic('a'), fixed('c', 3, 'integer')],
			},
			{ a: 'first', b: 'second' },
		);
		expect(request.url).toBe('https://api.example.com/v1/t1/second/first/3');
	});

	test.each([
		['https://api.example.com', 'https://api.example.com/x/y'],
		['https://api.example.com/', 'https://api.example.com/x/y'],
		['https://api.example.com/users', 'https://api.example.com/users/x/y'],
		['https://api.example.com/users/', 'https://api.example.com/users/x/y'],
		['https://api.example.com/users?active=1', 'https://api.example.com/users/x/y?active=1'],
	])('appending to %p gives %p', (url, expected) => {
		expect(build({ url, path: [fixed('one', 'x'), fixed('two', 'y')] }).url).toBe(expected);
	});

	test('an absent optional appended path param is skipped', () => {
		const request = build({ dynamicParams: [param('a'), param('b')], path: [dynamic('a'), dynamic('b')] }, { b: 'B' });
		expect(request.url).toBe('https://api.example.com/orders/B');
	});

	test('an absent optional value for a placeholder stops the call as missing', () => {
		const error = planFailure({ url: 'https://api.example.com/orders/{id}', dynamicParams: [param('id')], path: [dynamic('id')] }, {});
		expect(error.toAgentError()).toMatchObject({ code: 'missing_params', missing: ['id'] });
	});

	test.each([
		['a/b', 'a%2Fb'],
		['../admin', '..%2Fadmin'],
		['John Smith', 'John%20Smith'],
		['café', 'caf%C3%A9'],
		['😀', '%F0%9F%98%80'],
		['a?b=c#d', 'a%3Fb%3Dc%23d'],
		['100%', '100%25'],
		['x&y', 'x%26y'],
	])('the value %p is encoded as the one segment %p', (value, segment) => {
		const input = { url: 'https://api.example.com/orders/{id}/items', dynamicParams: [param('id', 'string', true)], path: [dynamic('id')] };
		const request = build(input, { id: value });
		expect(request.url).toBe(`https://api.example.com/orders/${segment}/items`);
		expect(new URL(request.url).host).toBe('api.example.com');
		expect(new URL(request.url).pathname.split('/')).toHaveLength(4);
	});

	test.each(['.', '..'])('a dynamic path value %p is refused as invalid_value', (value) => {
		for (const input of [
			{ url: 'https://api.example.com/orders/{id}', dynamicParams: [param('id', 'string', true)], path: [dynamic('id')] },
			{ url: 'https://api.example.com/orders', dynamicParams: [param('id', 'string', true)], path: [dynamic('id')] },
		]) {
			const error = planFailure(input, { id: value });
			expect(error.code).toBe('invalid_value');
			expect(error.message).toContain('id');
		}
	});

	test.each(['', '.', '..'])('a static path value %p is the builder\'s config_error, not the agent\'s invalid_value', (value) => {
		const planned = planRequest(definition({ path: [fixed('id', value)] }), {});
		expect(planned.ok).toBe(false);
		if (!planned.ok) expect(planned.error.code).toBe('config_error');
	});

	test('a placeholder without a Path Params row is filled by the Dynamic Param of its name', () => {
		const request = build({ url: 'https://api.example.com/orders/{order_id}', dynamicParams: [param('order_id', 'integer', true)] }, { order_id: '0042' });
		expect(request.url).toBe('https://api.example.com/orders/42');
		expect(planFailure({ url: 'https://api.example.com/orders/{order_id}', dynamicParams: [param('order_id')] }, {})).toMatchObject({ code: 'missing_params', missing: ['order_id'] });
	});

	test('a number path value travels as text', () => {
		const request = build(
			{ url: 'https://api.example.com/orders/{id}', dynamicParams: [param('id', 'number', true)], path: [dynamic('id', 'number')] },
			{ id: ' 1.50 ' },
		);
		// The caller's decimal text, trailing zero included.
		expect(request.url).toBe('https://api.example.com/orders/1.50');
	});

	test('a secret path value is encoded at send time, and a bad one is refused without showing it', () => {
		const input = { url: 'https://api.example.com/accounts/{account}', path: [secret('account', 'Account Id')] };
		expect(build(input, {}, { 'Account Id': 'acc/1-9f2e' }).url).toBe('https://api.example.com/accounts/acc%2F1-9f2e');
		const error = buildFailure(input, {}, { 'Account Id': '..' });
		expect(error.code).toBe('config_error');
		expect(error.message).toContain('account');
	});
});

describe('query', () => {
	test('the query written in the URL is kept and params are appended', () => {
		const request = build(
			{ url: 'https://api.example.com/search?api-version=2024-01-01&lang=en', dynamicParams: [param('q', 'string', true)], query: [dynamic('q'), fixed('limit', 10, 'integer')] },
			{ q: 'red shoes & socks' },
		);
		const url = new URL(request.url);
		expect(url.pathname).toBe('/search');
		expect([...url.searchParams]).toEqual([
			['api-version', '2024-01-01'],
			['lang', 'en'],
			['q', 'red shoes & socks'],
			['limit', '10'],
		]);
		expect(request.url.startsWith('https://api.example.com/search?api-version=2024-01-01&lang=en&')).toBe(true);
	});

	test('the URL query text is kept exactly as the builder wrote it', () => {
		const request = build({ url: 'https://api.example.com/odata/Orders?$top=5&flag&sig=a%2Fb', query: [fixed('x', 1, 'integer')] });
		expect(request.url).toBe('https://api.example.com/odata/Orders?$top=5&flag&sig=a%2Fb&x=1');
	});

	test('a URL without query and no params has no question mark', () => {
		expect(build({}).url).toBe('https://api.example.com/orders');
	});

	test('booleans and numbers are sent as text', () => {
		const request = build({
			dynamicParams: [param('active', 'boolean', true), param('min', 'number', true)],
			query: [dynamic('active', 'boolean'), dynamic('min', 'number')],
		}, { active: 'yes', min: '0.50' });
		expect(request.url).toBe('https://api.example.com/orders?active=true&min=0.50');
	});
});

describe('headers', () => {
	test('headers are sent as text, with a default Accept', () => {
		const request = build(
			{
				dynamicParams: [param('count', 'integer', true), param('beta', 'boolean', true)],
				headers: [fixed('X-Client', 'n8n'), dynamic('count', 'integer'), dynamic('beta', 'boolean')],
			},
			{ count: 3, beta: 1 },
		);
		expect(request.headers).toEqual({ 'X-Client': 'n8n', count: '3', beta: 'true', Accept: expect.stringContaining('application/json') });
		for (const value of Object.values(request.headers)) expect(typeof value).toBe('string');
	});

	test('the builder’s Accept header wins', () => {
		const request = build({ headers: [fixed('accept', 'text/csv')] });
		expect(request.headers).toEqual({ accept: 'text/csv' });
	});

	test.each(['a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\0b'])('a dynamic header value %p is refused as invalid_value when planned', (value) => {
		const input = { dynamicParams: [param('trace', 'string', true)], headers: [dynamic('trace')] };
		expect(planFailure(input, { trace: value }).code).toBe('invalid_value');
	});

	test('a secret header value with a line break is a config_error that does not show it', () => {
		const value = 'sk_live_abc\r\nX-Evil: 1';
		const error = buildFailure({ headers: [secret('Authorization', 'Key')] }, {}, { Key: value });
		expect(error.code).toBe('config_error');
		expect(error.message).not.toContain('sk_live_abc');
		expect(error.message).toContain('Authorization');
	});

	test('a static header value with a line break is the builder\'s config_error', () => {
		expect(planFailure({ headers: [fixed('X-A', 'a\r\nb')] }).code).toBe('config_error');
	});
});

describe('JSON body', () => {
	test('values keep their JSON types', () => {
		const request = build(
			{
				method: 'POST',
				dynamicParams: [param('qty', 'integer', true), param('price', 'number', true), param('gift', 'boolean', true), param('note', 'string', true)],
				body: [dynamic('qty', 'integer'), dynamic('price', 'number'), dynamic('gift', 'boolean'), dynamic('note'), fixed('code', 7, 'string')],
			},
			{ qty: '3', price: '9.99', gift: 'no', note: 12 },
		);
		expect(request.body).toBe('{"qty":3,"price":9.99,"gift":false,"note":"12","code":"7"}');
		expect(JSON.parse(request.body ?? '')).toStrictEqual({ qty: 3, price: 9.99, gift: false, note: '12', code: '7' });
		expect(request.headers['Content-Type']).toBe('application/json');
	});

	test('dot names build nested objects', () => {
		const request = build(
			{
				method: 'PUT',
				dynamicParams: [param('email', 'string', true)],
				body: [dynamic('customer.email', 'string', 'email'), fixed('customer.address.city', 'Oslo'), fixed('customer.vip', true, 'boolean'), fixed('source', 'agent')],
			},
			{ email: 'a@b.c' },
		);
		expect(JSON.parse(request.body ?? '')).toStrictEqual({ customer: { email: 'a@b.c', address: { city: 'Oslo' }, vip: true }, source: 'agent' });
	});

	test.each([
		[['a', 'a.b']],
		[['a.b', 'a']],
		[['a.b', 'a.b.c']],
	])('clashing names %p are a config_error when the definition is parsed', (names) => {
		const parsed = parseDefinition({ name: 'n', method: 'POST', url: 'https://api.example.com/orders', body: names.map((name) => fixed(name, 'x')) });
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error', message: expect.stringMatching(/clashes/) } });
	});

	test('a clash with an optional field is refused too: the definition could fail on any call', () => {
		const parsed = parseDefinition({ name: 'n', method: 'POST', url: 'https://api.example.com/orders', dynamicParams: [param('a')], body: [dynamic('a'), fixed('a.b', 'x')] });
		expect(parsed).toMatchObject({ ok: false, error: { code: 'config_error' } });
	});

	test.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('%s with every field absent still sends {}', (method) => {
		const request = build({ method, dynamicParams: [param('a')], body: [dynamic('a')] }, {});
		expect(request.body).toBe('{}');
		expect(request.headers['Content-Type']).toBe('application/json');
	});

	test('GET sends no body and no Content-Type', () => {
		const request = build({ method: 'GET' });
		expect(request.body).toBeUndefined();
		expect(Object.keys(request.headers).map((key) => key.toLowerCase())).not.toContain('content-type');
	});

	test('the builder’s Content-Type is kept', () => {
		const request = build({ method: 'POST', headers: [fixed('content-type', 'application/vnd.api+json')], body: [fixed('a', 1, 'integer')] });
		expect(request.headers['content-type']).toBe('application/vnd.api+json');
		expect(request.headers['Content-Type']).toBeUndefined();
		expect(request.body).toBe('{"a":1}');
	});

	test('a body secret keeps its data type', () => {
		const request = build(
			{ method: 'POST', body: [secret('auth.key', 'Key'), secret('auth.tenant', 'Tenant', 'integer')] },
			{},
			{ Key: 'sk_1_live_key', Tenant: '7700123456' },
		);
		expect(JSON.parse(request.body ?? '')).toStrictEqual({ auth: { key: 'sk_1_live_key', tenant: 7700123456 } });
	});

	test.each([
		['boolean', 'yes-indeed'],
		['integer', '0000000077'],
	] as const)('a %s secret sent as fewer than 8 characters is a config_error (it could not be redacted)', (dataType, value) => {
		const error = buildFailure({ method: 'POST', body: [secret('flag', 'Flag', dataType)] }, {}, { Flag: value });
		expect(error.code).toBe('config_error');
		expect(error.message).toContain('"Flag"');
		expect(error.message).not.toContain(value);
	});
});

describe('form-urlencoded body', () => {
	test('nested names become customer[email] and values are text', () => {
		const request = build(
			{
				method: 'POST',
				bodyContentType: 'form',
				dynamicParams: [param('email', 'string', true), param('amount', 'integer', true)],
				body: [dynamic('customer.email', 'string', 'email'), dynamic('amount', 'integer'), fixed('metadata.order.id', 'A 1'), fixed('capture', false, 'boolean')],
			},
			{ email: 'a+b@c.d', amount: '2000' },
		);
		expect(request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
		expect([...new URLSearchParams(request.body)]).toEqual([
			['customer[email]', 'a+b@c.d'],
			['amount', '2000'],
			['metadata[order][id]', 'A 1'],
			['capture', 'false'],
		]);
		expect(request.body).toBe('customer%5Bemail%5D=a%2Bb%40c.d&amount=2000&metadata%5Border%5D%5Bid%5D=A+1&capture=false');
	});

	test('an empty form body is sent as an empty string', () => {
		const request = build({ method: 'PATCH', bodyContentType: 'form', dynamicParams: [param('a')], body: [dynamic('a')] }, {});
		expect(request.body).toBe('');
		expect(request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
	});
});

describe('secrets in the plan', () => {
	const SECRET = 'sk_live_51SuperSecretValue';
	const input: Partial<WebhookDefinitionInput> = {
		method: 'POST',
		url: 'https://api.example.com/charges/{account}',
		headers: [secret('Authorization', 'Stripe API Key')],
		query: [secret('key', 'Stripe API Key')],
		path: [secret('account', 'Account')],
		body: [secret('token', 'Other', 'integer')],
	};

	test('the plan holds secret names only, each once, and no secret value', () => {
		const planned = plan(input);
		expect(planned.secretNames).toEqual(['Account', 'Stripe API Key', 'Other']);
		expect(planned.headers).toEqual([{ name: 'Authorization', value: { kind: 'secret', name: 'Stripe API Key', dataType: 'string' } }]);
		expect(planned.body?.fields).toEqual([{ name: 'token', value: { kind: 'secret', name: 'Other', dataType: 'integer' } }]);
		const text = JSON.stringify(planned);
		expect(text).not.toContain(SECRET);
		// The plan is pure data: it survives a JSON round trip unchanged.
		expect(JSON.parse(text)).toEqual(planned);
	});

	test('materialize drops the secrets in at the end', () => {
		const built = materialize(plan(input), new Map([['Stripe API Key', SECRET], ['Account', 'acct 1-7f3e'], ['Other', '+0550012345']]));
		expect(built).toEqual({
			ok: true,
			request: {
				method: 'POST',
				url: `https://api.example.com/charges/acct%201-7f3e?key=${SECRET}`,
				headers: { Authorization: SECRET, Accept: expect.any(String), 'Content-Type': 'application/json' },
				body: '{"token":550012345}',
			},
			// What the secrets were sent as, for redaction: the Integer secret reads differently.
			secretTexts: expect.arrayContaining([SECRET, 'acct 1-7f3e', '550012345']),
		});
	});

	test('a plan without secrets needs none', () => {
		expect(plan({ query: [fixed('a', 'b')] }).secretNames).toEqual([]);
	});

	test('a missing secret is a config_error naming it', () => {
		const built = materialize(plan(input), new Map([['Stripe API Key', SECRET], ['Account', 'acct-00001']]));
		expect(built.ok).toBe(false);
		if (built.ok) return;
		expect(built.error.code).toBe('config_error');
		expect(built.error.message).toContain('"Other"');
		expect(built.error.message).not.toContain(SECRET);
	});

	test.each([
		['integer', 'sk_notanumber_123'],
		['number', 'tok-9.5'],
		['boolean', 'sk_secret_bool'],
	] as const)('a %s secret that does not convert is a config_error without its value', (dataType, value) => {
		const error = buildFailure({ query: [secret('key', 'Key', dataType)] }, {}, { Key: value });
		expect(error.code).toBe('config_error');
		expect(error.message).toContain('"Key"');
		expect(error.message).not.toContain(value);
		expect(JSON.stringify(error.toAgentError())).not.toContain(value);
	});
});

describe('plan shape', () => {
	test('method, webhook name, timeout in ms and origin are carried', () => {
		const planned = plan({ name: 'crm_update', method: 'PATCH', timeoutSeconds: 25, url: 'http://crm.local:8080/api' });
		expect(planned).toMatchObject({ webhook: 'crm_update', method: 'PATCH', timeoutMs: 25000, origin: 'http://crm.local:8080', urlQuery: '' });
		expect(planned.body).toEqual({ contentType: 'json', fields: [] });
	});

	test('GET has no body in the plan', () => {
		expect(plan({ method: 'GET' }).body).toBeUndefined();
	});

	test('planning is pure: the same input plans the same way twice and the input is untouched', () => {
		const values = { id: '5' };
		const def = definition({ dynamicParams: [param('id', 'integer', true)], query: [dynamic('id', 'integer')] });
		const snapshot = JSON.stringify(def);
		const first = planRequest(def, values);
		const second = planRequest(def, values);
		expect(first).toEqual(second);
		expect(JSON.stringify(def)).toBe(snapshot);
		expect(values).toEqual({ id: '5' });
	});
});
