/**
 * parseToolCalls with real-shaped payloads of every platform, at the top level and wrapped under
 * `body` (where n8n's Webhook trigger puts the request body), and the platform it says they came from.
 */
import { parseToolCalls, type ParseOptions, type ParsedCall, type ToolCall } from '../../engine';

/** What n8n's Webhook trigger (v2) emits for a POST: the request body sits under `body`. */
function webhookItem(body: unknown) {
	return {
		headers: { host: 'n8n.example.com', 'content-type': 'application/json', 'user-agent': 'agent-platform/1.0' },
		params: {},
		query: {},
		body,
		webhookUrl: 'https://n8n.example.com/webhook/agent-tools',
		executionMode: 'production',
	};
}

/** The calls found in an item, whatever the platform. */
function callsOf(item: unknown, options: ParseOptions): ParsedCall[] {
	return parseToolCalls(item, options).calls;
}

function calls(parsed: ParsedCall[]): ToolCall[] {
	return parsed.map((entry) => {
		if (!entry.ok) throw new Error(`expected a call, got ${entry.error.code}: ${entry.error.message}`);
		return entry.call;
	});
}

/** Parses at the top level and under `body`; both must give the same calls. */
function parseBoth(payload: unknown, options: ParseOptions): ToolCall[] {
	const top = calls(callsOf(payload, options));
	const wrapped = calls(callsOf(webhookItem(payload), options));
	expect(wrapped).toEqual(top);
	return top;
}

// Arguments as OpenAI sends them: a JSON string whose values hold quotes and newlines.
const noteArguments = { order_number: 'A-1001', note: 'Customer said "leave it at the door"\nsecond line' };
const noteArgumentsJson = JSON.stringify(noteArguments);

