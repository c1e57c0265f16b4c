/**
 * prepareExample (./examples.ts), which the end-to-end run of examples/ relies on: every Webhook
 * Definition URL moves to the local API with its path, placeholders and query intact, and nothing
 * else in the workflow changes; examples sharing a credential import it once. Runs in `npm test` (no
 * n8n needed).
 */
import { TOOL_CALL_EXAMPLES, credentialsToImport, prepareExample, loadExample, type ExampleWorkflow } from './examples';
import { CREDENTIAL_TYPE, DEFINITION } from './workflows';

const ORIGIN = 'http://127.0.0.1:43210';

const definition = (name: string, url: unknown, credential?: { id: string; name: string }) => ({
	name,
	type: DEFINITION,
	parameters: { url, method: 'GET' },
	...(credential ? { credentials: { [CREDENTIAL_TYPE]: credential } } : {}),
});
const webhook = (path: string) => ({ name: `Trigger ${path}`, type: 'n8n-nodes-base.webhook', parameters: { path } });

test('URLs keep their path, {placeholders} and query; only the origin changes', () => {
	const workflow: ExampleWorkflow = {
		name: 'w',
		nodes: [
			webhook('vapi/tools'),
			definition('A', 'https://api.shop.example/v2/orders/{order_number}?expand=items'),
			definition('B', 'http://127.0.0.1:4010/tickets'),
			definition('C', 'https://crm.example'),
		],
	};
	const before = JSON.stringify(workflow);
	const prepared = prepareExample(workflow, ORIGIN);
	expect(prepared.workflow.nodes.map((node) => node.parameters.url)).toEqual([
		undefined,
		`${ORIGIN}/v2/orders/{order_number}?expand=items`,
		`${ORIGIN}/tickets`,
		ORIGIN,
	]);
	expect(JSON.stringify(workflow)).toBe(before); // the input is left alone
	expect(prepared.webhookPaths).toEqual(['vapi/tools']);
});

test('the credentials it names, once each', () => {
	const secrets = { id: 'cred-1', name: 'Shop Secrets' };
	const prepared = prepareExample({ name: 'w', nodes: [webhook('a'), definition('A', 'https://x.example/a', secrets), definition('B', 'https://x.example/b', secrets)] }, ORIGIN);
	expect(prepared.credentials).toEqual([secrets]);
});

test('an example it cannot point at the local API is refused, not run against the real one', () => {
	expect(() => prepareExample({ name: 'w', nodes: [webhook('a'), definition('A', '={{ $vars.base }}/orders')] }, ORIGIN)).toThrow(/node "A" has no plain http\(s\) URL/);
	expect(() => prepareExample({ name: 'w', nodes: [webhook('a'), definition('A', 'ftp://x.dev/a')] }, ORIGIN)).toThrow(/node "A"/);
	expect(() => prepareExample({ name: 'w', nodes: [definition('A', 'https://x.example/a')] }, ORIGIN)).toThrow(/no Webhook trigger/);
});

test.each(TOOL_CALL_EXAMPLES)('examples/$file: both webhooks move, the $platform trigger and the demo credential are found, the rest runs as written', ({ file, path }) => {
	const original = loadExample(file);
	const prepared = prepareExample(original, ORIGIN);
	const urls = prepared.workflow.nodes.filter((node) => node.type === DEFINITION).map((node) => node.parameters.url);
	expect(urls).toEqual([`${ORIGIN}/orders/{order_number}`, `${ORIGIN}/tickets`]);
	expect(prepared.webhookPaths).toEqual([path]);
	expect(prepared.credentials).toEqual([{ id: 'redflare-demo-secrets', name: 'RedFlare Demo Secrets' }]);
	// Node names, versions and the Linked Webhook expressions that name them are what a builder imports.
	const withoutUrls = (workflow: ExampleWorkflow) => ({ ...workflow, nodes: workflow.nodes.map((node) => ({ ...node, parameters: { ...node.parameters, url: undefined } })) });
	expect(withoutUrls(prepared.workflow)).toEqual(withoutUrls(original));
});

describe('credentialsToImport', () => {
	const demo = { id: 'redflare-demo-secrets', name: 'RedFlare Demo Secrets' };
	const setup = (file: string, value: string) => ({ file, secrets: { 'RedFlare Demo Secrets': { 'Demo API Key': value } } });

	test('examples sharing a credential import it once', () => {
		const credentials = credentialsToImport([
			{ setup: setup('a.json', 'key-12345678'), credentials: [demo] },
			{ setup: setup('b.json', 'key-12345678'), credentials: [demo] },
		]);
		expect(credentials).toEqual([{ ...demo, type: CREDENTIAL_TYPE, data: { vault: JSON.stringify({ 'Demo API Key': 'key-12345678' }) } }]);
	});

	test('the same credential with other secrets, or without secrets, is refused', () => {
		expect(() =>
			credentialsToImport([
				{ setup: setup('a.json', 'key-12345678'), credentials: [demo] },
				{ setup: setup('b.json', 'key-87654321'), credentials: [demo] },
			]),
		).toThrow(/b\.json gives the credential "redflare-demo-secrets" another name or other secrets/);
		expect(() => credentialsToImport([{ setup: { file: 'c.json', secrets: {} }, credentials: [demo] }])).toThrow(/c\.json uses the credential "RedFlare Demo Secrets"/);
	});
});
