/** The RedFlare webhook engine: no n8n imports; planning is pure, sending takes the transport. */
export * from './types';
export * from './errors';
export { convertValue, decimalText, isAbsent, toText, type Conversion, type Converted } from './convert';
export {
	parseDefinition,
	parseDynamicParams,
	isFramingHeader,
	dynamicParamOf,
	DEFAULT_TIMEOUT_SECONDS,
	MIN_TIMEOUT_SECONDS,
	MAX_TIMEOUT_SECONDS,
	type WebhookDefinitionInput,
} from './definition';
export { parseUrlTemplate, placeholderNames, encodeSegment, type UrlTemplate, type PathPart } from './url';
export { checkArguments, type CheckedValues } from './params';
export { planRequest, materialize, type RequestPlan, type PlannedValue, type PlannedField, type PlanOutcome, type HttpRequest } from './plan';
export { redactSecrets, Redactor, REDACTED } from './redact';
export { MAX_DATA_DEPTH, deeperThan } from './depth';
export { internalFailure, type Logger } from './internal';
export { readBody, parseBody, type ResponseBody, type ParsedBody } from './response';
export { shapeData, type ShapeOptions } from './shape';
export {
	sendPlan,
	DEFAULT_MAX_RESPONSE_BYTES,
	type Transport,
	type TransportRequest,
	type TransportResponse,
	type SecretResolver,
	type SendOptions,
	type RetryOptions,
} from './send';
export { executeWebhook, type ExecuteOptions } from './run';
export { PreparedDefinition, type DefinitionOutcome } from './prepared';
export { readAgentItem, checkRouting, type AgentItem } from './input';
export { parseSecrets, pickSecrets, checkSecretValues, MIN_SECRET_LENGTH } from './secrets';
export { failure, withToolCallId, isAgentResult, type AgentResult, type AgentSuccess, type AgentFailure } from './result';
export {
	TOOL_NAME_PATTERN,
	toolNameFrom,
	mcpInputSchema,
	toolInputSchema,
	openAiStrictParameters,
	openAiFunctionTool,
	mcpTool,
	type JsonObjectSchema,
	type OpenAiFunctionTool,
	type McpTool,
} from './schema';
export { getPath } from './paths';
export {
	PAYLOAD_FORMATS,
	parseToolCalls,
	formatReply,
	resultText,
	type PayloadFormat,
	type ReplyFormat,
	type ToolCall,
	type ParsedCall,
	type ParseOptions,
} from './toolcalls';
