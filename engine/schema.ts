import type { DataType, DynamicParamDefinition } from './types';

/** Tool names every agent platform accepts. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** A webhook's Name as a tool name: `Order Status` → `order_status` (empty when nothing is left). */
export function toolNameFrom(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9_-]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 64);
}

type JsonSchemaProperty = {
	type: DataType | [DataType, 'null'];
	description?: string;
};

/** A tool's arguments as JSON Schema: one property per Dynamic Param. */
export type JsonObjectSchema = {
	type: 'object';
	properties: Record<string, JsonSchemaProperty>;
	required: string[];
	additionalProperties?: false;
};

function property(param: DynamicParamDefinition, nullable: boolean): JsonSchemaProperty {
	const schema: JsonSchemaProperty = { type: nullable ? [param.dataType, 'null'] : param.dataType };
	if (param.description) schema.description = param.description;
	return schema;
}

/** MCP `inputSchema`: only the required params are required; optional ones may be left out. */
export function mcpInputSchema(params: DynamicParamDefinition[]): JsonObjectSchema {
	return {
		type: 'object',
		properties: Object.fromEntries(params.map((param) => [param.name, property(param, false)])),
		required: params.filter((param) => param.required).map((param) => param.name),
	};
}

/**
 * The input schema of an AI tool (the RedFlare Webhook Tool, for n8n's AI Agent and MCP Server Trigger):
 * the MCP schema, closed to arguments the Dynamic Params do not declare.
 */
export function toolInputSchema(params: DynamicParamDefinition[]): JsonObjectSchema {
	return { ...mcpInputSchema(params), additionalProperties: false };
}

/** OpenAI strict-mode `parameters`: every property required, optional ones nullable, nothing else allowed. */
export function openAiStrictParameters(params: DynamicParamDefinition[]): JsonObjectSchema {
	return {
		type: 'object',
		properties: Object.fromEntries(params.map((param) => [param.name, property(param, !param.required)])),
		required: params.map((param) => param.name),
		additionalProperties: false,
	};
}

/** A tool as OpenAI's function calling registers it (strict mode). */
export type OpenAiFunctionTool = {
	type: 'function';
	function: { name: string; description: string; parameters: JsonObjectSchema; strict: true };
};

/** A tool as an MCP server lists it (`tools/list`). */
export type McpTool = {
	name: string;
	description: string;
	inputSchema: JsonObjectSchema;
};

/** The tool as an OpenAI function (Chat Completions `tools[]`). */
export function openAiFunctionTool(name: string, description: string, params: DynamicParamDefinition[]): OpenAiFunctionTool {
	return { type: 'function', function: { name, description, parameters: openAiStrictParameters(params), strict: true } };
}

/** The tool as an MCP tool listing entry. */
export function mcpTool(name: string, description: string, params: DynamicParamDefinition[]): McpTool {
	return { name, description, inputSchema: mcpInputSchema(params) };
}
