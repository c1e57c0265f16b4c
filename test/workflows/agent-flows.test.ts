/**
 * Realistic workflow JSON (as exported from the n8n editor) run through n8n-core's real engine with
 * the built package, against a real local API server.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';

const ORDER_KEY = 'Bearer ord_live_51HxQ';
const STRIPE_KEY = 'Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const CRM_TOKEN = 'crm_tok_0a9b8c';
const SECRETS = { 'Order API Key': ORDER_KEY, 'Stripe API Key': STRIPE_KEY, 'CRM Token': CRM_TOKEN };
const CREDENTIAL = { id: 'Xk2LrQ9aPz0bWm1T', name: 'RedFlare Webhook Secrets (prod)' };
/** Credential data keyed by the id the workflow JSON references, as n8n stores it. */
const credentials = { [CREDENTIAL.id]: { vault: JSON.stringify(SECRETS) } };

let api: TestServer;

beforeAll(async () => {
	blockNetwork();
	api = await startServer();
	api.route('/v2/orders/ORD-1001', { body: { order: { number: 'ORD-1001', status: 'shipped', eta: '2024-06-03', warehouse: 'W7' } } });
	api.route('/v2/orders/ORD%207%2FB', { body: { order: { number: 'ORD 7/B', status: 'processing', eta: null, warehouse: 'W1' } } });
	api.route('/customers', (request) => {
		const body = JSON.parse(request.text) as IDataObject;
		return { status: 201, body: { id: 'cus_8812', name: body.name, email: body.email } };
	});
	api.route('/orders', (request) => ({ status: 201, body: { id: 'ord_3', received: JSON.parse(request.text) as unknown } }));
	api.route('/v1/payment_intents', { body: { id: 'pi_1', status: 'requires_confirmation', client_secret: 'pi_1_secret_x' } });
	api.route('/crm/contacts/ann%40example.com', { body: { updated: true } });
});

afterAll(async () => {
	await api.close();
	restoreNetwork();
});

beforeEach(() => {
	api.requests.length = 0;
});

function expectNoSecrets(value: unknown): void {
	const text = JSON.stringify(value);
	for (const secret of Object.values(SECRETS)) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(secret.replace('Bearer ', ''));
	}
}

