'use strict';
// The workflows the real-n8n benchmark imports (n8n's export format). Each pair does the same job
// once with this package's nodes and once with n8n's own nodes only.
const { randomUUID } = require('node:crypto');

const DEFINITION = 'n8n-nodes-redflare.redFlareWebhookDefinition';
const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';
/** The node whose executionTime the throughput runs read. */
const CALL_NODE = 'Call';

let x = 0;
function node(name, type, typeVersion, parameters, extra = {}) {
	x += 240;
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}
const to = (target, index = 0) => ({ node: target, type: 'main', index });

const field = (name, dataType, valueType, extra = {}) => ({ name, dataType, valueType, ...extra });

/** `count` items like an agent's extracted values: an order id, a quantity, a note, an email. */
function itemsNode(count) {
	return node('Items', 'n8n-nodes-base.code', 2, {
		jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { id: 'A-' + i, qty: (i % 5) + 1, note: 'gift wrap', email: 'c' + i + '@example.com' } }));`,
	});
}

/** POST {origin}{prefix}/orders/{id}?source=bench&qty=…, X-Api-Key secret, JSON body { qty, note, customer.email }. */
function definitionCall(origin, prefix, credentials) {
	return node(
		CALL_NODE,
		DEFINITION,
		1,
		{
			webhookName: 'Create Order Line',
			webhookDescription: 'Add a line to an order',
			method: 'POST',
			url: `${origin}${prefix}/orders/{id}`,
			dynamicParams: {
				param: [
					{ name: 'id', dataType: 'string', description: 'The order id', required: true },
					{ name: 'qty', dataType: 'integer', description: 'How many', required: true },
					{ name: 'note', dataType: 'string', description: 'A note', required: false },
					{ name: 'email', dataType: 'string', description: 'The customer email', required: true },
				],
			},
			headers: { field: [field('X-Api-Key', 'string', 'secret', { secretName: 'Orders API Key' })] },
			queryParams: { field: [field('source', 'string', 'static', { value: 'bench' }), field('qty', 'integer', 'dynamic', { dynamicParam: 'qty' })] },
			pathParams: { field: [field('id', 'string', 'dynamic', { dynamicParam: 'id' })] },
			body: {
				field: [
					field('qty', 'integer', 'dynamic', { dynamicParam: 'qty' }),
					field('note', 'string', 'dynamic', { dynamicParam: 'note' }),
					field('customer.email', 'string', 'dynamic', { dynamicParam: 'email' }),
				],
			},
			bodyContentType: 'json',
			options: {},
		},
		{ credentials: { redFlareSecretsApi: credentials.secrets } },
	);
}

/** The same call with n8n's HTTP Request node v4.2 (defaults otherwise), the key as Header Auth. */
function httpRequestCall(origin, prefix, credentials) {
	return node(
		CALL_NODE,
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			method: 'POST',
			url: `={{ "${origin}${prefix}/orders/" + encodeURIComponent($json.id) }}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'source', value: 'bench' }, { name: 'qty', value: '={{ $json.qty }}' }] },
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ qty: $json.qty, note: $json.note, customer: { email: $json.email } }) }}',
			options: {},
		},
		{ credentials: { httpHeaderAuth: credentials.headerAuth } },
	);
}

/** Manual Trigger → Code (count items) → the call node, for `n8n execute`. */
function throughputWorkflow({ kind, count, origin, prefix, credentials }) {
	x = 0;
	const call = kind === 'definition' ? definitionCall(origin, prefix, credentials) : httpRequestCall(origin, prefix, credentials);
	return {
		name: `Bench ${kind} ${count}${prefix}`,
		nodes: [node('Start', 'n8n-nodes-base.manualTrigger', 1, {}), itemsNode(count), call],
		connections: { Start: { main: [[to('Items')]] }, Items: { main: [[to(CALL_NODE)]] } },
		settings: { executionOrder: 'v1' },
	};
}

function webhookNode(path) {
	return node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} }, { webhookId: randomUUID() });
}

