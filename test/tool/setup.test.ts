/**
 * What the RedFlare Webhook Tool offers an agent, and how it fails when it is set up wrong: its name
 * (the node's name, so that n8n's AI Agent finds earlier calls again), two tools with one name, its
 * input schema, and configuration problems, which never break the agent: the tool is still offered,
 * every call answers config_error, and the node's run shows the problem.
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { toolInputSchema, type DynamicParamDefinition } from '../../engine';
import { fields, params, runWorkflow, type RunResult } from '../helpers/harness';
import { agentView, agentWorkflow, credentials, lookupParameters, ticketParameters, toolLog, toolNode } from './workflow';
import { useServer } from './use-server';

const server = useServer();

describe('the tool the agent is given', () => {
	it('is named after its node as n8n names tools, described by the Description, typed by the Dynamic Params', async () => {
		const result = await runWorkflow(agentWorkflow([toolNode('Create Ticket', ticketParameters(server().origin))], []), { credentials });
		expect(agentView(result).tools).toEqual([
			{
				name: 'Create_Ticket',
				description: 'Open a support ticket',
				schema: {
					type: 'object',
					properties: {
						email: { type: 'string', description: "The customer's email" },
						priority: { type: 'integer', description: '1 to 3' },
						urgent: { type: 'boolean', description: 'Needs an answer today' },
					},
					required: ['email', 'priority'],
					additionalProperties: false,
				},
			},
		]);
		// Supplying the tool reads no secret and sends nothing.
		expect(result.credentialReads).toEqual([]);
		expect(server().requests).toHaveLength(0);
	});

	it('any Dynamic Params: the schema has exactly their names, types, descriptions and required list, and nothing else', async () => {
		// Names every JavaScript object has are refused (see below), and so is "prototype" as a body key.
		const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/).filter((text) => !(text in Object.prototype) && text !== 'prototype');
		const param = fc.record({
			name,
			dataType: fc.constantFrom('string' as const, 'number' as const, 'integer' as const, 'boolean' as const),
			// A parameter value that starts with "=" is an n8n expression, whatever node reads it.
			description: fc.string({ maxLength: 30 }).filter((text) => !text.startsWith('=')),
			required: fc.boolean(),
		});
		await fc.assert(
			fc.asyncProperty(fc.uniqueArray(param, { selector: (entry) => entry.name, maxLength: 6 }), async (rows: DynamicParamDefinition[]) => {
				const result = await runWorkflow(agentWorkflow([toolNode('Typed', { ...lookupParameters(server().origin), dynamicParams: params(...rows), pathParams: {} })], []), {
					credentials,
				});
				const [tool] = agentView(result).tools;
				expect(tool.schema).toEqual(toolInputSchema(rows));
				// (JavaScript lists integer-like keys first: the order of properties carries no meaning in JSON Schema.)
				expect(Object.keys(tool.schema.properties as object).sort()).toEqual(rows.map((row) => row.name).sort());
				expect(tool.schema.required).toEqual(rows.filter((row) => row.required).map((row) => row.name));
				for (const row of rows) {
					expect((tool.schema.properties as Record<string, unknown>)[row.name]).toEqual(row.description ? { type: row.dataType, description: row.description } : { type: row.dataType });
				}
			}),
			{ numRuns: 30 },
		);
	});
});

describe('names: n8n’s AI Agent finds earlier calls by the node’s name, and refuses two tools with one name', () => {
	const lookup = (name: string, extra = {}) => toolNode(name, lookupParameters(server().origin), extra);

	it('two nodes whose names give one tool name: the agent runs, both tools answer config_error naming both nodes, both runs show it', async () => {
		const result = await runWorkflow(
			agentWorkflow(
				[lookup('Lookup Order'), lookup('Lookup_Order'), toolNode('Create Ticket', ticketParameters(server().origin))],
				[{ id: 'call_ticket', tool: 'Create_Ticket', arguments: { email: 'ada@example.com', priority: 1 } }],
			),
			{ credentials },
		);
		expect(result.error).toBeUndefined();
		const names = agentView(result).tools.map((tool) => tool.name);
		expect(names).toHaveLength(3);
		expect(new Set(names).size).toBe(3);
		expect(names).toContain('Create_Ticket');
		const twins = names.filter((name) => name !== 'Create_Ticket');
		for (const twin of twins) expect(twin).toMatch(/^Lookup_Order_[0-9a-f]{8}$/);
		// The unaffected tool still works.
		expect(agentView(result).answers.call_ticket).toMatchObject([{ ok: true, status: 200 }]);

		// Shown once per execution, though the agent supplied its tools twice (before and after the call).
		const problem = 'The tools of "AI Agent" need distinct names, but the nodes "Lookup Order" and "Lookup_Order" both give the tool name "Lookup_Order".';
		expect(toolLog(result, 'Lookup Order')).toEqual([{ input: {}, output: {}, error: expect.stringContaining(problem) }]);
		expect(toolLog(result, 'Lookup_Order')).toEqual([
			{ input: {}, output: {}, error: expect.stringContaining('the nodes "Lookup_Order" and "Lookup Order" both give the tool name "Lookup_Order"') },
		]);

		const calls = twins.map((tool, index) => ({ id: `call_${index}`, tool, arguments: { order_number: 'A-1' } }));
		const called = await runWorkflow(agentWorkflow([lookup('Lookup Order'), lookup('Lookup_Order')], calls), { credentials });
		expect(called.error).toBeUndefined();
		for (const answer of Object.values(agentView(called).answers)) {
			expect(answer).toEqual([{ ok: false, error: { code: 'config_error', message: expect.stringContaining('need distinct names') } }]);
		}
		expect(server().requests.filter((request) => request.url.startsWith('/orders'))).toHaveLength(0);
	});

	it('a disabled namesake and a namesake on another agent do not count', async () => {
		const result = await runWorkflow(agentWorkflow([lookup('Lookup Order'), lookup('Lookup_Order', { disabled: true })], []), { credentials });
		expect(agentView(result).tools.map((tool) => tool.name)).toEqual(['Lookup_Order']);
		expect(toolLog(result, 'Lookup Order')).toEqual([]);
	});
});

describe('a webhook wrong as configured is still a tool: every call answers config_error, the run shows why', () => {
	async function configured(parameters: INodeParameters, args: Record<string, unknown>): Promise<{ result: RunResult; answer: unknown }> {
		const result = await runWorkflow(agentWorkflow([toolNode('Broken', parameters)], [{ id: 'call', tool: 'Broken', arguments: args as never }]), { credentials });
		expect(result.error).toBeUndefined();
		expect(agentView(result).tools.map((tool) => tool.name)).toEqual(['Broken']);
		expect(server().requests).toHaveLength(0);
		return { result, answer: agentView(result).answers.call };
	}

	it.each([
		['a URL that is not http(s)', { url: 'ftp://example.com/x' }, /URL "ftp:\/\/example.com\/x" must start with http:\/\/ or https:\/\//],
		['a Dynamic field without its Dynamic Param', { queryParams: fields({ name: 'ghost' }) }, /"ghost" is filled by the dynamic param "ghost", which is not declared/],
		['a URL expression that fails', { url: "={{ $('No Such Node').item.json.url }}" }, /The parameter "URL" could not be read: Referenced node doesn't exist/],
		['a field that uses $fromAI() instead of a Dynamic Param', { url: "={{ 'http://127.0.0.1:1/orders/' + $fromAI('order_number') }}" }, /A field uses \$fromAI\(\)/],
		[
			'a Dynamic Param name that is not a tool argument name',
			{ dynamicParams: params({ name: 'order.number' }), pathParams: fields({ name: 'order_number', dynamicParam: 'order.number' }) },
			/Dynamic Params "order\.number": a tool argument name uses 1 to 64 letters, digits, _ or - only/,
		],
		[
			'a Dynamic Param named like a property every JavaScript object has',
			{ dynamicParams: params({ name: 'order_number' }, { name: 'valueOf', required: false }), queryParams: fields({ name: 'v', dynamicParam: 'valueOf' }) },
			/Dynamic Params "valueOf": every JavaScript object has a property of that name/,
		],
	])('%s', async (_case, change, message) => {
		const { result, answer } = await configured({ ...lookupParameters(server().origin), ...change }, { order_number: 'A-1' });
		expect(answer).toEqual([{ ok: false, error: { code: 'config_error', message: expect.stringMatching(message) } }]);
		const [problem, call] = toolLog(result, 'Broken');
		expect(problem.error).toMatch(message);
		expect(call.output).toEqual({ ok: false, error: { code: 'config_error', message: expect.stringMatching(message) } });
	});

	it('a secret the credential does not have → config_error naming the secret, at call time', async () => {
		const { answer } = await configured(
			{ ...lookupParameters(server().origin), headers: fields({ name: 'X-Api-Key', valueType: 'secret', secretName: 'Nope Key' }) },
			{ order_number: 'A-1' },
		);
		expect(answer).toEqual([
			{ ok: false, error: { code: 'config_error', message: 'The secret "Nope Key" is not in the RedFlare Webhook Secrets credential.' } },
		]);
	});
});