describe('OpenAI Chat Completions tool_calls', () => {
	const toolCalls = [
		{ id: 'call_abc123', type: 'function', function: { name: 'lookup_order', arguments: noteArgumentsJson } },
		{ id: 'call_def456', type: 'function', function: { name: 'create_ticket', arguments: '{"subject":"Broken \\"lid\\"","priority":2}' } },
	];
	const completion = {
		id: 'chatcmpl-9xYz',
		object: 'chat.completion',
		created: 1718000000,
		model: 'gpt-4o-2024-08-06',
		choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: toolCalls, refusal: null }, logprobs: null, finish_reason: 'tool_calls' }],
		usage: { prompt_tokens: 82, completion_tokens: 40, total_tokens: 122 },
	};
	const expected: ToolCall[] = [
		{ tool: 'lookup_order', params: noteArguments, toolCallId: 'call_abc123' },
		{ tool: 'create_ticket', params: { subject: 'Broken "lid"', priority: 2 }, toolCallId: 'call_def456' },
	];

	test('a whole completion response (choices[].message.tool_calls)', () => {
		expect(parseBoth(completion, { format: 'auto' })).toEqual(expected);
		expect(parseBoth(completion, { format: 'openaiChat' })).toEqual(expected);
	});

	test('a bare assistant message', () => {
		const message = completion.choices[0].message;
		expect(parseBoth(message, { format: 'auto' })).toEqual(expected);
		expect(parseBoth(message, { format: 'openaiChat' })).toEqual(expected);
	});

	test('the quotes and the newline in the arguments survive', () => {
		const [first] = parseBoth(completion, { format: 'openaiChat' });
		expect(first.params.note).toBe('Customer said "leave it at the door"\nsecond line');
	});

	test('arguments that are not JSON → invalid_value for that call, the others still parse', () => {
		const broken = {
			role: 'assistant',
			tool_calls: [
				{ id: 'call_bad', type: 'function', function: { name: 'lookup_order', arguments: '{"order_number": "A-1' } },
				toolCalls[1],
			],
		};
		const [bad, good] = callsOf(webhookItem(broken), { format: 'openaiChat' });
		expect(bad).toMatchObject({ ok: false, toolCallId: 'call_bad', tool: 'lookup_order', error: { code: 'invalid_value' } });
		expect(!bad.ok && bad.error.message).toMatch(/lookup_order.*not valid JSON/);
		expect(good).toEqual({ ok: true, call: expected[1] });
	});

	test('arguments that are JSON but not an object → invalid_value', () => {
		const message = { role: 'assistant', tool_calls: [{ id: 'call_arr', type: 'function', function: { name: 'lookup_order', arguments: '["A-1"]' } }] };
		expect(callsOf(message, { format: 'auto' })).toEqual([
			expect.objectContaining({ ok: false, toolCallId: 'call_arr', error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});

	test('empty arguments → no params', () => {
		const message = { role: 'assistant', tool_calls: [{ id: 'call_e', type: 'function', function: { name: 'list_stores', arguments: '' } }] };
		expect(parseBoth(message, { format: 'openaiChat' })).toEqual([{ tool: 'list_stores', params: {}, toolCallId: 'call_e' }]);
	});
});

describe('OpenAI Responses function_call items', () => {
	const item = {
		type: 'function_call',
		id: 'fc_67ca09c5efe0819096d0511c92b8c890',
		call_id: 'call_unLAR8MvFNptuiZK6K6HCy5k',
		name: 'lookup_order',
		arguments: noteArgumentsJson,
		status: 'completed',
	};
	const response = {
		id: 'resp_67ca09c5',
		object: 'response',
		status: 'completed',
		model: 'gpt-4.1-2025-04-14',
		output: [
			{ type: 'reasoning', id: 'rs_1', summary: [] },
			item,
			{ type: 'function_call', id: 'fc_2', call_id: 'call_second', name: 'create_ticket', arguments: '{"subject":"Lid"}', status: 'completed' },
		],
	};

	test('in a response `output` array (other item types are skipped)', () => {
		const expected: ToolCall[] = [
			{ tool: 'lookup_order', params: noteArguments, toolCallId: 'call_unLAR8MvFNptuiZK6K6HCy5k' },
			{ tool: 'create_ticket', params: { subject: 'Lid' }, toolCallId: 'call_second' },
		];
		expect(parseBoth(response, { format: 'auto' })).toEqual(expected);
		expect(parseBoth(response, { format: 'openaiResponses' })).toEqual(expected);
	});

	test('a bare function_call item: the id is call_id, not the item id', () => {
		const expected: ToolCall[] = [{ tool: 'lookup_order', params: noteArguments, toolCallId: 'call_unLAR8MvFNptuiZK6K6HCy5k' }];
		expect(parseBoth(item, { format: 'auto' })).toEqual(expected);
		expect(parseBoth(item, { format: 'openaiResponses' })).toEqual(expected);
	});

	test('bad JSON arguments → invalid_value carrying the call_id', () => {
		expect(callsOf(webhookItem({ ...item, arguments: '{oops}' }), { format: 'auto' })).toEqual([
			expect.objectContaining({ ok: false, toolCallId: item.call_id, tool: 'lookup_order', error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});
});

describe('Vapi message.toolCallList', () => {
	const vapi = {
		message: {
			timestamp: 1718000000123,
			type: 'tool-calls',
			toolCallList: [
				{ id: 'toolu_01DTPAzUm5Gk3zxrpJ969oMF', type: 'function', function: { name: 'lookup_order', arguments: { order_number: 'A-1001' } } },
				{ id: 'toolu_02QmXb', type: 'function', function: { name: 'create_ticket', arguments: { subject: 'Damaged "lid"', priority: 3, urgent: true } } },
				{ id: 'toolu_03', type: 'function', function: { name: 'lookup_order', arguments: {} } },
			],
			toolWithToolCallList: [],
			artifact: { messages: [] },
			call: { id: 'call-6f1d7c2e-4b1a-4f0e-9d55-2f1b0c7a9e31', orgId: 'org-1', type: 'inboundPhoneCall' },
			assistant: { name: 'Order Helper' },
		},
	};
	const conversationId = 'call-6f1d7c2e-4b1a-4f0e-9d55-2f1b0c7a9e31';

	test('several calls; arguments as objects; message.call.id → conversationId', () => {
		const expected: ToolCall[] = [
			{ tool: 'lookup_order', params: { order_number: 'A-1001' }, toolCallId: 'toolu_01DTPAzUm5Gk3zxrpJ969oMF', conversationId },
			{ tool: 'create_ticket', params: { subject: 'Damaged "lid"', priority: 3, urgent: true }, toolCallId: 'toolu_02QmXb', conversationId },
			{ tool: 'lookup_order', params: {}, toolCallId: 'toolu_03', conversationId },
		];
		expect(parseBoth(vapi, { format: 'auto' })).toEqual(expected);
		expect(parseBoth(vapi, { format: 'vapi' })).toEqual(expected);
	});

	test('a call without a function name → invalid_value for that call only', () => {
		const payload = { message: { ...vapi.message, toolCallList: [{ id: 'toolu_x', type: 'function', function: { arguments: {} } }, vapi.message.toolCallList[0]] } };
		const [bad, good] = callsOf(webhookItem(payload), { format: 'vapi' });
		expect(bad).toMatchObject({ ok: false, toolCallId: 'toolu_x', error: { code: 'invalid_value' } });
		expect(good.ok).toBe(true);
	});
});

describe('Retell custom function', () => {
	const retell = {
		name: 'lookup_order',
		args: { order_number: 'A-1001' },
		call: { call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6', agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD', call_status: 'ongoing', transcript: 'Agent: hi' },
	};

	test('{ name, args, call: { call_id } } → the call id is the conversation', () => {
		const expected: ToolCall[] = [{ tool: 'lookup_order', params: { order_number: 'A-1001' }, conversationId: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6' }];
		expect(parseBoth(retell, { format: 'auto' })).toEqual(expected);
		expect(parseBoth(retell, { format: 'retell' })).toEqual(expected);
	});

	test('args as a JSON string also parse; bad JSON → invalid_value', () => {
		expect(parseBoth({ ...retell, args: '{"order_number":"B-2"}' }, { format: 'retell' })[0].params).toEqual({ order_number: 'B-2' });
		expect(callsOf({ ...retell, args: '{' }, { format: 'retell' })).toEqual([
			expect.objectContaining({ ok: false, tool: 'lookup_order', error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});
});

describe('RedFlare native', () => {
	const native = { tool: 'create_ticket', params: { subject: 'Refund', amount: '12.50' }, toolCallId: 'rf_tc_1', conversationId: 'conv_42' };

	test('{ tool, params, toolCallId, conversationId }', () => {
		const expected: ToolCall[] = [{ tool: 'create_ticket', params: { subject: 'Refund', amount: '12.50' }, toolCallId: 'rf_tc_1', conversationId: 'conv_42' }];
		expect(parseBoth(native, { format: 'auto' })).toEqual(expected);
		expect(parseBoth(native, { format: 'redflare' })).toEqual(expected);
	});

	test('ids are optional; numeric ids become text; params as a JSON string parse', () => {
		expect(parseBoth({ tool: 'ping' }, { format: 'redflare' })).toEqual([{ tool: 'ping', params: {} }]);
		expect(parseBoth({ tool: 'ping', params: '{"a":1}', toolCallId: 7 }, { format: 'redflare' })).toEqual([{ tool: 'ping', params: { a: 1 }, toolCallId: '7' }]);
	});

	test('params that are not JSON → invalid_value', () => {
		expect(callsOf(webhookItem({ ...native, params: 'subject=Refund' }), { format: 'auto' })).toEqual([
			expect.objectContaining({ ok: false, toolCallId: 'rf_tc_1', tool: 'create_ticket', error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});
});

describe('ElevenLabs server tool', () => {
	const body = { order_number: 'A-1001', email: 'jo@example.com' };

	test('the body is the params; the tool name is the configured one', () => {
		const options: ParseOptions = { format: 'elevenlabs', elevenLabsTool: 'lookup_order' };
		expect(calls(callsOf(webhookItem(body), options))).toEqual([{ tool: 'lookup_order', params: body }]);
		expect(calls(callsOf(body, options))).toEqual([{ tool: 'lookup_order', params: body }]);
	});

	test('a body with a `tool` key is still params (the format cannot be detected)', () => {
		const options: ParseOptions = { format: 'elevenlabs', elevenLabsTool: 'lookup_order' };
		expect(calls(callsOf(webhookItem({ tool: 'x', order_number: '1' }), options))).toEqual([{ tool: 'lookup_order', params: { tool: 'x', order_number: '1' } }]);
	});

	test('no configured tool name → invalid_value', () => {
		expect(callsOf(webhookItem(body), { format: 'elevenlabs', elevenLabsTool: '' })).toEqual([
			expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});
});

describe('custom dot paths', () => {
	const options: ParseOptions = { format: 'custom', custom: { toolPath: 'action.tool.name', argumentsPath: 'action.input', callIdPath: 'meta.requestId' } };
	const payload = { action: { tool: { name: 'lookup_order' }, input: { order_number: 'A-1001' } }, meta: { requestId: 'req-9' } };

	test('tool name, arguments and call id read from their paths', () => {
		expect(parseBoth(payload, options)).toEqual([{ tool: 'lookup_order', params: { order_number: 'A-1001' }, toolCallId: 'req-9' }]);
	});

	test('arguments as a JSON string at the path; no call id path', () => {
		const noId: ParseOptions = { format: 'custom', custom: { toolPath: 'fn', argumentsPath: 'argsJson' } };
		expect(parseBoth({ fn: 'lookup_order', argsJson: '{"order_number":"Z"}' }, noId)).toEqual([{ tool: 'lookup_order', params: { order_number: 'Z' } }]);
	});

	test('bad JSON at the arguments path → invalid_value', () => {
		expect(callsOf(webhookItem({ ...payload, action: { ...payload.action, input: '{x' } }), options)).toEqual([
			expect.objectContaining({ ok: false, toolCallId: 'req-9', error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});

	test('nothing at the tool path → invalid_value', () => {
		expect(callsOf(webhookItem({ other: 1 }), options)).toEqual([
			expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});
});

describe('no tool call', () => {
	test.each([
		['a chat message without tool calls', { role: 'assistant', content: 'Hello!' }],
		['a Vapi status update', { message: { type: 'status-update', status: 'in-progress', call: { id: 'c1' } } }],
		['an empty body', {}],
	])('%s → one invalid_value', (_label, body) => {
		for (const item of [body, webhookItem(body)]) {
			const parsed = callsOf(item, { format: 'auto' });
			expect(parsed).toHaveLength(1);
			expect(parsed[0]).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
			expect(!parsed[0].ok && parsed[0].error.message).toMatch(/No tool call was found/);
		}
	});

	test('a payload of one format given to another format → invalid_value', () => {
		const vapi = { message: { toolCallList: [{ id: 't', function: { name: 'x', arguments: {} } }] } };
		expect(callsOf(webhookItem(vapi), { format: 'openaiChat' })).toEqual([
			expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid_value' }) }),
		]);
	});

	test('not an object at all → invalid_value', () => {
		expect(callsOf('lookup_order', { format: 'auto' })[0]).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
		expect(callsOf(null, { format: 'auto' })[0]).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
	});
});

describe('the platform the calls came from (for a reply in its format)', () => {
	const vapi = { message: { toolCallList: [{ id: 't1', function: { name: 'lookup_order', arguments: {} } }] } };
	const chat = { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup_order', arguments: '{}' } }] };
	const responses = { type: 'function_call', call_id: 'r1', name: 'lookup_order', arguments: '{}' };
	const retell = { name: 'lookup_order', args: {}, call: { call_id: 'x' } };
	const native = { tool: 'lookup_order', params: {} };

	test.each([
		['Vapi', vapi, 'vapi'],
		['OpenAI Chat Completions', chat, 'openaiChat'],
		['OpenAI Responses', responses, 'openaiResponses'],
		['Retell', retell, 'retell'],
		['RedFlare', native, 'redflare'],
	])('auto-detection says %s', (_label, payload, format) => {
		expect(parseToolCalls(webhookItem(payload), { format: 'auto' }).format).toBe(format);
	});

	test('a chosen format is the platform, even when the request holds no call of it', () => {
		expect(parseToolCalls(webhookItem(vapi), { format: 'vapi' }).format).toBe('vapi');
		expect(parseToolCalls(webhookItem({ hello: 1 }), { format: 'retell' })).toMatchObject({ format: 'retell', calls: [{ ok: false }] });
		expect(parseToolCalls(webhookItem({ order_number: 'A-1' }), { format: 'elevenlabs', elevenLabsTool: 'lookup_order' }).format).toBe('elevenlabs');
	});

	test('Custom and an undetected request name no platform', () => {
		const custom: ParseOptions = { format: 'custom', custom: { toolPath: 'fn', argumentsPath: 'args' } };
		expect(parseToolCalls({ fn: 'lookup_order', args: {} }, custom).format).toBeUndefined();
		expect(parseToolCalls(webhookItem({ hello: 1 }), { format: 'auto' }).format).toBeUndefined();
	});
});
