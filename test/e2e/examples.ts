/**
 * Runs workflow files from examples/ in real n8n the way a builder uses them: imported as they are,
 * with the credentials they name, published, and called on their Webhook triggers over HTTP. The
 * only change is where the Webhook Definition nodes send their calls: each URL's origin becomes a
 * local server's (path and query kept), so every example runs against a local API that records
 * what it receives. One n8n serves all the examples given.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { startLocalServer, type Answer, type LocalServer, type ReceivedRequest } from './local-server';
import { PACKAGE_ROOT, runtime, tearDown, type CredentialImport, type RunningN8n } from './runtime';
import { CREDENTIAL_TYPE, DEFINITION } from './workflows';

export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/**
 * The examples of the Agent Tool Call node, one per platform it speaks: the file, the platform's
 * payload format (which is also the format its Same as Request reply answers in), and the path of its
 * Webhook trigger.
 */
export const TOOL_CALL_EXAMPLES = [
	{ file: 'voice-agent-two-tools.json', platform: 'Vapi', format: 'vapi', path: 'vapi/tools' },
	{ file: 'retell-custom-functions.json', platform: 'Retell', format: 'retell', path: 'retell/tools' },
	{ file: 'elevenlabs-server-tools.json', platform: 'ElevenLabs', format: 'elevenlabs', path: 'elevenlabs/tools' },
	{ file: 'openai-chat-completions-tools.json', platform: 'OpenAI Chat Completions', format: 'openaiChat', path: 'openai/chat-completions' },
	{ file: 'openai-responses-tools.json', platform: 'OpenAI Responses', format: 'openaiResponses', path: 'openai/responses' },
	{ file: 'redflare-tool-calls.json', platform: 'RedFlare', format: 'redflare', path: 'redflare/tools' },
] as const;

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface ExampleWorkflow {
	name: string;
	nodes: ExampleNode[];
	[key: string]: unknown;
}

export interface PreparedExample {
	workflow: ExampleWorkflow;
	/** The paths of its Webhook triggers. */
	webhookPaths: string[];
	/** The secrets credentials its nodes name, by id. */
	credentials: Array<{ id: string; name: string }>;
}

const WEBHOOK_TRIGGER = 'n8n-nodes-base.webhook';

/**
 * The example with every Webhook Definition node's URL moved to `origin` (the path, placeholders and
 * query kept as written), and what it needs to run. Pure: the workflow passed in is not changed.
 */
