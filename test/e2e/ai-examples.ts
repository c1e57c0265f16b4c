/**
 * The AI examples (examples/ai-agent-webhook-tools.json, examples/mcp-webhook-tools.json) as the
 * end-to-end suites import them: URLs pointed at a local API, the credentials they name replaced by
 * imported ones, and the AI Agent example's Chat Trigger replaced by a trigger a test can fire; and
 * the run data n8n stored for an execution, read back from a stopped user folder.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { UserFolderSnapshot } from './leaks';
import type { MockOpenAi } from './mock-openai';
import { newId } from './progress';
import { PACKAGE_ROOT, runtime, type CredentialImport } from './runtime';

export type Json = Record<string, unknown>;

export interface WorkflowNode extends Json {
	name: string;
	type: string;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	settings: Json;
}

/** One run of a tool node in n8n's run data: what it was given and what it answered. */
export interface ToolRun {
	inputOverride?: { ai_tool?: Array<Array<{ json: Json }>> };
	data?: { ai_tool?: Array<Array<{ json: Json }>> };
}

/** The imported credentials an example's nodes are pointed at. */
export interface ExampleCredentials {
	secrets: { id: string };
	openAi: { id: string };
}

const EXAMPLE_ORIGIN = 'http://127.0.0.1:4010';
const CHAT_TRIGGER = 'When chat message received';
const AGENT = 'AI Agent';

/** An example workflow with its URLs on `origin` and its credentials replaced by the imported ones. */
export function example(file: string, origin: string, credentials: ExampleCredentials): WorkflowJson {
	const text = readFileSync(join(PACKAGE_ROOT, 'examples', file), 'utf8')
		.split(EXAMPLE_ORIGIN)
		.join(origin)
		.split('"redflare-demo-secrets"')
		.join(JSON.stringify(credentials.secrets.id))
		.split('"openai-account"')
		.join(JSON.stringify(credentials.openAi.id));
	return JSON.parse(text) as WorkflowJson;
}

/** The OpenAI credential whose base URL is the mock's (what n8n's OpenAI Chat Model then talks to). */
export function mockOpenAiCredential(credential: { id: string; name: string }, mock: MockOpenAi): CredentialImport {
	return { ...credential, type: 'openAiApi', data: { apiKey: 'sk-mock-openai-e2e', url: mock.baseUrl } };
}

/** A node given without id and position gets them. */
const placed = (node: WorkflowNode, x: number): WorkflowNode => ({ id: newId(), position: [x, 0], ...node });

/**
 * The AI Agent example with its Chat Trigger replaced: the `before` nodes, in a chain, feed the agent
 * (the first is the trigger), and the `after` nodes follow it in a chain. `agent` overrides some of
 * the agent's parameters (where its prompt comes from).
 */
export function agentExample(
	name: string,
	origin: string,
	credentials: ExampleCredentials,
	parts: { before: WorkflowNode[]; after?: WorkflowNode[]; agent?: Json },
): WorkflowJson {
	const workflow = example('ai-agent-webhook-tools.json', origin, credentials);
	const before = parts.before.map((node, i) => placed(node, 240 * (i - parts.before.length)));
	const after = (parts.after ?? []).map((node, i) => placed(node, 260 + 240 * (i + 1)));
	const nodes = workflow.nodes
		.filter((node) => node.name !== CHAT_TRIGGER)
		.map((node) => (node.name === AGENT && parts.agent ? { ...node, parameters: { ...(node.parameters as Json), ...parts.agent } } : node));
	const chain = [...before.map((node) => node.name), AGENT, ...after.map((node) => node.name)];
	const connections = { ...workflow.connections };
	delete connections[CHAT_TRIGGER];
	for (let i = 0; i + 1 < chain.length; i++) connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	return { ...workflow, name, nodes: [...nodes, ...before, ...after], connections };
}

/** The run data n8n stored for execution `id` (a stopped user folder's database), by node name. */
export function storedRunData(snapshot: UserFolderSnapshot, id: string | number): Record<string, ToolRun[]> {
	// n8n stores run data in its "flatted" format: read it with n8n's own copy.
	const flatted = createRequire(join(runtime.layout().n8nPrefix, 'package.json'))('flatted') as { parse(text: string): unknown };
	const rows = snapshot.tables.execution_data as Array<{ executionId: string | number; data: string }>;
	const row = rows.find((candidate) => String(candidate.executionId) === String(id));
	if (!row) throw new Error(`no stored data for execution ${id}`);
	return (flatted.parse(row.data) as { resultData: { runData: Record<string, ToolRun[]> } }).resultData.runData;
}

/** What a tool node was given (the model's arguments) and answered (the agent result), run by run. */
export const toolCalls = (runs: ToolRun[]) => runs.map((run) => [run.inputOverride?.ai_tool?.[0]?.[0]?.json, run.data?.ai_tool?.[0]?.[0]?.json]);
