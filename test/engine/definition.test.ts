import {
	ConfigError,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_TIMEOUT_SECONDS,
	MIN_TIMEOUT_SECONDS,
	METHODS,
	dynamicParamOf,
	parseDefinition,
	parseUrlTemplate,
	placeholderNames,
	encodeSegment,
} from '../../engine';

const base = { name: 'order_lookup', method: 'GET', url: 'https://api.example.com/orders' };

function refusal(input: unknown): string {
	const parsed = parseDefinition(input);
	expect(parsed.ok).toBe(false);
	if (parsed.ok) return '';
	expect(parsed.error).toBeInstanceOf(ConfigError);
	expect(parsed.error.code).toBe('config_error');
	return parsed.error.message;
}

const dyn = (name: string, extra: Record<string, unknown> = {}) => ({ name, dataType: 'string', ...extra });

describe('parseDefinition: defaults', () => {
	test('fills description, timeout, sections, content type and dynamic params', () => {
		const parsed = parseDefinition(base);
		expect(parsed).toEqual({
			ok: true,
			definition: {
				name: 'order_lookup',
				description: '',
				method: 'GET',
				url: 'https://api.example.com/orders',
				timeoutSeconds: 10,
				headers: [],
				query: [],
				path: [],
				body: [],
				bodyContentType: 'json',
				dynamicParams: [],
			},
		});
		expect(DEFAULT_TIMEOUT_SECONDS).toBe(10);
		expect([MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS]).toEqual([1, 300]);
	});

	test('a dynamic param is optional by default and keeps its description', () => {
		const parsed = parseDefinition({ ...base, dynamicParams: [{ name: 'order_id', dataType: 'integer', description: 'The order number' }] });
		expect(parsed.ok && parsed.definition.dynamicParams).toEqual([
			{ name: 'order_id', dataType: 'integer', description: 'The order number', required: false },
		]);
	});

	test('a dynamic field is filled by its own name unless it names another param', () => {
		expect(dynamicParamOf({ name: 'id', dataType: 'string', valueType: 'dynamic' })).toBe('id');
		expect(dynamicParamOf({ name: 'id', dataType: 'string', valueType: 'dynamic', dynamicParam: 'order_id' })).toBe('order_id');
	});
});

describe('parseDefinition: timeout', () => {
	test.each([1, 10, 45.5, 300])('accepts %p s', (timeoutSeconds) => {
		const parsed = parseDefinition({ ...base, timeoutSeconds });
		expect(parsed.ok && parsed.definition.timeoutSeconds).toBe(timeoutSeconds);
	});
	test.each([0, 0.5, -1, 301, 1000, '10', Number.NaN])('refuses %p', (timeoutSeconds) => {
		expect(refusal({ ...base, timeoutSeconds })).toMatch(/timeoutSeconds/);
	});
	test('the bounds are named in the message', () => {
		expect(refusal({ ...base, timeoutSeconds: 0 })).toMatch(/at least 1 s/);
		expect(refusal({ ...base, timeoutSeconds: 301 })).toMatch(/at most 300 s/);
	});
});

