/**
 * formatReply, replyText and requestFormat: the one reply each platform expects from every result of an
 * execution, written out as the platform receives it.
 */
import { MissingParamsError, failure, formatReply, replyText, requestFormat, withCall, type AgentResult, type ReplyFormat } from '../../engine';

const order: AgentResult = { ok: true, status: 200, data: { order: 'A-1001', status: 'shipped', eta: '2024-06-12' }, toolCallId: 'call_1', format: 'vapi' };
const missing: AgentResult = withCall(failure(new MissingParamsError(['subject'])), { toolCallId: 'call_2', format: 'vapi' });
const textData: AgentResult = { ok: true, status: 200, data: 'Ticket T-9 created', toolCallId: 'call_3' };
const noId: AgentResult = { ok: false, error: { code: 'tool_unavailable', message: 'The tool "refund" cannot be used right now: no such tool is configured.' } };

const ORDER_TEXT = '{"order":"A-1001","status":"shipped","eta":"2024-06-12"}';
const MISSING_TEXT = 'Missing required value: subject. Ask the customer for it and try again.';

describe('replyText: what an agent that wants a string reads', () => {
	test('data as compact JSON', () => {
		expect(replyText(order)).toBe(ORDER_TEXT);
		expect(replyText({ ok: true, status: 200, data: [1, 2] })).toBe('[1,2]');
		expect(replyText({ ok: true, status: 204, data: null })).toBe('null');
		expect(replyText({ ok: true, status: 200, data: 42 })).toBe('42');
	});

	test('text data as the text itself, not a JSON-quoted string', () => {
		expect(replyText(textData)).toBe('Ticket T-9 created');
	});

	test('a note (truncation, binary content) is read together with the data', () => {
		const cut: AgentResult = { ok: true, status: 200, data: '{"items":[1,2…', note: 'The response was truncated: showing the first 13 of 40 characters.' };
		expect(replyText(cut)).toBe('{"data":"{\\"items\\":[1,2…","note":"The response was truncated: showing the first 13 of 40 characters."}');
	});

	test('a failure as its message, which tells the agent what to do', () => {
		expect(replyText(missing)).toBe(MISSING_TEXT);
		expect(replyText(noId)).toBe('The tool "refund" cannot be used right now: no such tool is configured.');
	});
});

describe('formatReply: the response body each platform reads', () => {
	const all = [order, missing, textData];

	test('Vapi: { results: [{ toolCallId, result }] }, each result a string', () => {
		expect(formatReply(all, 'vapi')).toEqual({
			results: [
				{ toolCallId: 'call_1', result: ORDER_TEXT },
				{ toolCallId: 'call_2', result: MISSING_TEXT },
				{ toolCallId: 'call_3', result: 'Ticket T-9 created' },
			],
		});
	});

	test('OpenAI Chat Completions: role:"tool" messages paired by tool_call_id', () => {
		expect(formatReply(all, 'openaiChat')).toEqual({
			messages: [
				{ role: 'tool', tool_call_id: 'call_1', content: ORDER_TEXT },
				{ role: 'tool', tool_call_id: 'call_2', content: MISSING_TEXT },
				{ role: 'tool', tool_call_id: 'call_3', content: 'Ticket T-9 created' },
			],
		});
	});

	test('OpenAI Responses: function_call_output items paired by call_id', () => {
		expect(formatReply(all, 'openaiResponses')).toEqual({
			input: [
				{ type: 'function_call_output', call_id: 'call_1', output: ORDER_TEXT },
				{ type: 'function_call_output', call_id: 'call_2', output: MISSING_TEXT },
				{ type: 'function_call_output', call_id: 'call_3', output: 'Ticket T-9 created' },
			],
		});
	});

	test('a result without a call id gets null, never a made-up id', () => {
		const message = 'The tool "refund" cannot be used right now: no such tool is configured.';
		expect(formatReply([noId], 'vapi')).toEqual({ results: [{ toolCallId: null, result: message }] });
		expect(formatReply([noId], 'openaiChat')).toEqual({ messages: [{ role: 'tool', tool_call_id: null, content: message }] });
		expect(formatReply([noId], 'openaiResponses')).toEqual({ input: [{ type: 'function_call_output', call_id: null, output: message }] });
	});

	test.each<ReplyFormat>(['retell', 'elevenlabs', 'redflare'])('%s: the result object itself when one, { results } when several, without the routing format', (format) => {
		expect(formatReply([order], format)).toEqual({ ok: true, status: 200, data: { order: 'A-1001', status: 'shipped', eta: '2024-06-12' }, toolCallId: 'call_1' });
		expect(formatReply([missing], format)).toEqual({
			ok: false,
			error: { code: 'missing_params', message: MISSING_TEXT, missing: ['subject'] },
			toolCallId: 'call_2',
		});
		expect(formatReply(all, format)).toEqual({
			results: [
				{ ok: true, status: 200, data: { order: 'A-1001', status: 'shipped', eta: '2024-06-12' }, toolCallId: 'call_1' },
				{ ok: false, error: { code: 'missing_params', message: MISSING_TEXT, missing: ['subject'] }, toolCallId: 'call_2' },
				{ ok: true, status: 200, data: 'Ticket T-9 created', toolCallId: 'call_3' },
			],
		});
		expect(JSON.stringify(formatReply(all, format))).not.toContain('"format"');
	});
});

describe('requestFormat: the platform the request came from, for "Same as Request"', () => {
	test('the one the results carry (a result without one, such as a Not Routed internal error, does not disagree)', () => {
		expect(requestFormat([order, missing, textData])).toEqual({ ok: true, format: 'vapi' });
	});

	test('none when no result says; mixed when they disagree', () => {
		expect(requestFormat([textData, noId])).toEqual({ ok: false, reason: 'none' });
		expect(requestFormat([])).toEqual({ ok: false, reason: 'none' });
		expect(requestFormat([order, { ...textData, format: 'retell' }])).toEqual({ ok: false, reason: 'mixed' });
	});
});
