/** The RedFlare webhook engine: no n8n imports; planning is pure, sending takes the transport. */
export * from './types';
export * from './errors';
export { convertValue, decimalText, isAbsent, type Conversion, type Converted } from './convert';
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
export { planRequest, type RequestPlan, type PlannedValue, type PlannedField, type PlanOutcome } from './plan';
export { materialize, type HttpRequest } from './materialize';
export { redactSecrets, Redactor, REDACTED } from './redact';
export { internalFailure, type Logger } from './internal';
export { readBody, parseBody, type ResponseBody, type ParsedBody } from './response';
export { shapeData, shapeErrorDetails, type ShapeOptions } from './shape';
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
export { parseSecrets, pickSecrets, checkSecretValues } from './secrets';
export { failure, withCall, isAgentResult, type AgentResult, type AgentSuccess, type AgentFailure, type CallTags } from './result';
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
export { PAYLOAD_FORMATS, REPLY_FORMATS, type PayloadFormat, type ReplyFormat } from './formats';
export { parseToolCalls, type ToolCall, type ParsedCall, type ParsedRequest, type ParseOptions } from './calls';
export { formatReply, replyText, requestFormat } from './reply';
export { htmlText } from './html';
export { textOf } from './json';
