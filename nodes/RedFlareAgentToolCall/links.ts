import { applyAccessPatterns, type NodeTypeAndVersion } from 'n8n-workflow';

import {
	TOOL_NAME_PATTERN,
	mcpTool,
	openAiFunctionTool,
	parseDefinition,
	parseDynamicParams,
	textOf,
	toolNameFrom,
	type DynamicParamDefinition,
	type JsonValue,
	type McpTool,
	type OpenAiFunctionTool,
} from '../../engine';
import { definitionFromParameters } from '../shared/definitionInput';
import { holdsExpression } from '../shared/perExecution';
import { quotedNodeName } from './nodeReference';
import { DEFINITION_VERSIONS, isLegacy } from '../shared/versions';

/**
 * A Tools row: a tool name linked to a Webhook Definition node, by its name or by an expression that
 * references it (`={{ $('Order Status').params.webhookName }}`, which n8n rewrites when that node is renamed).
 */
export interface ToolRow {
	name: string;
	webhook: string;
}

interface Link {
	output: number;
	tool: string;
	/** The linked node's name (what an expression references), or the row's text when it names no node. */
	webhook: string;
}

/** What a tool is linked to, or why the link is broken. */
export type ToolLink =
	| (Link & { status: 'ok'; description: string; method: string; url: string; params: DynamicParamDefinition[] })
	| (Link & { status: 'broken'; reason: string });

// The package prefix differs between an installed package, custom extensions and tests.
const DEFINITION_TYPE_SUFFIX = '.redFlareWebhookDefinition';

/**
 * The node a Linked Webhook names among `children`, and that node's name. A plain text is a node name;
 * an expression references a node when n8n's own rename would rewrite it (the longest name wins:
 * `$node.Order` is a prefix of `$node.Order_Status`).
 */
function linkedNode(webhook: string, children: NodeTypeAndVersion[]): { name: string; node?: NodeTypeAndVersion } {
	if (!webhook.startsWith('=')) return { name: webhook, node: children.find((child) => child.name === webhook) };
	const referenced = children.filter((child) => applyAccessPatterns(webhook, child.name, '\u0000') !== webhook);
	const node = referenced.sort((a, b) => b.name.length - a.name.length)[0];
	return node ? { name: node.name, node } : { name: quotedNodeName(webhook) ?? webhook.slice(1) };
}

/**
 * Checks each Tools row against the nodes downstream (with their raw parameters).
 * A row without a Tool Name takes the linked webhook's Name as its tool name.
 */
export function resolveLinks(rows: ToolRow[], children: NodeTypeAndVersion[]): ToolLink[] {
	const linked = rows.map((row) => linkedNode(row.webhook, children));
	const names = rows.map((row, index) => row.name || toolNameFrom(textOf(linked[index].node?.parameters?.webhookName) ?? ''));
	return rows.map((row, output): ToolLink => {
		const tool = names[output];
		const { name: webhook, node } = linked[output];
		const broken = (reason: string): ToolLink => ({ status: 'broken', reason, output, tool, webhook });
		if (!TOOL_NAME_PATTERN.test(tool)) return broken('invalid tool name: use 1 to 64 letters, digits, _ or -');
		if (names.indexOf(tool) !== output) return broken('duplicate tool name: an earlier row already uses it');
		if (!row.webhook) return broken('no linked webhook');
		if (!node) return broken(`linked webhook "${webhook}" is not a node downstream of this one`);
		if (!node.type.endsWith(DEFINITION_TYPE_SUFFIX)) return broken(`linked node "${webhook}" is not a RedFlare Webhook Definition node`);
		if (node.disabled) return broken(`linked webhook "${webhook}" is disabled`);
		const definition = definitionFromParameters((name) => node.parameters?.[name], isLegacy(DEFINITION_VERSIONS, node.typeVersion));
		const params = parseDynamicParams(definition.dynamicParams);
		if (!params.ok) return broken(`linked webhook "${webhook}" has invalid Dynamic Params: ${params.error.message}`);
		// Expressions resolve only when the webhook runs; without any, the whole definition can be judged now.
		if (!holdsExpression(definition)) {
			const parsed = parseDefinition(definition);
			if (!parsed.ok) return broken(`linked webhook "${webhook}" cannot work as configured: ${parsed.error.message}`);
		}
		return {
			status: 'ok',
			output,
			tool,
			webhook,
			description: textOf(definition.description) ?? '',
			method: textOf(definition.method) ?? '',
			url: textOf(definition.url) ?? '',
			params: params.params,
		};
	});
}

export function isLinked(link: ToolLink): link is Extract<ToolLink, { status: 'ok' }> {
	return link.status === 'ok';
}

/**
 * One Tool List entry: what an agent platform registers (a working tool's OpenAI and MCP schemas), and
 * where a builder sees the links. A broken tool has no schema, only the reason: with `legacyStatus`
 * (version 1 of the Tool Call node) the reason is its `status`.
 */
export function describeLink(link: ToolLink, legacyStatus: boolean): Record<string, JsonValue> {
	if (!isLinked(link)) {
		return legacyStatus
			? { tool: link.tool, webhook: link.webhook, status: link.reason }
			: { tool: link.tool, webhook: link.webhook, status: 'broken', reason: link.reason };
	}
	const openai: OpenAiFunctionTool = openAiFunctionTool(link.tool, link.description, link.params);
	const mcp: McpTool = mcpTool(link.tool, link.description, link.params);
	return {
		tool: link.tool,
		description: link.description,
		method: link.method,
		url: link.url,
		webhook: link.webhook,
		status: 'ok',
		openai,
		mcp,
	};
}

/**
 * The Tool List as one item (version 2): every tool as `describeLink` gives it, and beside them the
 * lists an agent platform registers as they are, of the working tools only.
 */
export function toolList(links: ToolLink[]): Record<string, JsonValue> {
	const working = links.filter(isLinked);
	return {
		tools: links.map((link) => describeLink(link, false)),
		openai: working.map((link): JsonValue => openAiFunctionTool(link.tool, link.description, link.params)),
		mcp: working.map((link): JsonValue => mcpTool(link.tool, link.description, link.params)),
	};
}
