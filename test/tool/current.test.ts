/**
 * The Webhook Tool (version 1, never released with the Definition node's first behaviour) has the
 * current one: a Dynamic field takes its param's type, a placeholder needs no Path Params row, answers
 * and HTTP error pages are sized for a voice agent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fields, params, runWorkflow } from '../helpers/harness';
import { agentView, agentWorkflow, credentials, toolNode } from './workflow';
import { useServer } from './use-server';

const items = Array.from({ length: 300 }, (_, index) => ({ sku: `SKU-${index}` }));
const server = useServer((started) => {
	started.route('/catalogue', { body: { items } });
	started.route('/down', { status: 503, headers: { 'Content-Type': 'text/html' }, body: `<html><head><title>503 Service Unavailable</title><style>x{}</style></head><body>${'<p>Back soon.</p>'.repeat(200)}</body></html>` });
});

async function answer(parameters: INodeParameters, args: IDataObject): Promise<unknown> {
	const result = await runWorkflow(agentWorkflow([toolNode('Shop', parameters)], [{ id: 'call_1', tool: 'Shop', arguments: args }]), { credentials });
	expect(result.error).toBeUndefined();
	return agentView(result).answers.call_1;
}

it('a placeholder named like a Dynamic Param is filled by it; a Type left on a Dynamic row is not used', async () => {
	const parameters = {
		method: 'GET',
		url: `${server().origin}/orders/{order_number}`,
		dynamicParams: params({ name: 'order_number' }, { name: 'code' }),
		headers: fields({ name: 'X-Code', dynamicParam: 'code', dataType: 'integer' }),
	};
	await answer(parameters, { order_number: 'A-7', code: '007' });
	expect(server().requests.map((request) => [request.url, request.headers['x-code']])).toEqual([['/orders/A-7', '007']]);
});

it('hands over 4,000 characters of a long answer, with a note', async () => {
	const whole = JSON.stringify({ items });
	expect(await answer({ method: 'GET', url: `${server().origin}/catalogue` }, {})).toEqual([
		{ ok: true, status: 200, data: `${whole.slice(0, 4000)}…`, note: `The response was truncated: showing the first 4000 of ${whole.length} characters.` },
	]);
});

it('hands over an HTML error page as a few sentences of its text', async () => {
	const [result] = (await answer({ method: 'GET', url: `${server().origin}/down` }, {})) as Array<{ error: { details: string } }>;
	expect(result.error.details.startsWith('503 Service Unavailable Back soon. Back soon.')).toBe(true);
	expect(result.error.details).toHaveLength(501);
});
