/**
 * Issue 8 through the node in n8n-core's engine: faulty servers on 127.0.0.1 echo the secret in every
 * form (escaped slashes, \u escapes, HTML entities, base64, a number, a long body cut by each cap) or
 * answer something that used to crash the execution (a response 5,000 levels deep). With On Failure
 * both ways, nothing of the secret reaches the output, the error or the stored run data.
 */
import type { INodeParameters } from 'n8n-workflow';

import { definitionWorkflow, fields, params, runWorkflow } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { ECHO_FORMS, leaksInJson } from '../helpers/secret-forms';
import { startServer, type TestServer } from '../../scripts/test-server';

const SECRET = 'sk_live/Qx+9 "kÉy"&Zr81';
const PIN = '8817263545109';
const credentials = { redFlareSecretsApi: { vault: JSON.stringify({ 'Api Key': SECRET, Pin: PIN }) } };

let server: TestServer;

const ECHOES: Record<string, { contentType: string; body: (key: string) => string }> = {
	// PHP's json_encode escapes slashes, and PHP answers text/html unless told otherwise.
	'escaped slashes (PHP json_encode)': { contentType: 'text/html; charset=UTF-8', body: (key) => `{"received":"${ECHO_FORMS.jsonEscapedSlashes(key)}"}` },
	'\\u escapes of every character': { contentType: 'text/html; charset=UTF-8', body: (key) => `{"received":"${ECHO_FORMS.unicodeEscapesUpper(key)}"}` },
	'\\u escapes in a text body': { contentType: 'text/plain', body: (key) => `received ${ECHO_FORMS.unicodeEscapesLower(key)}` },
	'HTML entities': { contentType: 'text/html', body: (key) => `<p>Bad key ${ECHO_FORMS.htmlHex(key)} / ${ECHO_FORMS.htmlNamed(key)} / ${ECHO_FORMS.htmlDecimalNoSemicolon(key)}</p>` },
	'percent-encoded, lower case': { contentType: 'text/plain', body: (key) => `GET /x?key=${ECHO_FORMS.uriComponentLower(key)}` },
	base64: { contentType: 'application/json', body: (key) => JSON.stringify({ auth: ECHO_FORMS.basicAuth(key), raw: ECHO_FORMS.base64url(key) }) },
};

beforeAll(async () => {
	blockNetwork();
	server = await startServer();
	for (const [name, echo] of Object.entries(ECHOES)) {
		const answer = (status: number) => (request: { headers: Record<string, unknown> }) => ({
			status,
			headers: { 'Content-Type': echo.contentType },
			body: echo.body(String(request.headers['x-api-key'])),
		});
		server.route(`/ok/${encodeURIComponent(name)}`, answer(200));
		server.route(`/fail/${encodeURIComponent(name)}`, answer(502));
	}
	server.route('/pin', (request) => ({ headers: { 'Content-Type': 'application/json' }, body: `{"pin":${String(request.headers['x-pin'])},"ok":true}` }));
	server.route('/long', (request) => ({ headers: { 'Content-Type': 'text/plain' }, body: `${'x'.repeat(100)}${String(request.headers['x-api-key'])}${'y'.repeat(100)}` }));
	server.route('/long-json', (request) => ({ body: { filler: 'x'.repeat(50), key: String(request.headers['x-api-key']) } }));
	server.route('/deep', { headers: { 'Content-Type': 'application/json' }, body: `${'{"a":['.repeat(5000)}1${']}'.repeat(5000)}` });
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

const webhook = (path: string, extra: INodeParameters = {}): INodeParameters => ({
	webhookName: 'echo_service',
	method: 'GET',
	url: `${server.origin}${path}`,
	dynamicParams: params({ name: 'q', required: false }),
	headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Api Key' }, { name: 'X-Pin', valueType: 'secret', secretName: 'Pin' }),
	...extra,
});

async function run(parameters: INodeParameters) {
	return await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: [{ toolCallId: 'call-1' }] });
}

/** Every stored piece of the run, as n8n would serialise it, checked for every form of both secrets. */
function expectNoLeak(value: unknown): void {
	const plain = JSON.parse(JSON.stringify(value, (_key, entry: unknown) => (entry instanceof Error ? { ...entry, message: entry.message, stack: entry.stack } : entry))) as unknown;
	expect(leaksInJson(plain, SECRET)).toEqual([]);
	expect(leaksInJson(plain, PIN)).toEqual([]);
}

describe.each(Object.keys(ECHOES))('a server echoing the key: %s', (name) => {
	test('On Failure "return": the result and the run hold no form of it', async () => {
		const ok = await run(webhook(`/ok/${encodeURIComponent(name)}`));
		expect(ok.outputOf('Webhook')).toEqual([expect.objectContaining({ ok: true, status: 200, toolCallId: 'call-1' })]);
		expect(server.requests.at(-1)?.headers['x-api-key']).toBe(SECRET);
		expectNoLeak(ok.run);
		const failed = await run(webhook(`/fail/${encodeURIComponent(name)}`));
		expect(failed.outputOf('Webhook')).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'http_error', status: 502 }) })]);
		expectNoLeak(failed.run);
	});

	test('On Failure "fail": the n8n error (message, description, context, cause) holds no form of it', async () => {
		const failed = await run(webhook(`/fail/${encodeURIComponent(name)}`, { options: { onFailure: 'fail' } }));
		expect(failed.error?.name).toBe('NodeApiError');
		expectNoLeak(failed.error);
		expectNoLeak({ message: failed.error?.message, description: failed.error?.description, context: failed.error?.context, cause: failed.error?.cause });
		expectNoLeak(failed.run);
	});
});

describe('other echo forms through the node', () => {
	test('a numeric secret echoed as a JSON number', async () => {
		const result = await run(webhook('/pin'));
		expect(result.outputOf('Webhook')).toEqual([{ ok: true, status: 200, data: { pin: '[redacted]', ok: true }, toolCallId: 'call-1' }]);
		expectNoLeak(result.run);
	});

	test.each([110, 112, 116, 120])('a long body cut by the byte cap after %i bytes, in the middle of the key', async (bytes) => {
		const result = await run(webhook('/long', { options: { maxResponseBytes: bytes } }));
		expect(result.outputOf('Webhook')).toEqual([expect.objectContaining({ ok: true, note: expect.stringContaining('larger than') })]);
		expectNoLeak(result.run);
	});

	test.each([70, 72, 76, 80])('a long answer cut by the agent size cap at %i characters, in the middle of the key', async (maxResultChars) => {
		const result = await run(webhook('/long-json', { options: { maxResultChars } }));
		expect(result.outputOf('Webhook')).toEqual([expect.objectContaining({ ok: true, note: expect.stringContaining('truncated') })]);
		expectNoLeak(result.run);
	});
});

describe('a response nested 5,000 levels deep', () => {
	test.each([
		['return', {}],
		['return, with fields to keep and a size cap', { keepFields: 'a.a', maxResultChars: 100 }],
		['fail', { onFailure: 'fail' }],
	])('On Failure %s: an ok result with the data as text and a note; the execution succeeds', async (_label, options) => {
		const result = await run(webhook('/deep', { options }));
		expect(result.error).toBeUndefined();
		const [output] = result.outputOf('Webhook');
		expect(output).toMatchObject({ ok: true, status: 200, note: expect.stringContaining('deeper than') });
		expect(typeof output.data).toBe('string');
	});
});
