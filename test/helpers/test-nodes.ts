/**
 * TEST-ONLY stand-ins for a few n8n built-in nodes (n8n-nodes-base is not installed here).
 * They are registered under the built-in type names so workflow JSON reads like a real export,
 * but they are minimal and never shipped: the package's `n8n` section does not list them.
 */
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { TestAgent } from './test-agent';

function describe(name: string, displayName: string, extra: Partial<INodeTypeDescription>): INodeTypeDescription {
	return {
		displayName: `${displayName} (test stand-in)`,
		name,
		group: ['transform'],
		version: 1,
		description: `Test-only stand-in for n8n's ${displayName} node`,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/**
 * `n8n-nodes-base.manualTrigger` stand-in. Emits the items in its `items` parameter (a JSON array
 * of item JSON) when set, else the items the harness feeds the start node (`triggerItems`).
 */
export class TestManualTrigger implements INodeType {
	description = describe('manualTrigger', 'Manual Trigger', {
		group: ['trigger'],
		inputs: [],
		properties: [{ displayName: 'Items (JSON)', name: 'items', type: 'string', default: '' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const configured = this.getNodeParameter('items', 0, '') as string;
		if (configured) {
			const list = JSON.parse(configured) as Array<Record<string, unknown>>;
			return [list.map((json) => ({ json: json as INodeExecutionData['json'] }))];
		}
		return [this.getInputData().map((item) => ({ json: item.json }))];
	}
}

/** `n8n-nodes-base.noOp` stand-in: passes items through, paired one to one. */
export class TestNoOp implements INodeType {
	description = describe('noOp', 'No Operation, do nothing', {});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
	}
}

/**
 * `n8n-nodes-base.merge` mirrors Merge v3 "append": `numberInputs` inputs (computed by an expression
 * like the real node), `requiredInputs` 1, items passed on untouched, an input without data counting as empty.
 * `n8n-nodes-base.webhook` mirrors the Webhook trigger as WorkflowExecute sees it (a `webhook` method and
 * no `execute`, so the engine passes the request item through); `n8n-nodes-base.respondToWebhook`
 * mirrors Respond to Webhook v1.1 and records what it sends.
 */
/** Same as Merge v3's `configuredInputs`: evaluated by n8n as an expression, so self-contained. */
const mergeInputs = (parameters: INodeParameters) =>
	Array.from({ length: (parameters.numberInputs as number) || 2 }, (_, i) => ({ type: 'main', displayName: 'Input ' + String(i + 1) }));

export class TestMergeV3 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Merge (test stand-in, v3 append)',
		name: 'merge',
		group: ['transform'],
		version: [3, 3.1, 3.2],
		description: "Test-only mirror of n8n's Merge v3 in Append mode",
		defaults: { name: 'Merge' },
		inputs: `={{(${mergeInputs})($parameter)}}`,
		outputs: [NodeConnectionTypes.Main],
		requiredInputs: '={{ $parameter["mode"] === "chooseBranch" ? [0, 1] : 1 }}',
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'options', options: [{ name: 'Append', value: 'append' }], default: 'append' },
			{
				displayName: 'Number of Inputs',
				name: 'numberInputs',
				type: 'options',
				options: [2, 3, 4, 5, 6, 7, 8, 9, 10].map((value) => ({ name: String(value), value })),
				default: 2,
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const mode = this.getNodeParameter('mode', 0) as string;
		if (mode !== 'append') throw new NodeOperationError(this.getNode(), `The test Merge only appends (mode "${mode}")`);
		const count = (this.getNodeParameter('numberInputs', 0, 2) as number) || 2;
		const out: INodeExecutionData[] = [];
		for (let input = 0; input < count; input++) {
			try {
				out.push(...(this.getInputData(input) ?? []));
			} catch {
				// n8n's Merge: an input without data counts as empty.
			}
		}
		return [out];
	}
}

export class TestWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webhook (test stand-in)',
		name: 'webhook',
		group: ['trigger'],
		version: [1, 1.1, 2, 2.1],
		description: "Test-only mirror of n8n's Webhook trigger: the harness's trigger items are the requests",
		defaults: { name: 'Webhook' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: '={{$parameter["httpMethod"]}}', responseMode: '={{$parameter["responseMode"]}}', path: '={{$parameter["path"]}}' }],
		properties: [
			{ displayName: 'HTTP Method', name: 'httpMethod', type: 'options', options: [{ name: 'POST', value: 'POST' }, { name: 'GET', value: 'GET' }], default: 'GET' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '' },
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				options: [
					{ name: 'Immediately', value: 'onReceived' },
					{ name: 'When Last Node Finishes', value: 'lastNode' },
					{ name: "Using 'Respond to Webhook' Node", value: 'responseNode' },
				],
				default: 'onReceived',
			},
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	};

	/** Never called in tests: WorkflowExecute passes a webhook node's input through. */
	async webhook(): Promise<IWebhookResponseData> {
		throw new Error('The test Webhook trigger does not listen');
	}
}

