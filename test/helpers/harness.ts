/**
 * Runs workflow JSON through n8n-core's real execution engine (WorkflowExecute), with this
 * package's node and credential types loaded from the BUILT package (dist/, via the package.json
 * `n8n` section) by n8n-core's own PackageDirectoryLoader. Run `npm run build` first.
 */
import 'reflect-metadata';
import './n8n-env';

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';

import {
	Credentials,
	CredentialTestContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeCredentialTestResult,
	type INodePropertyOptions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { TEST_NODE_TYPES, sentResponses } from './test-nodes';

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/** Full type name of the package's nodes, as n8n names community nodes: `<package>.<node>`. */
export const DEFINITION_NODE_TYPE = 'n8n-nodes-redflare.redFlareWebhookDefinition';
export const SECRETS_CREDENTIAL_TYPE = 'redFlareSecretsApi';

export interface LoadedPackage {
	loader: PackageDirectoryLoader;
	packageName: string;
	/** Package node types by full name (`n8n-nodes-redflare.redFlareWebhookDefinition`). */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Package credential types by name (`redFlareSecretsApi`). */
	credentialTypes: Record<string, ICredentialType>;
}

let loading: Promise<LoadedPackage> | undefined;

/** Loads the built package exactly as n8n does (once per test file). */
export async function loadPackage(): Promise<LoadedPackage> {
	loading ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const nodeTypes: LoadedPackage['nodeTypes'] = {};
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) nodeTypes[`${loader.packageName}.${name}`] = type;
		const credentialTypes: LoadedPackage['credentialTypes'] = {};
		for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentialTypes[name] = type;
		if (Object.keys(nodeTypes).length === 0) throw new Error('No node types loaded: run `npm run build` first.');
		return { loader, packageName: loader.packageName, nodeTypes, credentialTypes };
	})();
	return await loading;
}

/** The node-types lookup n8n-core needs: package nodes plus the test-only stand-ins. */
class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types[nodeType];
		if (!found) throw new Error(`Unknown node type "${nodeType}" in the test harness`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}

/** Every credential read a run made: what type, for which node credential. */
export interface CredentialRead {
	type: string;
	id: string | null;
	name: string;
}

