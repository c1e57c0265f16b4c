/**
 * Issue 10 in the Definition node, through n8n-core's real engine and the built package: version 2 takes
 * a Dynamic field's type from its param (version 1 is unchanged), a URL placeholder needs no Path Params
 * row, answers and HTTP error pages are sized for a voice agent, errors name the agent's argument and the
 * field it fed, and a parameter that cannot be read is a config_error, not a failed execution.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, params, runWorkflow, type RunResult } from '../helpers/harness';
import { serverForFile } from '../helpers/network';

const server = serverForFile();

async function run(parameters: INodeParameters, typeVersion: number, items: IDataObject[]): Promise<RunResult> {
	return await runWorkflow(definitionWorkflow(parameters, { typeVersion }), { triggerItems: items });
}

async function call(parameters: INodeParameters, typeVersion: number, items: IDataObject[]): Promise<IDataObject[]> {
	const result = await run(parameters, typeVersion, items);
	expect(result.error).toBeUndefined();
	return result.outputOf('Webhook');
}

const targets = () => server().requests.map((request) => `${request.method} ${request.url}`);

describe('say it once: a URL placeholder without a Path Params row is filled by the Dynamic Param of its name', () => {
	const lookup = (): INodeParameters => ({
		method: 'GET',
		url: `${server().origin}/orders/{order_number}/lines/{line}`,
		dynamicParams: params({ name: 'order_number', required: true }, { name: 'line', dataType: 'integer', required: false }),
	});

	it.each([1, 2])('version %i: converted by its type, encoded as one segment each', async (typeVersion) => {
		const [result] = await call(lookup(), typeVersion, [{ params: { order_number: 'A/1 b', line: '007' } }]);
		expect(result).toMatchObject({ ok: true, status: 200 });
		expect(targets()).toEqual(['GET /orders/A%2F1%20b/lines/7']);
	});

	it('required as the param says, and a placeholder cannot be left out: nothing is sent without its value', async () => {
		expect(await call(lookup(), 2, [{ params: { line: 1 } }, { params: { order_number: 'A-1' } }])).toEqual([
			{ ok: false, error: { code: 'missing_params', message: 'Missing required value: order_number. Ask the customer for it and try again.', missing: ['order_number'] } },
			{ ok: false, error: { code: 'missing_params', message: 'Missing required value: line. Ask the customer for it and try again.', missing: ['line'] } },
		]);
		expect(targets()).toEqual([]);
	});

	it('a row is needed only to fill it from elsewhere: a Static row of its name fills it', async () => {
		await call({ ...lookup(), pathParams: fields({ name: 'line', valueType: 'static', value: '3' }) }, 2, [{ params: { order_number: 'A-1', line: 9 } }]);
		expect(targets()).toEqual(['GET /orders/A-1/lines/3']);
	});
});

describe('one type per value', () => {
	// Rows as version 1 saved them: every Dynamic field has a Type of its own, here not its param's.
	const typedTwice = (): INodeParameters => ({
		method: 'GET',
		url: `${server().origin}/typed`,
		dynamicParams: params({ name: 'code' }, { name: 'qty', dataType: 'integer' }),
		headers: fields({ name: 'X-Code', dynamicParam: 'code', dataType: 'integer' }),
		queryParams: fields({ name: 'qty', dataType: 'boolean' }),
	});

	it('version 2: a Dynamic field is sent as its param’s type; a Type left on its row is not used', async () => {
		expect(await call(typedTwice(), 2, [{ params: { code: '007', qty: '2' } }])).toEqual([{ ok: true, status: 200, data: { ok: true } }]);
		const [request] = server().requests;
		expect(request.url).toBe('/typed?qty=2');
		expect(request.headers['x-code']).toBe('007');
	});

	it('version 1 is unchanged: the field’s own Type converts the param’s value again', async () => {
		expect(await call(typedTwice(), 1, [{ params: { code: '007', qty: '2' } }, { params: { code: '007', qty: 1 } }])).toEqual([
			{ ok: false, error: { code: 'invalid_value', message: 'Invalid value for qty (sent as the query param qty): 2 is not true or false.' } },
			{ ok: true, status: 200, data: { ok: true } },
		]);
		const [request] = server().requests;
		expect(request.url).toBe('/typed?qty=true');
		expect(request.headers['x-code']).toBe('7');
	});
});

describe('answers sized for a voice agent', () => {
	const items = Array.from({ length: 300 }, (_, index) => ({ sku: `SKU-${index}`, name: `Item number ${index}` }));
	const catalogue = () => ({ method: 'GET', url: `${server().origin}/catalogue` });
	const whole = JSON.stringify({ items });

	beforeEach(() => server().route('/catalogue', { body: { items } }));

	it('version 2 hands over 4,000 characters when Max Response Size for Agent is not set, and says so', async () => {
		const [result] = await call(catalogue(), 2, [{}]);
		expect(result).toEqual({
			ok: true,
			status: 200,
			data: `${whole.slice(0, 4000)}…`,
			note: `The response was truncated: showing the first 4000 of ${whole.length} characters.`,
		});
	});

	it('0 still means no limit', async () => {
		expect(await call({ ...catalogue(), options: { maxResultChars: 0 } }, 2, [{}])).toEqual([{ ok: true, status: 200, data: { items } }]);
	});

	it('version 1 hands over everything when the option is not set', async () => {
		expect(await call(catalogue(), 1, [{}])).toEqual([{ ok: true, status: 200, data: { items } }]);
	});

	const page = [
		'<!DOCTYPE html><html><head><title>502 Bad Gateway</title>',
		'<style>body { font-family: sans-serif } .x { color: red }</style>',
		'<script>window.__boot = {"trace": "abc"};</script></head>',
		'<body><h1>Bad Gateway</h1><p>The upstream server did not answer &mdash; please try again &amp; wait.</p>',
		`<!-- ${'padding '.repeat(2000)} -->`,
		`<footer>${'Contact support. '.repeat(100)}</footer></body></html>`,
	].join('\n');

	it('version 2: an HTML error page is handed over as the text a reader sees, a few sentences at most', async () => {
		server().route('/broken', { status: 502, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: page });
		const [result] = await call({ method: 'GET', url: `${server().origin}/broken` }, 2, [{}]);
		const error = (result.error ?? {}) as IDataObject;
		expect(error).toMatchObject({ code: 'http_error', status: 502 });
		const details = error.details as string;
		expect(details.startsWith('502 Bad Gateway Bad Gateway The upstream server did not answer — please try again & wait. Contact support. Contact support.')).toBe(true);
		expect(details.length).toBe(501);
		expect(details.endsWith('…')).toBe(true);
		expect(details).not.toMatch(/<|__boot|font-family|padding/);
	});

	it('version 2: a short JSON error body stays JSON', async () => {
		server().route('/missing', { status: 404, body: { error: 'order_not_found', message: 'There is no order A-9.' } });
		expect(await call({ method: 'GET', url: `${server().origin}/missing` }, 2, [{}])).toEqual([
			{
				ok: false,
				error: {
					code: 'http_error',
					message: 'The "test_webhook" service answered with HTTP 404 (Not Found); the call did not succeed.',
					status: 404,
					details: { error: 'order_not_found', message: 'There is no order A-9.' },
				},
			},
		]);
	});

	it('version 1 hands the page over whole', async () => {
		server().route('/broken', { status: 502, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: page });
		const [result] = await call({ method: 'GET', url: `${server().origin}/broken` }, 1, [{}]);
		expect((result.error as IDataObject).details).toBe(page);
	});
});

describe('errors in the agent’s terms', () => {
	it('a value a header cannot carry names the argument the agent sent and the field it fed', async () => {
		const noted = { method: 'GET', url: `${server().origin}/noted`, dynamicParams: params({ name: 'note' }), headers: fields({ name: 'X-Note', dynamicParam: 'note' }) };
		expect(await call(noted, 2, [{ params: { note: 'first line\nsecond line' } }])).toEqual([
			{ ok: false, error: { code: 'invalid_value', message: 'Invalid value for note (sent as the header X-Note): it contains a line break.' } },
		]);
		expect(targets()).toEqual([]);
	});
});

describe('a parameter that cannot be read', () => {
	// Item 0 reads a URL; for item 1 the expression names a node the workflow does not have.
	const flaky = (): INodeParameters => ({ method: 'GET', url: `={{ $json.known ? "${server().origin}/known" : $('No Such Node').item.json.url }}` });
	const message = 'The parameter "URL" could not be read: Referenced node doesn\'t exist';

	it.each([1, 2])('version %i, Return Error to Agent: that item answers config_error naming the parameter; the others are sent', async (typeVersion) => {
		expect(await call(flaky(), typeVersion, [{ known: true }, { known: false, toolCallId: 'tc-2' }])).toEqual([
			{ ok: true, status: 200, data: { ok: true } },
			{ ok: false, error: { code: 'config_error', message }, toolCallId: 'tc-2' },
		]);
		expect(targets()).toEqual(['GET /known']);
	});

	it('Fail the Execution: the execution fails on that item with the config_error', async () => {
		const result = await run({ ...flaky(), options: { onFailure: 'fail', maxParallelCalls: 1 } }, 2, [{ known: true }, { known: false }]);
		expect(result.error?.message).toBe(message);
		expect(result.nodeError('Webhook')).toMatchObject({ message, context: { itemIndex: 1 } });
	});

	it('an option that cannot be read is the same', async () => {
		const options = { maxResultChars: "={{ $('No Such Node').item.json.size }}" };
		expect(await call({ method: 'GET', url: `${server().origin}/known`, options }, 2, [{}])).toEqual([
			{ ok: false, error: { code: 'config_error', message: 'The Options could not be read: Referenced node doesn\'t exist' } },
		]);
		expect(targets()).toEqual([]);
	});
});
