/**
 * TEST-ONLY stand-ins for a few n8n built-in nodes (n8n-nodes-base is not installed here).
 * They are registered under the built-in type names so workflow JSON reads like a real export,
 * but they are minimal and never shipped: the package's `n8n` section does not list them.
 */
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

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

/** `n8n-nodes-base.merge` stand-in, "append" only: the items of input 1, then those of input 2. */
export class TestMergeAppend implements INodeType {
	description = describe('merge', 'Merge', {
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		requiredInputs: 1,
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let input = 0; input < 2; input++) {
			const items = this.getInputData(input) ?? [];
			items.forEach((item, index) => out.push({ json: item.json, pairedItem: { item: index, input } }));
		}
		return [out];
	}
}

/** Test stand-ins keyed by the full type name a workflow JSON uses. */
export const TEST_NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new TestManualTrigger(),
	'n8n-nodes-base.noOp': new TestNoOp(),
	'n8n-nodes-base.merge': new TestMergeAppend(),
};