it('a voice agent looks up orders: three tool calls, one missing its order number', async () => {
	const workflow: WorkflowJson = {
		name: 'Voice agent – order status',
		nodes: [
			{
				id: '6f1c1e0a-8f0e-4c55-9f1e-1d2c3b4a5e6f',
				name: 'When clicking ‘Execute workflow’',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					items: JSON.stringify([
						{ tool: 'order_status', params: { order_number: 'ORD-1001', email: 'ann@example.com' }, toolCallId: 'call_A1', conversationId: 'conv_1' },
						{ tool: 'order_status', params: { email: 'bob@example.com' }, toolCallId: 'call_B2', conversationId: 'conv_2' },
						{ tool: 'order_status', params: { order_number: 'ORD 7/B' }, toolCallId: 'call_C3', conversationId: 'conv_3' },
					]),
				},
			},
			{
				id: '0b5e7f7c-2c1d-4d0e-8a4b-9f8e7d6c5b4a',
				name: 'Order Status Lookup',
				type: 'n8n-nodes-redflare.redFlareWebhookDefinition',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					webhookName: 'order_status',
					webhookDescription: 'Look up the status and delivery date of an existing order by its order number',
					method: 'GET',
					url: `${api.origin}/v2/orders/{order_number}`,
					timeout: 5,
					dynamicParams: {
						param: [
							{ name: 'order_number', dataType: 'string', description: 'The order number, e.g. ORD-1001', required: true },
							{ name: 'email', dataType: 'string', description: 'The customer email', required: false },
						],
					},
					headers: { field: [{ name: 'Authorization', dataType: 'string', valueType: 'secret', secretName: 'Order API Key' }] },
					queryParams: {
						field: [
							{ name: 'customer_email', dataType: 'string', valueType: 'dynamic', dynamicParam: 'email' },
							{ name: 'fields', dataType: 'string', valueType: 'static', value: 'status,eta' },
						],
					},
					pathParams: { field: [{ name: 'order_number', dataType: 'string', valueType: 'dynamic' }] },
					options: { keepFields: 'order.status, order.eta' },
				},
				credentials: { redFlareSecretsApi: CREDENTIAL },
			},
		],
		connections: {
			'When clicking ‘Execute workflow’': { main: [[{ node: 'Order Status Lookup', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};

	const result = await runWorkflow(workflow, { credentials });

	expect(result.error).toBeUndefined();
	expect(result.executedNodes).toEqual(['When clicking ‘Execute workflow’', 'Order Status Lookup']);
	expect(result.outputOf('Order Status Lookup')).toEqual([
		{ ok: true, status: 200, data: { order: { status: 'shipped', eta: '2024-06-03' } }, toolCallId: 'call_A1' },
		{
			ok: false,
			error: { code: 'missing_params', missing: ['order_number'], message: expect.stringContaining('order_number') },
			toolCallId: 'call_B2',
		},
		{ ok: true, status: 200, data: { order: { status: 'processing', eta: null } }, toolCallId: 'call_C3' },
	]);
	expect(api.requests.map((request) => request.url)).toEqual([
		'/v2/orders/ORD-1001?customer_email=ann%40example.com&fields=status%2Ceta',
		'/v2/orders/ORD%207%2FB?fields=status%2Ceta',
	]);
	expect(api.requests.every((request) => request.headers.authorization === ORDER_KEY)).toBe(true);
	// The secrets credential was read once for the execution, though two calls were sent.
	expect(result.credentialReads).toHaveLength(1);
	expectNoSecrets(result.run);
});

it('two webhooks in a chain: create the customer, then the order with the new customer id', async () => {
	const workflow: WorkflowJson = {
		name: 'Chat agent – new order',
		nodes: [
			{
				id: 'a0f0c4de-3b0f-4bb8-9d55-0c2b0f3f1a11',
				name: 'Agent call',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b1e1d5ef-4c1a-4cc9-8e66-1d3c1a4a2b22',
				name: 'Create Customer',
				type: 'n8n-nodes-redflare.redFlareWebhookDefinition',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					webhookName: 'create_customer',
					webhookDescription: 'Create a customer record',
					method: 'POST',
					url: `${api.origin}/customers`,
					dynamicParams: {
						param: [
							{ name: 'name', dataType: 'string', required: true },
							{ name: 'email', dataType: 'string', required: true },
						],
					},
					headers: { field: [{ name: 'X-Crm-Token', valueType: 'secret', secretName: 'CRM Token' }] },
					body: {
						field: [
							{ name: 'name', valueType: 'dynamic' },
							{ name: 'email', valueType: 'dynamic' },
						],
					},
					options: { onFailure: 'fail' },
				},
				credentials: { redFlareSecretsApi: CREDENTIAL },
			},
			{
				id: 'c2f2e6f0-5d2b-4dda-9f77-2e4d2b5b3c33',
				name: 'Create Order',
				type: 'n8n-nodes-redflare.redFlareWebhookDefinition',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					webhookName: 'create_order',
					method: 'POST',
					url: `${api.origin}/orders`,
					dynamicParams: { param: [{ name: 'id', dataType: 'string', description: 'customer id', required: true }] },
					headers: {
						field: [
							// The builder's own expression: reads the conversation id from the trigger item.
							{ name: 'X-Conversation', valueType: 'static', value: "={{ $('Agent call').item.json.conversationId }}" },
						],
					},
					body: {
						field: [
							{ name: 'customer_id', valueType: 'dynamic', dynamicParam: 'id' },
							{ name: 'items.sku', valueType: 'static', value: 'SKU-9' },
							{ name: 'items.qty', dataType: 'integer', valueType: 'static', value: '2' },
						],
					},
					options: { valuesPath: 'data' },
				},
				credentials: { redFlareSecretsApi: CREDENTIAL },
			},
		],
		connections: {
			'Agent call': { main: [[{ node: 'Create Customer', type: 'main', index: 0 }]] },
			'Create Customer': { main: [[{ node: 'Create Order', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};

	const result = await runWorkflow(workflow, {
		credentials,
		triggerItems: [{ params: { name: 'Ann Lee', email: 'ann@example.com' }, toolCallId: 'call_77', conversationId: 'conv_9' }],
	});

	expect(result.error).toBeUndefined();
	expect(result.outputOf('Create Customer')).toEqual([
		{ ok: true, status: 201, data: { id: 'cus_8812', name: 'Ann Lee', email: 'ann@example.com' }, toolCallId: 'call_77' },
	]);
	expect(result.outputOf('Create Order')).toEqual([
		{
			ok: true,
			status: 201,
			data: { id: 'ord_3', received: { customer_id: 'cus_8812', items: { sku: 'SKU-9', qty: 2 } } },
			toolCallId: 'call_77',
		},
	]);
	expect(result.itemsOf('Create Order')[0].pairedItem).toEqual({ item: 0 });
	const [customer, order] = api.requests;
	expect(customer.headers['x-crm-token']).toBe(CRM_TOKEN);
	expect(customer.text).toBe('{"name":"Ann Lee","email":"ann@example.com"}');
	expect(order.headers['x-conversation']).toBe('conv_9');
	expect(order.text).toBe('{"customer_id":"cus_8812","items":{"sku":"SKU-9","qty":2}}');
	expectNoSecrets(result.run);
});

it('one agent turn fans out to two secret-backed webhooks and the answers are merged', async () => {
	const workflow: WorkflowJson = {
		name: 'Checkout – payment and CRM',
		nodes: [
			{ id: 'd3a3f7a1-0000-4eeb-8a88-3f5e3c6c4d44', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'e4b4a8b2-1111-4ffc-9b99-4a6f4d7d5e55',
				name: 'Charge Card',
				type: 'n8n-nodes-redflare.redFlareWebhookDefinition',
				typeVersion: 1,
				position: [220, -100],
				parameters: {
					webhookName: 'charge_card',
					method: 'POST',
					url: `${api.origin}/v1/payment_intents`,
					dynamicParams: {
						param: [
							{ name: 'amount', dataType: 'integer', required: true },
							{ name: 'order_id', dataType: 'string', required: true },
						],
					},
					headers: { field: [{ name: 'Authorization', valueType: 'secret', secretName: 'Stripe API Key' }] },
					bodyContentType: 'form',
					body: {
						field: [
							{ name: 'amount', dataType: 'integer', valueType: 'dynamic' },
							{ name: 'currency', valueType: 'static', value: 'eur' },
							{ name: 'metadata.order_id', valueType: 'dynamic', dynamicParam: 'order_id' },
						],
					},
					options: { keepFields: 'id,status' },
				},
				credentials: { redFlareSecretsApi: CREDENTIAL },
			},
			{
				id: 'f5c5b9c3-2222-4a0d-8caa-5b7a5e8e6f66',
				name: 'Update CRM',
				type: 'n8n-nodes-redflare.redFlareWebhookDefinition',
				typeVersion: 1,
				position: [220, 100],
				parameters: {
					webhookName: 'update_crm',
					method: 'PUT',
					url: `${api.origin}/crm/contacts/{email}`,
					dynamicParams: {
						param: [
							{ name: 'email', dataType: 'string', required: true },
							{ name: 'vip', dataType: 'boolean', required: false },
						],
					},
					headers: { field: [{ name: 'X-Token', valueType: 'secret', secretName: 'CRM Token' }] },
					pathParams: { field: [{ name: 'email', valueType: 'dynamic' }] },
					body: { field: [{ name: 'contact.vip', dataType: 'boolean', valueType: 'dynamic', dynamicParam: 'vip' }] },
				},
				credentials: { redFlareSecretsApi: CREDENTIAL },
			},
			{ id: 'a6d6cad4-3333-4b1e-9dbb-6c8b6f9f7a77', name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 1, position: [440, 0], parameters: {} },
		],
		connections: {
			Trigger: {
				main: [
					[
						{ node: 'Charge Card', type: 'main', index: 0 },
						{ node: 'Update CRM', type: 'main', index: 0 },
					],
				],
			},
			'Charge Card': { main: [[{ node: 'Merge', type: 'main', index: 0 }]] },
			'Update CRM': { main: [[{ node: 'Merge', type: 'main', index: 1 }]] },
		},
		settings: { executionOrder: 'v1' },
	};

	const result = await runWorkflow(workflow, {
		credentials,
		triggerItems: [{ params: { amount: '4999', order_id: 'ORD-1001', email: 'ann@example.com', vip: 'yes' }, toolCallId: 'call_pay' }],
	});

	expect(result.error).toBeUndefined();
	expect(result.outputOf('Merge')).toEqual([
		{ ok: true, status: 200, data: { id: 'pi_1', status: 'requires_confirmation' }, toolCallId: 'call_pay' },
		{ ok: true, status: 200, data: { updated: true }, toolCallId: 'call_pay' },
	]);
	const charge = api.requests.find((request) => request.url === '/v1/payment_intents');
	const crm = api.requests.find((request) => request.url.startsWith('/crm/'));
	expect(charge?.text).toBe('amount=4999&currency=eur&metadata%5Border_id%5D=ORD-1001');
	expect(charge?.headers.authorization).toBe(STRIPE_KEY);
	expect(crm?.method).toBe('PUT');
	expect(crm?.url).toBe('/crm/contacts/ann%40example.com');
	expect(crm?.text).toBe('{"contact":{"vip":true}}');
	expect(crm?.headers['x-token']).toBe(CRM_TOKEN);
	expectNoSecrets(result.run);
});

it('a Retell-style call arriving through a Webhook trigger: values read from body.args', async () => {
	const workflow: WorkflowJson = {
		nodes: [
			{ name: 'Webhook', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
			{
				name: 'Order Status',
				type: 'n8n-nodes-redflare.redFlareWebhookDefinition',
				parameters: {
					webhookName: 'order_status',
					method: 'GET',
					url: `${api.origin}/v2/orders/{order_number}`,
					dynamicParams: { param: [{ name: 'order_number', dataType: 'string', required: true }] },
					pathParams: { field: [{ name: 'order_number' }] },
					options: { valuesPath: 'body.args', keepFields: 'order.status' },
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Order Status', type: 'main', index: 0 }]] } },
	};
	const result = await runWorkflow(workflow, {
		triggerItems: [
			{
				headers: { 'content-type': 'application/json' },
				body: { name: 'order_status', args: { order_number: 'ORD-1001' }, call: { call_id: 'rt_1' } },
			},
		],
	});
	expect(result.outputOf('Order Status')).toEqual([{ ok: true, status: 200, data: { order: { status: 'shipped' } } }]);
});
