/**
 * Issue 8 through the RedFlare Webhook Tool: a server that echoes the secret in every form of
 * ECHO_FORMS (raw, escaped, as HTML entities, percent-encoded, in base64…), on a success and on an
 * HTTP error. Neither the answer the model gets nor what n8n logs and stores of the tool's run (its
 * input and output, by both ways n8n calls a tool) holds any form of it.
 */
import { runWorkflow } from '../helpers/harness';
import { ECHO_FORMS, leaksInJson } from '../helpers/secret-forms';
import { useServer } from './use-server';
import { agentView, agentWorkflow, lookupParameters, toolLog, toolNode } from './workflow';

const SECRET = 'sk_tool/Ec+h0 "kÉy"&9Qw';
const credentials = { redFlareSecretsApi: { vault: JSON.stringify({ 'Orders Key': SECRET }) } };

/** Every echo form of the shared list at once, so that one call proves them all. */
const echoed = (key: string) => JSON.stringify(Object.fromEntries(Object.entries(ECHO_FORMS).map(([form, encode]) => [form, encode(key)])));

const server = useServer((started) => {
	const answer = (status: number) => (request: { headers: Record<string, unknown> }) => ({
		status,
		headers: { 'Content-Type': 'application/json' },
		body: echoed(String(request.headers['x-api-key'])),
	});
	started.route('/orders/ECHO-OK', answer(200));
	started.route('/orders/ECHO-FAIL', answer(502));
});

describe.each(['engine', 'invoke'] as const)('a server echoing the key, the tool called by %s', (via) => {
	it('the model’s answers, the tool’s logged runs and the whole stored run hold no form of it', async () => {
		const result = await runWorkflow(
			agentWorkflow(
				[toolNode('Lookup Order', lookupParameters(server().origin))],
				[
					{ id: 'call_ok', tool: 'Lookup_Order', arguments: { order_number: 'ECHO-OK' } },
					{ id: 'call_fail', tool: 'Lookup_Order', arguments: { order_number: 'ECHO-FAIL' } },
				],
				via,
			),
			{ credentials },
		);
		expect(result.error).toBeUndefined();
		// The secret was sent: the echoes hold it, and only redaction keeps it out.
		expect(server().requests.map((request) => request.headers['x-api-key'])).toEqual([SECRET, SECRET]);
		const { answers } = agentView(result);
		expect(answers.call_ok).toMatchObject(via === 'engine' ? [{ ok: true, status: 200 }] : { ok: true, status: 200 });
		expect(answers.call_fail).toMatchObject(via === 'engine' ? [{ ok: false, error: { code: 'http_error', status: 502 } }] : { ok: false, error: { code: 'http_error', status: 502 } });
		expect(JSON.stringify(answers)).toContain('[redacted]');
		const logged = toolLog(result, 'Lookup Order');
		expect(logged).toHaveLength(2);
		expect(leaksInJson(answers, SECRET)).toEqual([]);
		expect(leaksInJson(logged, SECRET)).toEqual([]);
		expect(leaksInJson(result.run, SECRET)).toEqual([]);
	});
});