describe('parseDefinition: methods', () => {
	test.each([...METHODS])('accepts %s', (method) => {
		const parsed = parseDefinition({ ...base, method });
		expect(parsed.ok && parsed.definition.method).toBe(method);
	});
	test.each(['get', 'HEAD', 'OPTIONS', 'CONNECT', '', 42])('refuses %p', (method) => {
		expect(refusal({ ...base, method })).toMatch(/method/);
	});
	test('the seed lists exactly GET, POST, PUT, PATCH, DELETE', () => {
		expect([...METHODS].sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
	});
});

describe('parseDefinition: refusals', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['no name', { name: '' }, /name/],
		['a blank name', { name: '   ' }, /name/],
		['a name over 64 characters', { name: 'n'.repeat(65) }, /64/],
		['no URL', { url: '' }, /url/],
		['a non-object input', { name: undefined }, /name/],
		['an unknown data type', { query: [{ name: 'q', dataType: 'date', valueType: 'static', value: 'x' }] }, /dataType/],
		['an unknown value type', { query: [{ name: 'q', dataType: 'string', valueType: 'env', value: 'x' }] }, /valueType/],
		['an unknown body content type', { method: 'POST', bodyContentType: 'xml' }, /bodyContentType/],
		['a field without a name', { query: [{ name: ' ', dataType: 'string', valueType: 'static', value: 'x' }] }, /query\.0\.name/],
		['a Static field without a value', { query: [{ name: 'q', dataType: 'string', valueType: 'static' }] }, /Static field needs a value/],
		['a Secret field without a secret name', { headers: [{ name: 'Authorization', dataType: 'string', valueType: 'secret' }] }, /Secret field needs a secret name/],
		['a Secret field with a blank secret name', { headers: [{ name: 'Authorization', dataType: 'string', valueType: 'secret', secretName: '  ' }] }, /secret name/],
		['a dynamic param with a space in its name', { dynamicParams: [dyn('order id')] }, /dynamicParams\.0\.name/],
		['duplicate dynamic params', { dynamicParams: [dyn('order_id'), dyn('order_id')] }, /Dynamic Params: the name "order_id" is used more than once/],
		[
			'duplicate query names',
			{ query: [{ name: 'page', dataType: 'integer', valueType: 'static', value: 1 }, { name: 'page', dataType: 'integer', valueType: 'static', value: 2 }] },
			/Query Params: the name "page" is used more than once/,
		],
		[
			'duplicate header names differing only in case',
			{
				headers: [
					{ name: 'X-Api-Key', dataType: 'string', valueType: 'static', value: 'a' },
					{ name: 'x-api-key', dataType: 'string', valueType: 'static', value: 'b' },
				],
			},
			/Headers: the name "x-api-key" is used more than once/,
		],
		[
			'duplicate path params',
			{
				url: 'https://api.example.com/orders/{id}',
				path: [{ name: 'id', dataType: 'string', valueType: 'static', value: 'a' }, { name: 'id', dataType: 'string', valueType: 'static', value: 'b' }],
			},
			/Path Params: the name "id" is used more than once/,
		],
		[
			'duplicate body names',
			{
				method: 'POST',
				body: [{ name: 'email', dataType: 'string', valueType: 'static', value: 'a' }, { name: 'email', dataType: 'string', valueType: 'static', value: 'b' }],
			},
			/Body: the name "email" is used more than once/,
		],
		[
			'a dynamic field whose param is not declared',
			{ query: [{ name: 'q', dataType: 'string', valueType: 'dynamic' }] },
			/Query Params: "q" is filled by the dynamic param "q", which is not declared/,
		],
		[
			'a dynamic field naming an undeclared param',
			{ dynamicParams: [dyn('q')], query: [{ name: 'q', dataType: 'string', valueType: 'dynamic', dynamicParam: 'search' }] },
			/dynamic param "search", which is not declared/,
		],
		['a body on GET', { method: 'GET', body: [{ name: 'a', dataType: 'string', valueType: 'static', value: 'x' }] }, /Body: a GET request has no body/],
		['a header name with a space', { headers: [{ name: 'X Key', dataType: 'string', valueType: 'static', value: 'x' }] }, /"X Key" is not a valid header name/],
		['a header name with a colon', { headers: [{ name: 'X-Key:', dataType: 'string', valueType: 'static', value: 'x' }] }, /not a valid header name/],
		['a header name with non-ASCII', { headers: [{ name: 'X-Clé', dataType: 'string', valueType: 'static', value: 'x' }] }, /not a valid header name/],
		['a body name __proto__', { method: 'POST', body: [{ name: '__proto__', dataType: 'string', valueType: 'static', value: 'x' }] }, /Body: "__proto__" is not a valid field name/],
		['a nested body name __proto__', { method: 'POST', body: [{ name: 'customer.__proto__.admin', dataType: 'boolean', valueType: 'static', value: true }] }, /not a valid field name/],
		['a body name constructor.prototype', { method: 'PUT', body: [{ name: 'constructor.prototype', dataType: 'string', valueType: 'static', value: 'x' }] }, /not a valid field name/],
		['a body name with an empty segment', { method: 'PATCH', body: [{ name: 'customer..email', dataType: 'string', valueType: 'static', value: 'x' }] }, /not a valid field name/],
		['a body name ending in a dot', { method: 'POST', body: [{ name: 'customer.', dataType: 'string', valueType: 'static', value: 'x' }] }, /not a valid field name/],
		['a placeholder in the host', { url: 'https://{tenant}.example.com/orders' }, /placeholders\} are allowed in the path only/],
		['a placeholder in the port', { url: 'https://api.example.com:{port}/orders' }, /path only/],
		['a placeholder in the query', { url: 'https://api.example.com/orders?id={id}' }, /path only/],
		['a placeholder in user info', { url: 'https://{user}@api.example.com/orders' }, /user name or password/],
		['an ftp URL', { url: 'ftp://files.example.com/x' }, /must start with http:\/\/ or https:\/\//],
		['a javascript: URL', { url: 'javascript:alert(1)' }, /http/],
		['a relative URL', { url: '/orders' }, /http/],
		['a URL without a host', { url: 'https:///orders' }, /host/],
		['a URL with an invalid host', { url: 'https://exa mple.com/x' }, /invalid host/],
		['an unmatched brace in the path', { url: 'https://api.example.com/orders/{id' }, /brace/],
	];

	test.each(cases)('%s', (_label, patch, message) => {
		expect(refusal({ ...base, ...patch })).toMatch(message);
	});

	test('every problem is listed in one error', () => {
		const message = refusal({
			...base,
			method: 'GET',
			url: 'https://{host}/x',
			dynamicParams: [dyn('a'), dyn('a')],
			headers: [{ name: 'Bad Header', dataType: 'string', valueType: 'static', value: 'x' }],
			body: [{ name: 'b', dataType: 'string', valueType: 'static', value: 'x' }],
		});
		expect(message).toMatch(/"a" is used more than once/);
		expect(message).toMatch(/not a valid header name/);
		expect(message).toMatch(/GET request has no body/);
		expect(message).toMatch(/path only/);
		expect(message).toContain('order_lookup');
	});

	test.each([null, undefined, 'text', 42, []])('refuses a non-object %p', (input) => {
		expect(refusal(input)).toMatch(/not configured correctly/);
	});
});

