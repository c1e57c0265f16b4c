/**
 * The workflows the end-to-end tests import into real n8n, in n8n's export format, built from this
 * package's two nodes and n8n's own Manual Trigger, Code, Webhook, Merge and Respond to Webhook.
 */
import { randomUUID } from 'node:crypto';

export const DEFINITION = 'n8n-nodes-redflare.redFlareWebhookDefinition';
export const TOOL_CALL = 'n8n-nodes-redflare.redFlareAgentToolCall';
export const CREDENTIAL_TYPE = 'redFlareSecretsApi';

export interface Credential {
	id: string;
	name: string;
}

type Json = Record<string, unknown>;

interface Node {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	credentials?: Json;
	disabled?: boolean;
	webhookId?: string;
}

export interface Workflow {
	id?: string;
	name: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Json;
}

type DataType = 'string' | 'number' | 'integer' | 'boolean';

/** Field rows of Headers / Query Params / Path Params / Body. */
export const dynamic = (name: string, dataType: DataType = 'string', dynamicParam = name) => ({ name, dataType, valueType: 'dynamic', dynamicParam });
export const fixed = (name: string, value: string, dataType: DataType = 'string') => ({ name, dataType, valueType: 'static', value });
export const secret = (name: string, secretName: string) => ({ name, dataType: 'string', valueType: 'secret', secretName });
/** A Dynamic Params row. */
export const param = (name: string, dataType: DataType, description: string, required = true) => ({ name, dataType, description, required });

let x = 0;
function node(name: string, type: string, typeVersion: number, parameters: Json, extra: Partial<Node> = {}): Node {
	x += 240;
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function definition(name: string, credential: Credential, parameters: Json, extra: Partial<Node> = {}, typeVersion = 1): Node {
	return node(
		name,
		DEFINITION,
		typeVersion,
		{ webhookName: name, headers: {}, queryParams: {}, pathParams: {}, bodyContentType: 'json', options: {}, ...parameters },
		{ credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } }, ...extra },
	);
}