/** Webhook → Agent Tool Call (route) → Definition → Merge (with Not Routed) → Reply (Vapi) → Respond to Webhook. */
function roundTripRedFlare({ path, origin, credentials }) {
	x = 0;
	return {
		name: 'Bench round trip: RedFlare',
		nodes: [
			webhookNode(path),
			node('Route Tool Calls', TOOL_CALL, 1, { operation: 'route', payloadFormat: 'auto', tools: { tool: [{ name: 'lookup_order', webhook: 'Lookup Order' }] } }),
			node(
				'Lookup Order',
				DEFINITION,
				1,
				{
					webhookName: 'Lookup Order',
					webhookDescription: 'Look up an order by its number',
					method: 'GET',
					url: `${origin}/orders/{order_number}`,
					dynamicParams: { param: [{ name: 'order_number', dataType: 'string', description: 'The order number', required: true }] },
					headers: { field: [field('X-Api-Key', 'string', 'secret', { secretName: 'Orders API Key' })] },
					pathParams: { field: [field('order_number', 'string', 'dynamic', { dynamicParam: 'order_number' })] },
					options: {},
				},
				{ credentials: { redFlareSecretsApi: credentials.secrets } },
			),
			node('Merge', 'n8n-nodes-base.merge', 3.2, { mode: 'append', numberInputs: 2 }),
			node('Reply to Agent', TOOL_CALL, 1, { operation: 'reply', replyFormat: 'vapi' }),
			node('Respond to Webhook', 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'firstIncomingItem', options: {} }),
		],
		connections: {
			Webhook: { main: [[to('Route Tool Calls')]] },
			// Outputs: lookup_order, Not Routed, Tool List.
			'Route Tool Calls': { main: [[to('Lookup Order')], [to('Merge', 1)], []] },
			'Lookup Order': { main: [[to('Merge', 0)]] },
			Merge: { main: [[to('Reply to Agent')]] },
			'Reply to Agent': { main: [[to('Respond to Webhook')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The n8n-only shape: Webhook → Switch (on the tool name) → HTTP Request → Respond to Webhook (a Vapi reply). */
function roundTripN8n({ path, origin, credentials }) {
	x = 0;
	const call = "$('Webhook').item.json.body.message.toolCallList[0]";
	return {
		name: 'Bench round trip: n8n only',
		nodes: [
			webhookNode(path),
			node('Switch', 'n8n-nodes-base.switch', 3.2, {
				mode: 'rules',
				rules: {
					values: [
						{
							conditions: {
								options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
								conditions: [
									{
										id: randomUUID(),
										leftValue: '={{ $json.body.message.toolCallList[0].function.name }}',
										rightValue: 'lookup_order',
										operator: { type: 'string', operation: 'equals' },
									},
								],
								combinator: 'and',
							},
						},
					],
				},
				options: {},
			}),
			node(
				'HTTP Request',
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					method: 'GET',
					// n8n's expression sandbox refuses the property name "arguments" (Vapi's name for the tool
					// call's values), so the values are picked as the function's object-valued entry.
					url: `={{ "${origin}/orders/" + encodeURIComponent(Object.values(${call}.function).find((value) => typeof value === "object").order_number) }}`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					options: {},
				},
				{ credentials: { httpHeaderAuth: credentials.headerAuth } },
			),
			node('Respond to Webhook', 'n8n-nodes-base.respondToWebhook', 1.1, {
				respondWith: 'json',
				responseBody: `={{ JSON.stringify({ results: [{ toolCallId: ${call}.id, result: JSON.stringify($json) }] }) }}`,
				options: {},
			}),
		],
		connections: {
			Webhook: { main: [[to('Switch')]] },
			Switch: { main: [[to('HTTP Request')]] },
			'HTTP Request': { main: [[to('Respond to Webhook')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** A Vapi tool-calls request with one lookup_order call. */
function vapiRequest(index) {
	return {
		message: {
			type: 'tool-calls',
			toolCallList: [{ id: `call_${index}`, type: 'function', function: { name: 'lookup_order', arguments: { order_number: `A-${index}` } } }],
			call: { id: 'bench-call' },
		},
	};
}

module.exports = { CALL_NODE, throughputWorkflow, roundTripRedFlare, roundTripN8n, vapiRequest };