/** What the n8n Webhook trigger (v2) emits for a JSON POST. */
export function webhookRequest(body: IDataObject, path = 'agent-tools'): IDataObject {
	return {
		headers: { host: 'localhost:5678', 'content-type': 'application/json', 'user-agent': 'undici' },
		params: {},
		query: {},
		body,
		webhookUrl: `http://localhost:5678/webhook/${path}`,
		executionMode: 'production',
	};
}

/** Every response a Respond to Webhook stand-in sent (jest gives each test file its own copy). */
export const sentResponses: IN8nHttpFullResponse[] = [];

export class TestRespondToWebhook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Respond to Webhook (test stand-in)',
		name: 'respondToWebhook',
		group: ['transform'],
		version: [1, 1.1],
		description: "Test-only mirror of n8n's Respond to Webhook",
		defaults: { name: 'Respond to Webhook' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Respond With',
				name: 'respondWith',
				type: 'options',
				options: [
					{ name: 'All Incoming Items', value: 'allIncomingItems' },
					{ name: 'First Incoming Item', value: 'firstIncomingItem' },
					{ name: 'No Data', value: 'noData' },
				],
				default: 'firstIncomingItem',
			},
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [{ displayName: 'Response Code', name: 'responseCode', type: 'number', default: 200 }] },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getNode().typeVersion >= 1.1) {
			const webhookTypes = ['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger'];
			if (!this.getParentNodes(this.getNode().name).some(({ type }) => webhookTypes.includes(type))) {
				throw new NodeOperationError(this.getNode(), 'No Webhook node found in the workflow');
			}
		}
		const respondWith = this.getNodeParameter('respondWith', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as { responseCode?: number };
		let body: IN8nHttpFullResponse['body'];
		if (respondWith === 'firstIncomingItem') body = items[0].json;
		else if (respondWith === 'allIncomingItems') body = items.map((item) => item.json);
		const response: IN8nHttpFullResponse = { body, headers: {}, statusCode: options.responseCode || 200 };
		sentResponses.push(response);
		this.sendResponse(response);
		return [items];
	}
}

/**
 * TEST-ONLY probe of n8n's own request helper (not a stand-in for a built-in node): sends every item's
 * `url` through `this.helpers.httpRequest`, one call after another, with the item's `agentOptions`, to
 * see what n8n-core itself does with them (for example whether `keepAlive` reuses a connection).
 */
export class TestHttpProbe implements INodeType {
	description = describe('httpProbe', 'HTTP Probe', {});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			const { url, agentOptions } = item.json as { url: string; agentOptions?: IDataObject };
			const body = (await this.helpers.httpRequest({ url, agentOptions, json: true })) as IDataObject;
			output.push({ json: body, pairedItem: { item: index } });
		}
		return [output];
	}
}

/** Test stand-ins keyed by the full type name a workflow JSON uses. */
export const TEST_NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new TestManualTrigger(),
	'n8n-nodes-base.noOp': new TestNoOp(),
	'n8n-nodes-base.merge': new TestMergeV3(),
	'n8n-nodes-base.webhook': new TestWebhookTrigger(),
	'n8n-nodes-base.respondToWebhook': new TestRespondToWebhook(),
	'@n8n/n8n-nodes-langchain.agent': new TestAgent(),
	'test.httpProbe': new TestHttpProbe(),
};