export function prepareExample(workflow: ExampleWorkflow, origin: string): PreparedExample {
	const copy = JSON.parse(JSON.stringify(workflow)) as ExampleWorkflow;
	const credentials = new Map<string, { id: string; name: string }>();
	for (const node of copy.nodes) {
		const ref = node.credentials?.[CREDENTIAL_TYPE];
		if (ref) credentials.set(ref.id, { id: ref.id, name: ref.name });
		if (node.type !== DEFINITION) continue;
		// A string match, not new URL(): URL would percent-encode the {placeholders} in the path.
		const url = /^https?:\/\/[^/?#]+(.*)$/.exec(String(node.parameters.url ?? ''));
		if (!url) throw new Error(`${workflow.name}: node "${node.name}" has no plain http(s) URL to point at the local API: ${String(node.parameters.url)}`);
		node.parameters.url = `${origin}${url[1]}`;
	}
	const webhookPaths = copy.nodes.filter((node) => node.type === WEBHOOK_TRIGGER).map((node) => String(node.parameters.path));
	if (webhookPaths.length === 0) throw new Error(`${workflow.name}: no Webhook trigger to call`);
	return { workflow: copy, webhookPaths, credentials: [...credentials.values()] };
}

export const loadExample = (file: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;

export interface ExampleSetup {
	/** A file name in examples/. */
	file: string;
	/** The secrets of each credential the example names, by credential name: { secret name: value }. */
	secrets: Record<string, Record<string, string>>;
}

export interface RunningExamples {
	/** The local API the examples call, with every request it received. */
	api: LocalServer;
	/** n8n's user folder (its database, logs and settings), there until stop(). */
	userFolder: string;
	/** POSTs a JSON body to an example's Webhook trigger; the reply, parsed when it is JSON. */
	post(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
	/** Requests the local API received since `since` (a count taken before). */
	requestsSince(since: number): ReceivedRequest[];
	/** Everything n8n printed. */
	output(): string;
	/** Stops n8n and keeps its user folder (to search it); stop() still cleans up. */
	stopN8n(): Promise<void>;
	stop(): Promise<void>;
}

/**
 * The credentials to import: one per id, with the secrets its setups give. Examples may share a
 * credential (each names the same demo secrets), but never with different secrets.
 */
export function credentialsToImport(prepared: Array<{ setup: ExampleSetup; credentials: Array<{ id: string; name: string }> }>): CredentialImport[] {
	const byId = new Map<string, CredentialImport>();
	for (const { setup, credentials } of prepared) {
		for (const credential of credentials) {
			const secrets = setup.secrets[credential.name];
			if (!secrets) throw new Error(`${setup.file} uses the credential "${credential.name}": give its secrets`);
			const entry = { ...credential, type: CREDENTIAL_TYPE, data: { vault: JSON.stringify(secrets) } };
			const earlier = byId.get(credential.id);
			if (earlier && JSON.stringify(earlier) !== JSON.stringify(entry)) {
				throw new Error(`${setup.file} gives the credential "${credential.id}" another name or other secrets than an earlier example`);
			}
			byId.set(credential.id, entry);
		}
	}
	return [...byId.values()];
}

/**
 * Installs the packed package into a fresh n8n user folder, imports the examples with their
 * credentials, publishes them and starts n8n; the local API answers with `answer`.
 */
export async function startExamples(setups: ExampleSetup[], answer: (request: ReceivedRequest) => Answer, log: (message: string) => void): Promise<RunningExamples> {
	let api: LocalServer | undefined;
	let userFolder: string | undefined;
	let n8n: RunningN8n | undefined;
	try {
		api = await startLocalServer(answer);
		const origin = api.origin;
		const prepared = setups.map((setup) => ({ setup, ...prepareExample(loadExample(setup.file), origin) }));
		userFolder = runtime.createUserFolder('redflare-examples-');
		log(`local API at ${origin}; n8n user folder ${userFolder}`);
		await runtime.ensureN8n({ log: (message) => log(`  ${message}`) });
		await runtime.installCommunityPackage(userFolder, PACKAGE_ROOT, { log: (message) => log(`  ${message}`) });

		const credentials = credentialsToImport(prepared);
		if (credentials.length) await runtime.importCredentials(userFolder, credentials);
		const ids = await runtime.importWorkflows(userFolder, prepared.map(({ workflow }) => workflow));
		for (const id of ids) await runtime.publishWorkflow(userFolder, id);
		log(`imported and published ${prepared.map(({ setup }) => basename(setup.file)).join(', ')}`);

		const running = await runtime.startN8n(userFolder, { webhookPaths: prepared.flatMap(({ webhookPaths }) => webhookPaths), timeoutMs: 240000, log: (message) => log(`  ${message}`) });
		n8n = running;
		const server = api;
		const folder = userFolder;
		return {
			api: server,
			userFolder: folder,
			async post(path, body) {
				const response = await runtime.request(running.webhookUrl(path), {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify(body),
					timeoutMs: 30000,
				});
				let json: unknown = response.body;
				try {
					json = JSON.parse(response.body);
				} catch {
					// not JSON: the text as it came
				}
				return { status: response.status, json };
			},
			requestsSince: (since) => server.requests.slice(since),
			output: () => running.output(),
			stopN8n: () => running.stop(),
			stop: () => tearDown({ n8n: running, server, userFolder: folder }, log),
		};
	} catch (error) {
		await tearDown({ n8n, server: api, userFolder }, log);
		throw error;
	}
}
