import type { INodeParameters, NodeTypeAndVersion } from 'n8n-workflow';

import {
	TOOL_NAME_PATTERN,
	mcpTool,
	openAiFunctionTool,
	parseDefinition,
	parseDynamicParams,
	toolNameFrom,
	type DynamicParamDefinition,
	type JsonValue,
	type McpTool,
	type OpenAiFunctionTool,
} from '../../engine';
import { definitionFromParameters } from '../shared/definitionParameters';

/** A Tools row: a tool name linked to a Webhook Definition node. */
export interface ToolRow {
	name: string;
	webhook: string;
}

/** What a tool is linked to, or why the link is broken. */
export type ToolLink =
	| {
			status: 'ok';
			output: number;
			tool: string;
			webhook: string;
			description: string;
			method: string;
			url: string;
			params: DynamicParamDefinition[];
	  }
	| { status: string; output: number; tool: string; webhook: string };

// The package prefix differs between an installed package, custom extensions and tests.
const DEFINITION_TYPE_SUFFIX = '.redFlareWebhookDefinition';

function raw(parameters: INodeParameters | undefined, name: string): unknown {
	return parameters?.[name];
}

function asText(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** Whether raw parameters hold an n8n expression anywhere (a string starting with `=`). */
function holdsExpression(value: unknown): boolean {
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const current = stack.pop();
		if (typeof current === 'string' && current.startsWith('=')) return true;
		if (current !== null && typeof current === 'object') stack.push(...Object.values(current));
	}
	return false;
}

/**
 * Checks each Tools row against the nodes downstream (with their raw parameters).
 * A row without a Tool Name takes the linked webhook's Name as its tool name.
 */
export function resolveLinks(rows: ToolRow[], children: NodeTypeAndVersion[]): ToolLink[] {
	const linked = rows.map((row) => (row.webhook ? children.find((child) => child.name === row.webhook) : undefined));
	const names = rows.map((row, index) => row.name || toolNameFrom(asText(raw(linked[index]?.parameters, 'webhookName'))));
	return rows.map((row, output): ToolLink => {
		const tool = names[output];
		const node = linked[output];
		const broken = (status: string): ToolLink => ({ status, output, tool, webhook: row.webhook });
		if (!TOOL_NAME_PATTERN.test(tool)) return broken('invalid tool name: use 1 to 64 letters, digits, _ or -');
		if (names.indexOf(tool) !== output) return broken('duplicate tool name: an earlier row already uses it');
		if (!row.webhook) return broken('no linked webhook');
		if (!node) return broken(`linked webhook "${row.webhook}" is not a node downstream of this one`);
		if (!node.type.endsWith(DEFINITION_TYPE_SUFFIX)) return broken(`linked node "${row.webhook}" is not a RedFlare Webhook Definition node`);
		if (node.disabled) return broken(`linked webhook "${row.webhook}" is disabled`);
		const definition = definitionFromParameters((name) => raw(node.parameters, name));
		const params = parseDynamicParams(definition.dynamicParams);
		if (!params.ok) return broken(`linked webhook "${row.webhook}" has invalid Dynamic Params: ${params.error.message}`);
		// Expressions resolve only when the webhook runs; without any, the whole definition can be judged now.
		if (!holdsExpression(definition)) {
			const parsed = parseDefinition(definition);
			if (!parsed.ok) return broken(`linked webhook "${row.webhook}" cannot work as configured: ${parsed.error.message}`);
		}
		return {
			status: 'ok',
			output,
			tool,
			webhook: row.webhook,
			description: asText(definition.description),
			method: asText(definition.method),
			url: asText(definition.url),
			params: params.params,
		};
	});
}

export function isLinked(link: ToolLink): link is Extract<ToolLink, { status: 'ok' }> {
	return link.status === 'ok';
}

/** One Tool list entry: what an agent platform registers, and where a builder sees the links. */
export function describeLink(link: ToolLink): Record<string, JsonValue> {
	if (!isLinked(link)) return { tool: link.tool, webhook: link.webhook, status: link.status };
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
