/** formatReply and resultText: the one reply each platform expects, from every result of an execution. */
import { MissingParamsError, failure, formatReply, resultText, withToolCallId, type AgentResult, type ReplyFormat } from '../../engine';

const order: AgentResult = { ok: true, status: 200, data: { order: 'A-1001', status: 'shipped', eta: '2024-06-12' }, toolCallId: 'call_1' };
const missing: AgentResult = withToolCallId(failure(new MissingParamsError(['subject'])), 'call_2');
const textData: AgentResult = { ok: true, status: 200, data: 'Ticket T-9 created', toolCallId: 'call_3' };
const noId: AgentResult = { ok: false, error: { code: 'tool_unavailable', message: 'The tool "refund" cannot be used right now: no such tool is configured.' } };

describe('resultText', () => {
	test('a success is its data as compact JSON', () => {
		expect(resultText(order)).toBe('{"order":"A-1001","status":"shipped","eta":"2024-06-12"}');
		expect(resultText({ ok: true, status: 200, data: [1, 2] })).toBe('[1,2]');
		expect(resultText({ ok: true, status: 204, data: null })).toBe('null');
		expect(resultText({ ok: true, status: 200, data: 42 })).toBe('42');
	});

	test('a success whose data is text is that text, not a JSON-quoted string', () => {
		expect(resultText(textData)).toBe('Ticket T-9 created');
	});

	test('a note (truncation, binary content) stays visible next to the data', () => {
		const cut: AgentResult = { ok: true, status: 200, data: '{"items":[1,2…', note: 'The response was truncated: showing the first 13 of 40 characters.' };
		expect(JSON.parse(resultText(cut))).toEqual({ data: '{"items":[1,2…', note: 'The response was truncated: showing the first 13 of 40 characters.' });
	});

	test('a failure is its error message', () => {
		expect(resultText(missing)).toBe('Missing required value: subject. Ask the customer for it and try again.');
		expect(resultText(noId)).toBe(noId.ok ? '' : noId.error.message);
	});
});

describe('formatReply', () => {
	const all = [order, missing, textData];

	test('Vapi: { results: [{ toolCallId, result }] }, result always a string', () => {
		expect(formatReply(all, 'vapi')).toEqual({
			results: [
				{ toolCallId: 'call_1', result: '{"order":"A-1001","status":"shipped","eta":"2024-06-12"}' },
				{ toolCallId: 'call_2', result: 'Missing required value: subject. Ask the customer for it and try again.' },
				{ toolCallId: 'call_3', result: 'Ticket T-9 created' },
			],
		});
		expect(formatReply([order], 'vapi')).toEqual({ results: [{ toolCallId: 'call_1', result: resultText(order) }] });
	});

	test('OpenAI Chat Completions: role:"tool" messages paired by tool_call_id', () => {
		expect(formatReply(all, 'openaiChat')).toEqual({
			messages: [
				{ role: 'tool', tool_call_id: 'call_1', content: resultText(order) },
				{ role: 'tool', tool_call_id: 'call_2', content: resultText(missing) },
				{ role: 'tool', tool_call_id: 'call_3', content: 'Ticket T-9 created' },
			],
		});
	});

	test('OpenAI Responses: function_call_output items paired by call_id', () => {
		expect(formatReply(all, 'openaiResponses')).toEqual({
			input: [
				{ type: 'function_call_output', call_id: 'call_1', output: resultText(order) },
				{ type: 'function_call_output', call_id: 'call_2', output: resultText(missing) },
				{ type: 'function_call_output', call_id: 'call_3', output: 'Ticket T-9 created' },
			],
		});
	});

	test('a result without a call id gets null, never a made-up id', () => {
		expect(formatReply([noId], 'vapi')).toEqual({ results: [{ toolCallId: null, result: resultText(noId) }] });
		expect(formatReply([noId], 'openaiChat')).toEqual({ messages: [{ role: 'tool', tool_call_id: null, content: resultText(noId) }] });
		expect(formatReply([noId], 'openaiResponses')).toEqual({ input: [{ type: 'function_call_output', call_id: null, output: resultText(noId) }] });
	});

	test.each<ReplyFormat>(['retell', 'elevenlabs', 'redflare'])('%s: the result object itself when one, { results } when several', (format) => {
		expect(formatReply([order], format)).toEqual(order);
		expect(formatReply([missing], format)).toEqual({
			ok: false,
			toolCallId: 'call_2',
			error: { code: 'missing_params', message: resultText(missing), missing: ['subject'] },
		});
		expect(formatReply(all, format)).toEqual({ results: [order, missing, textData] });
	});

	test('RedFlare: { toolCallId, ok, data | error }', () => {
		const reply = formatReply([order], 'redflare') as Record<string, unknown>;
		expect(reply).toMatchObject({ toolCallId: 'call_1', ok: true, data: order.ok ? order.data : null });
		expect(reply).not.toHaveProperty('error');
		const failed = formatReply([missing], 'redflare') as Record<string, unknown>;
		expect(failed).toMatchObject({ toolCallId: 'call_2', ok: false, error: { code: 'missing_params' } });
		expect(failed).not.toHaveProperty('data');
	});

	test('the reply is plain JSON (survives a JSON round trip unchanged)', () => {
		for (const format of ['vapi', 'openaiChat', 'openaiResponses', 'retell', 'elevenlabs', 'redflare'] as ReplyFormat[]) {
			const reply = formatReply(all, format);
			expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
		}
	});
});