describe('parseDefinition: accepted shapes', () => {
	test.each([
		['http URL', { url: 'http://localhost:8080/hook' }],
		['URL with a query and a fragment', { url: 'https://api.example.com/orders?expand=items#top' }],
		['placeholders in the path', { url: 'https://api.example.com/customers/{customer_id}/orders/{order.id}', path: [
			{ name: 'customer_id', dataType: 'string', valueType: 'static', value: 'c1' },
			{ name: 'order.id', dataType: 'integer', valueType: 'static', value: 5 },
		] }],
		['dotted body names', { method: 'POST', body: [
			{ name: 'customer.email', dataType: 'string', valueType: 'static', value: 'a@b.c' },
			{ name: 'customer.name', dataType: 'string', valueType: 'static', value: 'Ann' },
		] }],
		['the same name in two sections', { method: 'POST', dynamicParams: [dyn('id')], query: [{ name: 'id', dataType: 'string', valueType: 'dynamic' }], body: [{ name: 'id', dataType: 'string', valueType: 'dynamic' }] }],
		['headers differing by more than case', { headers: [
			{ name: 'X-Key', dataType: 'string', valueType: 'static', value: 'a' },
			{ name: 'X-Key-2', dataType: 'string', valueType: 'static', value: 'b' },
		] }],
		['two fields filled by the same dynamic param', { dynamicParams: [dyn('id')], query: [
			{ name: 'id', dataType: 'string', valueType: 'dynamic' },
			{ name: 'ref', dataType: 'string', valueType: 'dynamic', dynamicParam: 'id' },
		] }],
		['an empty Body on DELETE', { method: 'DELETE' }],
	])('%s', (_label, patch) => {
		const parsed = parseDefinition({ ...base, ...patch });
		if (!parsed.ok) throw new Error(parsed.error.message);
		expect(parsed.ok).toBe(true);
	});

	test('names are trimmed', () => {
		const parsed = parseDefinition({ ...base, query: [{ name: ' page ', dataType: 'integer', valueType: 'static', value: 1 }] });
		expect(parsed.ok && parsed.definition.query[0].name).toBe('page');
	});
});

describe('parseUrlTemplate', () => {
	test('splits origin, path parts and query', () => {
		const parsed = parseUrlTemplate('HTTPS://api.example.com:8443/v1/users/{user_id}/orders/{id}.json?expand=items&x=1#frag');
		expect(parsed).toEqual({
			ok: true,
			template: {
				origin: 'https://api.example.com:8443',
				path: [
					{ kind: 'text', text: '/v1/users/' },
					{ kind: 'placeholder', name: 'user_id' },
					{ kind: 'text', text: '/orders/' },
					{ kind: 'placeholder', name: 'id' },
					{ kind: 'text', text: '.json' },
				],
				query: 'expand=items&x=1',
			},
		});
		if (parsed.ok) expect(placeholderNames(parsed.template)).toEqual(['user_id', 'id']);
	});

	test('a URL without a path has no parts', () => {
		expect(parseUrlTemplate('https://api.example.com')).toEqual({
			ok: true,
			template: { origin: 'https://api.example.com', path: [], query: '' },
		});
	});

	test.each(['https://{a}.example.com', 'https://example.com:{p}', 'https://example.com/x?{q}', 'https://example.com/x?a={b}', 'mailto:a@b.c', 'file:///etc/passwd', ''])(
		'refuses %p with a config_error',
		(url) => {
			const parsed = parseUrlTemplate(url);
			expect(parsed.ok).toBe(false);
			if (!parsed.ok) expect(parsed.error.code).toBe('config_error');
		},
	);
});

describe('encodeSegment', () => {
	test.each([
		['abc', 'abc'],
		['a/b', 'a%2Fb'],
		['a b', 'a%20b'],
		['a?b#c', 'a%3Fb%23c'],
		['%2e%2e', '%252e%252e'],
		['...', '...'],
		['.x', '.x'],
		['café', 'caf%C3%A9'],
		['日本', '%E6%97%A5%E6%9C%AC'],
		['a\\b', 'a%5Cb'],
	])('%p → %p', (value, segment) => {
		expect(encodeSegment(value)).toEqual({ ok: true, segment });
	});
	test.each(['', '.', '..'])('refuses %p', (value) => {
		expect(encodeSegment(value).ok).toBe(false);
	});
});