/** A Code node that emits the given items (JSON objects). */
function code(name: string, items: Json[]): Node {
	return node(name, 'n8n-nodes-base.code', 2, { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })), null, 1)};` });
}

const to = (target: string, index = 0) => ({ node: target, type: 'main' as const, index });

/**
 * Definition nodes fed directly by Code nodes (one agent item per case, as an agent platform's
 * params would arrive): typed values in path/query/body with secrets, a missing and an invalid
 * value, a 1 s timeout against a server that never answers, and an HTTP 500.
 */
export function definitionCases(origin: string, credential: Credential, cases: { typed: Json[]; slow: Json[]; failing: Json[] }): Workflow {
	x = 0;
	const nodes = [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		code('Typed Items', cases.typed),
		definition('Typed Order', credential, {
			webhookDescription: 'Add a line to an order (typed values in path, query and body)',
			method: 'POST',
			url: `${origin}/typed/{order_id}/qty/{qty}/price/{price}/gift/{gift}`,
			timeout: 5,
			dynamicParams: {
				param: [
					param('order_id', 'string', 'The order number'),
					param('qty', 'integer', 'How many'),
					param('price', 'number', 'Unit price'),
					param('gift', 'boolean', 'Gift wrapped'),
					param('express', 'boolean', 'Express delivery'),
					param('note', 'string', 'A note for the warehouse'),
				],
			},
			headers: { field: [secret('X-Api-Key', 'Orders API Key'), dynamic('X-Qty', 'integer', 'qty')] },
			pathParams: { field: [dynamic('order_id'), dynamic('qty', 'integer'), dynamic('price', 'number'), dynamic('gift', 'boolean')] },
			queryParams: {
				field: [fixed('source', 'e2e'), dynamic('qty', 'integer'), dynamic('price', 'number'), dynamic('gift', 'boolean'), secret('token', 'Partner Token')],
			},
			body: {
				field: [
					dynamic('qty', 'integer'),
					dynamic('price', 'number'),
					dynamic('gift', 'boolean'),
					dynamic('express', 'boolean'),
					dynamic('note'),
					fixed('channel', 'voice'),
					fixed('lines', '2', 'integer'),
				],
			},
		}),
		code('Slow Item', cases.slow),
		definition('Slow Quote', credential, {
			webhookDescription: 'Get a shipping quote (a service that never answers)',
			method: 'GET',
			url: `${origin}/slow/{sku}`,
			timeout: 1,
			dynamicParams: { param: [param('sku', 'string', 'The product SKU')] },
			pathParams: { field: [dynamic('sku')] },
			headers: { field: [secret('X-Api-Key', 'Orders API Key')] },
		}),
		code('Failing Item', cases.failing),
		definition('Charge Card', credential, {
			webhookDescription: 'Charge the card on file (a service that fails)',
			method: 'POST',
			url: `${origin}/charge`,
			timeout: 5,
			dynamicParams: { param: [param('amount', 'number', 'Amount'), param('currency', 'string', 'ISO currency')] },
			headers: { field: [secret('X-Payments-Key', 'Payments Key')] },
			body: { field: [dynamic('amount', 'number'), dynamic('currency')] },
		}),
	];
	return {
		name: 'E2E: Definition cases',
		nodes,
		connections: {
			Start: { main: [[to('Typed Items'), to('Slow Item'), to('Failing Item')]] },
			'Typed Items': { main: [[to('Typed Order')]] },
			'Slow Item': { main: [[to('Slow Quote')]] },
			'Failing Item': { main: [[to('Charge Card')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export const TOOL_ROWS = [
	{ name: 'lookup_order', webhook: 'Lookup Order' },
	{ name: 'create_ticket', webhook: 'Create Ticket' },
	{ name: 'cancel_order', webhook: 'Cancel Order' }, // linked to a disabled Definition node
	{ name: 'refund_order', webhook: 'Refund Order' }, // linked to a node that does not exist
];

export interface AgentWorkflowOptions {
	name: string;
	origin: string;
	credential: Credential;
	/** Left out on version 2: "Same as Request", the default. */
	replyFormat?: 'vapi' | 'redflare' | 'openaiChat' | 'openaiResponses' | 'retell' | 'elevenlabs';
	/** The version of every RedFlare node (default 1). Version 2 links lookup_order by an expression that references its node. */
	version?: 1 | 2;
	/** A Manual Trigger and a Code node emitting these items (for `n8n execute`)... */
	items?: Json[];
	/** ...or a production Webhook trigger on this path, answering through Respond to Webhook. */
	webhookPath?: string;
	/** The Definition nodes' timeout in seconds (default 5). */
	timeoutSeconds?: number;
}

/**
 * The agent side: Route Tool Calls (auto-detect; describes the tools instead when the request is a
 * Vapi tool-list request) → Lookup Order / Create Ticket (+ a disabled Cancel Order) → Merge (append,
 * with Not Routed) → Reply to Agent [→ Respond to Webhook; Tool List → Respond with Tool List].
 */
export function agentWorkflow(options: AgentWorkflowOptions): Workflow {
	x = 0;
	const { origin, credential, timeoutSeconds: timeout = 5, version = 1 } = options;
	const rows = version === 1 ? TOOL_ROWS : TOOL_ROWS.map((row) => (row.name === 'lookup_order' ? { ...row, webhook: "={{ $('Lookup Order').params.webhookName }}" } : row));
	const webhook = options.webhookPath !== undefined;
	const entry = webhook ? 'Agent Webhook' : 'Agent Requests';
	const trigger: Node[] = webhook
		? [
				node(
					'Agent Webhook',
					'n8n-nodes-base.webhook',
					2,
					{ httpMethod: 'POST', path: options.webhookPath, responseMode: 'responseNode', options: {} },
					{ webhookId: randomUUID() },
				),
			]
		: [node('Start', 'n8n-nodes-base.manualTrigger', 1, {}), code('Agent Requests', options.items ?? [])];
	const lookup = {
		webhookDescription: 'Look up the status of an existing order by its order number',
		method: 'GET',
		url: `${origin}/orders/{order_number}`,
		timeout,
		dynamicParams: { param: [param('order_number', 'string', 'The order number, e.g. A-1001')] },
		pathParams: { field: [dynamic('order_number')] },
		headers: { field: [secret('X-Api-Key', 'Orders API Key')] },
	};
	const nodes: Node[] = [
		...trigger,
		node('Route Tool Calls', TOOL_CALL, version, {
			operation: 'route',
			payloadFormat: 'auto',
			tools: { tool: rows },
			describe: "={{ (($json.body || $json).message || {}).type === 'tool-list-request' }}",
		}),
		definition('Lookup Order', credential, lookup, {}, version),
		definition('Create Ticket', credential, {
			webhookDescription: 'Open a support ticket for the caller',
			method: 'POST',
			url: `${origin}/tickets`,
			timeout,
			dynamicParams: {
				param: [
					param('email', 'string', "The caller's email address"),
					param('subject', 'string', 'What the problem is'),
					param('priority', 'integer', '1 (low) to 3 (urgent)'),
					param('urgent', 'boolean', 'Whether the caller needs an answer today', false),
				],
			},
			headers: { field: [secret('X-Api-Key', 'Orders API Key')] },
			body: { field: [dynamic('customer.email', 'string', 'email'), dynamic('subject'), dynamic('priority', 'integer'), dynamic('urgent', 'boolean'), fixed('channel', 'voice')] },
		}, {}, version),
		definition('Cancel Order', credential, { ...lookup, method: 'DELETE', webhookDescription: 'Cancel an order' }, { disabled: true }, version),
		node('Merge', 'n8n-nodes-base.merge', 3.2, { mode: 'append', numberInputs: 3 }),
		node('Reply to Agent', TOOL_CALL, version, { operation: 'reply', ...(options.replyFormat === undefined ? {} : { replyFormat: options.replyFormat }) }),
	];
	if (webhook) {
		nodes.push(node('Respond to Webhook', 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'firstIncomingItem', options: {} }));
		nodes.push(node('Respond with Tool List', 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'allIncomingItems', options: {} }));
	}
	return {
		name: options.name,
		nodes,
		connections: {
			[entry]: { main: [[to('Route Tool Calls')]] },
			...(webhook ? {} : { Start: { main: [[to('Agent Requests')]] } }),
			// Outputs: lookup_order, create_ticket, cancel_order, refund_order, Not Routed, Tool List.
			'Route Tool Calls': { main: [[to('Lookup Order')], [to('Create Ticket')], [to('Cancel Order')], [], [to('Merge', 2)], webhook ? [to('Respond with Tool List')] : []] },
			'Lookup Order': { main: [[to('Merge', 0)]] },
			'Create Ticket': { main: [[to('Merge', 1)]] },
			Merge: { main: [[to('Reply to Agent')]] },
			...(webhook ? { 'Reply to Agent': { main: [[to('Respond to Webhook')]] } } : {}),
		},
		settings: { executionOrder: 'v1' },
	};
}

/** One Definition node per secret name: it sends that secret, alone, to `${origin}/secret/<index>`. */
export interface SecretProbe {
	node: string;
	secretName: string;
}

/**
 * A production Webhook → one Definition node per probe (each sends its secret in an X-Secret header
 * to the local server) → Merge (append) → Respond to Webhook with every result, in probe order.
 */
export function secretProbeWorkflow(options: { name: string; origin: string; credential: Credential; webhookPath: string; probes: SecretProbe[] }): Workflow {
	x = 0;
	const { origin, credential, probes } = options;
	const nodes: Node[] = [
		node('Probe Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: options.webhookPath, responseMode: 'responseNode', options: {} }, { webhookId: randomUUID() }),
		...probes.map((probe, index) =>
			definition(probe.node, credential, {
				webhookDescription: `Send the secret "${probe.secretName}"`,
				method: 'POST',
				url: `${origin}/secret/${index}`,
				timeout: 5,
				headers: { field: [secret('X-Secret', probe.secretName)] },
			}),
		),
		node('Merge', 'n8n-nodes-base.merge', 3.2, { mode: 'append', numberInputs: probes.length }),
		node('Respond to Webhook', 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'allIncomingItems', options: {} }),
	];
	return {
		name: options.name,
		nodes,
		connections: {
			'Probe Webhook': { main: [probes.map((probe) => to(probe.node))] },
			...Object.fromEntries(probes.map((probe, index) => [probe.node, { main: [[to('Merge', index)]] }])),
			Merge: { main: [[to('Respond to Webhook')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