/**
 * Returns test credential data. Data is looked up by the node's credential id, then its name,
 * then the credential type. getDecrypted is what `this.getCredentials` ends in.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly reads: CredentialRead[] = [];

	constructor(
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
		private readonly credentialTypes: Record<string, ICredentialType>,
	) {
		super();
	}

	private find(details: INodeCredentialsDetails, type: string): ICredentialDataDecryptedObject {
		const key = [details.id, details.name, type].find((candidate) => candidate && candidate in this.data);
		if (!key) throw new Error(`Credential with ID "${details.id}" does not exist for type "${type}".`);
		return structuredClone(this.data[key]);
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const credentials = new Credentials(details, type);
		credentials.setData(this.find(details, type));
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads.push({ type, id: details.id, name: details.name });
		return this.find(details, type);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string) {
		return this.credentialTypes[type]?.properties ?? [];
	}
}

/** A minimal IWorkflowExecuteAdditionalData: what n8n-core reads while running these nodes. */
export function buildAdditionalData(
	credentialsHelper: ICredentialsHelper,
	extra: { hooks?: ExecutionLifecycleHooks; executionId?: string; workflowId?: string } = {},
): IWorkflowExecuteAdditionalData {
	const notInTests = (what: string) => async () => {
		throw new Error(`${what} is not available in the test harness`);
	};
	return {
		credentialsHelper,
		...extra,
		userId: 'test-user',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		executeWorkflow: notInTests('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notInTests('startRunnerTask'),
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A node as written in workflow JSON; id, typeVersion, position and parameters may be left out. */
export type WorkflowNode = Partial<INode> & Pick<INode, 'name' | 'type'>;

export interface WorkflowJson {
	name?: string;
	nodes: WorkflowNode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
}

export interface RunOptions {
	/** Credential data by credential type (or by the node credential's id or name). */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/**
	 * Give every node whose type declares a credential type in `credentials` a reference to it
	 * when the JSON has none (default true). Turn off to test "no credential selected".
	 */
	attachCredentials?: boolean;
	/** The JSON of the items the start node receives (default: one empty item). */
	triggerItems?: IDataObject[];
	/** The node to start from (default: the first node without a main input connection). */
	startNode?: string;
	mode?: WorkflowExecuteMode;
	/** Cancels the execution (as the n8n UI's stop button does) when it aborts. */
	cancelSignal?: AbortSignal;
}

export interface RunResult {
	run: IRun;
	runData: IRunData;
	/** The execution's error (a node threw and did not continue on fail), if any. */
	error: ExecutionError | undefined;
	/** The JSON of every item a node put on an output (its last run). */
	outputOf(nodeName: string, outputIndex?: number): IDataObject[];
	/** The full items (json, pairedItem, error...) a node put on an output (its last run). */
	itemsOf(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error recorded on a node's last run, if it failed. */
	nodeError(nodeName: string): ExecutionError | undefined;
	/** The messages of the hints a node's last run added (what n8n shows above its output). */
	hintsOf(nodeName: string): string[];
	/** Node names in the order they ran. */
	executedNodes: string[];
	/** Credential reads the run made (when and how often secrets were read). */
	credentialReads: CredentialRead[];
}

/** The one reply item of a run's Reply to Agent node, which must also be exactly what Respond to Webhook sent. */
export function agentReply(result: RunResult, nodeName = 'Reply to Agent'): IDataObject {
	const items = result.outputOf(nodeName);
	expect(items).toHaveLength(1);
	expect(sentResponses).toHaveLength(1);
	expect(sentResponses[0].body).toEqual(items[0]);
	return items[0];
}

function normalizeNodes(nodes: WorkflowNode[]): INode[] {
	return nodes.map((node, index) => ({
		id: randomUUID(),
		typeVersion: 1,
		position: [index * 220, 0],
		parameters: {},
		...structuredClone(node),
	})) as INode[];
}

function createNodeTypes(pkg: LoadedPackage): TestNodeTypes {
	return new TestNodeTypes({ ...TEST_NODE_TYPES, ...pkg.nodeTypes });
}

/** Gives each node whose type declares a credential type with test data a reference to it. */
function attachCredentials(nodes: INode[], nodeTypes: INodeTypes, data: Record<string, ICredentialDataDecryptedObject>): void {
	for (const node of nodes) {
		const declared = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
		for (const { name: type } of declared) {
			if (!(type in data) || node.credentials?.[type]) continue;
			node.credentials = { ...node.credentials, [type]: { id: `test-${type}`, name: `Test ${type}` } };
		}
	}
}

function pickStartNode(nodes: INode[], connections: IConnections, wanted?: string): INode {
	if (wanted) {
		const node = nodes.find((candidate) => candidate.name === wanted);
		if (!node) throw new Error(`Start node "${wanted}" is not in the workflow`);
		return node;
	}
	const targets = new Set<string>();
	for (const outputs of Object.values(connections)) {
		for (const output of outputs.main ?? []) for (const connection of output ?? []) targets.add(connection.node);
	}
	const roots = nodes.filter((node) => !targets.has(node.name) && !node.disabled);
	const start = roots.find((node) => /trigger/i.test(node.type)) ?? roots[0];
	if (!start) throw new Error('No start node found');
	return start;
}

function lastRun(runData: IRunData, nodeName: string) {
	const runs = runData[nodeName];
	if (!runs || runs.length === 0) throw new Error(`Node "${nodeName}" did not run (ran: ${Object.keys(runData).join(', ')})`);
	return runs[runs.length - 1];
}

/**
 * Runs a workflow through n8n-core's WorkflowExecute.processRunExecutionData and returns the run.
 * The start node receives `triggerItems` as its input.
 */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	const pkg = await loadPackage();
	const nodeTypes = createNodeTypes(pkg);
	const nodes = normalizeNodes(workflowJson.nodes);
	const connections = structuredClone(workflowJson.connections);
	const credentialData = options.credentials ?? {};

	if (options.attachCredentials !== false) attachCredentials(nodes, nodeTypes, credentialData);

	const settings: IWorkflowSettings = { executionOrder: 'v1', ...workflowJson.settings };
	const workflowId = `test-${randomUUID().slice(0, 8)}`;
	const executionId = String(Date.now());
	const mode = options.mode ?? 'manual';
	const workflow = new Workflow({
		id: workflowId,
		name: workflowJson.name ?? 'Test workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: {},
		settings,
	});
	const workflowData = {
		id: workflowId,
		name: workflow.name,
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;

	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executedNodes: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});
	let finished: (run: IRun) => void = () => undefined;
	const afterHook = new Promise<IRun>((resolveRun) => (finished = resolveRun));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

	const credentialsHelper = new TestCredentialsHelper(credentialData, pkg.credentialTypes);
	const additionalData = buildAdditionalData(credentialsHelper, { hooks, executionId, workflowId });

	const startNode = pickStartNode(nodes, connections, options.startNode);
	const triggerItems = (options.triggerItems ?? [{}]).map((json) => ({ json: structuredClone(json) }));
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [triggerItems] }, source: null }] },
	});

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	const onCancel = () => running.cancel();
	if (options.cancelSignal?.aborted) onCancel();
	options.cancelSignal?.addEventListener('abort', onCancel, { once: true });
	let run: IRun;
	try {
		// A cancelled execution never settles its promise; the after-hook still reports the run.
		run = await Promise.race([running, afterHook]);
	} finally {
		options.cancelSignal?.removeEventListener('abort', onCancel);
	}

	const runData = run.data.resultData.runData;
	return {
		run,
		runData,
		error: run.data.resultData.error,
		outputOf: (nodeName, outputIndex = 0) => (lastRun(runData, nodeName).data?.main?.[outputIndex] ?? []).map((item) => item.json),
		itemsOf: (nodeName, outputIndex = 0) => lastRun(runData, nodeName).data?.main?.[outputIndex] ?? [],
		nodeError: (nodeName) => lastRun(runData, nodeName).error,
		hintsOf: (nodeName) => (lastRun(runData, nodeName).hints ?? []).map((hint) => hint.message),
		executedNodes,
		credentialReads: credentialsHelper.reads,
	};
}

/** Parameters of a Definition node; anything left out takes the node's defaults. */
export type DefinitionParameters = INodeParameters;

/** One field row of a Headers/Query Params/Path Params/Body section. */
export interface FieldRow {
	name: string;
	dataType?: 'string' | 'number' | 'integer' | 'boolean';
	valueType?: 'dynamic' | 'static' | 'secret';
	value?: string;
	secretName?: string;
	dynamicParam?: string;
}

/** One Dynamic Params row. */
export interface ParamRow {
	name: string;
	dataType?: 'string' | 'number' | 'integer' | 'boolean';
	description?: string;
	required?: boolean;
}

/** Builds a fixedCollection value for a field section. */
export const fields = (...rows: FieldRow[]) => ({ field: rows }) as unknown as INodeParameters[string];

/** Builds the Dynamic Params fixedCollection value. */
export const params = (...rows: ParamRow[]) => ({ param: rows }) as unknown as INodeParameters[string];

/**
 * The workflow after the editor renames nodes, each [from, to] in turn: n8n-workflow's own renameNode,
 * as the canvas runs it, which rewrites the expressions that reference a renamed node.
 */
export function renamed<T extends { nodes: WorkflowNode[]; connections: IConnections }>(workflow: T, renames: Array<[string, string]>): T {
	// Types are not needed to rename; parameters stay as saved.
	const nodeTypes = { getByNameAndVersion: () => undefined } as unknown as INodeTypes;
	const graph = new Workflow({ nodes: structuredClone(workflow.nodes) as INode[], connections: structuredClone(workflow.connections), active: false, nodeTypes });
	for (const [from, to] of renames) graph.renameNode(from, to);
	return { ...workflow, nodes: Object.values(graph.nodes), connections: graph.connectionsBySourceNode };
}

/**
 * The smallest realistic workflow around one Definition node: Manual Trigger → Definition.
 * `name` is the Definition node's name (default "Webhook").
 */
export function definitionWorkflow(parameters: DefinitionParameters, extra: Partial<WorkflowNode> = {}): WorkflowJson {
	const name = extra.name ?? 'Webhook';
	return {
		nodes: [
			{ name: 'Trigger', type: 'n8n-nodes-base.manualTrigger' },
			{ ...extra, name, type: DEFINITION_NODE_TYPE, parameters: { webhookName: 'test_webhook', ...parameters } },
		],
		connections: { Trigger: { main: [[{ node: name, type: 'main', index: 0 }]] } },
	};
}

/**
 * Calls a node's load-options method (e.g. the Secret picker's `getSecretNames`) the way the n8n
 * editor does: through n8n-core's real LoadOptionsContext, credentials read via the helper, with the
 * node's parameters as the panel holds them and the path of the parameter whose list is opened.
 */
export async function loadOptions(
	method: string,
	options: {
		nodeType?: string;
		typeVersion?: number;
		parameters?: INodeParameters;
		/** The parameter whose options load (default `parameters.headers`). */
		path?: string;
		credentials?: Record<string, ICredentialDataDecryptedObject>;
		attachCredentials?: boolean;
	} = {},
): Promise<INodePropertyOptions[]> {
	const pkg = await loadPackage();
	const nodeTypes = createNodeTypes(pkg);
	const [node] = normalizeNodes([{ name: 'Node', type: options.nodeType ?? DEFINITION_NODE_TYPE, typeVersion: options.typeVersion ?? 1, parameters: options.parameters ?? {} }]);
	const credentialData = options.credentials ?? {};
	if (options.attachCredentials !== false) attachCredentials([node], nodeTypes, credentialData);
	const workflow = new Workflow({ id: 'load-options', nodes: [node], connections: {}, active: false, nodeTypes });
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const loader = nodeType.methods?.loadOptions?.[method];
	if (!loader) throw new Error(`Node type "${node.type}" has no load-options method "${method}"`);
	const helper = new TestCredentialsHelper(credentialData, pkg.credentialTypes);
	const additionalData = { ...buildAdditionalData(helper), currentNodeParameters: options.parameters ?? {} };
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path ?? 'parameters.headers');
	return await loader.call(context);
}

/** Runs a node's credential test method (what the credential modal's "Test" does) on test data. */
export async function testCredential(
	data: ICredentialDataDecryptedObject,
	options: { nodeType?: string; testName?: string; credentialType?: string } = {},
): Promise<INodeCredentialTestResult> {
	const pkg = await loadPackage();
	const nodeType = createNodeTypes(pkg).getByNameAndVersion(options.nodeType ?? DEFINITION_NODE_TYPE);
	const testName = options.testName ?? 'redFlareSecretsTest';
	const test = nodeType.methods?.credentialTest?.[testName];
	if (!test) throw new Error(`No credential test "${testName}"`);
	const type = options.credentialType ?? SECRETS_CREDENTIAL_TYPE;
	return await test.call(new CredentialTestContext(), { id: 'test', name: 'Test', type, data });
}
