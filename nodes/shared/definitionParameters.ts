import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS, type FieldLocation } from '../../engine';

const DATA_TYPE_OPTIONS = [
	{ name: 'String', value: 'string' },
	{ name: 'Number', value: 'number' },
	{ name: 'Integer', value: 'integer' },
	{ name: 'Boolean', value: 'boolean' },
];

/** The n8n parameter name of each field section. */
export const SECTION_PARAMETERS: Record<FieldLocation, string> = {
	headers: 'headers',
	query: 'queryParams',
	path: 'pathParams',
	body: 'body',
};

const SECTIONS: Record<FieldLocation, { displayName: string; add: string; description: string }> = {
	headers: {
		displayName: 'Headers',
		add: 'Add Header',
		description: 'Headers for authentication, formatting or custom behaviour',
	},
	query: {
		displayName: 'Query Params',
		add: 'Add Query Param',
		description: 'Key-value pairs appended to the URL to filter results, paginate or pass options',
	},
	path: {
		displayName: 'Path Params',
		add: 'Add Path Param',
		description:
			'Values slotted into the URL: a {name} placeholder in the URL path is filled by the param of that name; params without a placeholder are appended as path segments in the order added',
	},
	body: {
		displayName: 'Body',
		add: 'Add Body Field',
		description: 'The payload. Dots in a name build nested objects: customer.email → {"customer": {"email": ...}}.',
	},
};

/** The one factory for the four field collections (headers, query, path, body). */
export function fieldSection(location: FieldLocation): INodeProperties {
	const section = SECTIONS[location];
	return {
		displayName: section.displayName,
		name: SECTION_PARAMETERS[location],
		type: 'fixedCollection',
		placeholder: section.add,
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		description: section.description,
		displayOptions: location === 'body' ? { hide: { method: ['GET'] } } : undefined,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Data Type',
						name: 'dataType',
						type: 'options',
						options: DATA_TYPE_OPTIONS,
						default: 'string',
						description: 'The value is converted to this type before it is sent',
					},
					{
						displayName: 'Dynamic Param',
						name: 'dynamicParam',
						type: 'string',
						default: '',
						placeholder: 'Defaults to the field name',
						description: 'The Dynamic Param that fills this field; empty means the param with the field’s own name',
						displayOptions: { show: { valueType: ['dynamic'] } },
					},
					{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
					{
						displayName: 'Secret Name or ID',
						name: 'secretName',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getSecretNames' },
						default: '',
						description:
							'A secret from the RedFlare Webhook Secrets credential. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
						displayOptions: { show: { valueType: ['secret'] } },
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { show: { valueType: ['static'] } },
					},
					{
						displayName: 'Value Type',
						name: 'valueType',
						type: 'options',
						options: [
							{ name: 'Dynamic', value: 'dynamic', description: 'Extracted by the agent from the conversation' },
							{ name: 'Static', value: 'static', description: 'A fixed value, sent the same way every time' },
							{ name: 'Secret', value: 'secret', description: 'A stored secret, pulled in only when the call is sent' },
						],
						default: 'dynamic',
					},
				],
			},
		],
	};
}

/** Name, Description and Dynamic Params take no data expressions: the Tool Call node reads them raw. */
export const definitionProperties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'webhookName',
		type: 'string',
		default: '',
		required: true,
		noDataExpression: true,
		placeholder: 'Order Status Lookup',
		description: 'A name to recognise this webhook by; tools linked to it show it',
	},
	{
		displayName: 'Description',
		name: 'webhookDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		noDataExpression: true,
		placeholder: 'Look up the status of an existing order by its order number',
		description: 'What the webhook does and when to use it. The agent reads this to decide when to call it, so be specific.',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'GET',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://api.example.com/orders/{order_number}',
		description: 'The endpoint. {placeholders} are allowed in the path only and are filled by Path Params of the same name.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: MIN_TIMEOUT_SECONDS, maxValue: MAX_TIMEOUT_SECONDS },
		default: DEFAULT_TIMEOUT_SECONDS,
		description: 'How long to wait for the whole response; a slower endpoint is abandoned and the agent is told',
	},
	{
		displayName: 'Dynamic Params',
		name: 'dynamicParams',
		type: 'fixedCollection',
		placeholder: 'Add Dynamic Param',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		noDataExpression: true,
		description: 'Values the agent extracts from the conversation (a name, a date, an ID). They form the tool’s input schema.',
		options: [
			{
				displayName: 'Param',
				name: 'param',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, noDataExpression: true, placeholder: 'order_number' },
					{ displayName: 'Data Type', name: 'dataType', type: 'options', options: DATA_TYPE_OPTIONS, default: 'string', noDataExpression: true },
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						noDataExpression: true,
						description: 'Tells the agent what to extract',
					},
					{ displayName: 'Required', name: 'required', type: 'boolean', default: true, noDataExpression: true },
				],
			},
		],
	},
	fieldSection('headers'),
	fieldSection('query'),
	fieldSection('path'),
	fieldSection('body'),
	{
		displayName: 'Body Content Type',
		name: 'bodyContentType',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json' },
			{ name: 'Form URL-Encoded', value: 'form', description: 'Stripe-style APIs; nested names become customer[email]' },
		],
		default: 'json',
		displayOptions: { hide: { method: ['GET'] } },
	},
];

/**
 * The webhook parameters of the RedFlare Webhook Tool: the Definition node's, without Name. The tool is
 * named after its node, because n8n's AI Agent records earlier tool calls under the node's name.
 */
export const toolDefinitionProperties: INodeProperties[] = definitionProperties.filter(
	(property) => property.name !== 'webhookName',
);

interface FieldRow {
	name?: unknown;
	dataType?: unknown;
	valueType?: unknown;
	value?: unknown;
	secretName?: unknown;
	dynamicParam?: unknown;
}

function rows(collection: unknown, key: string): Array<Record<string, unknown>> {
	if (collection === null || typeof collection !== 'object') return [];
	const list = (collection as Record<string, unknown>)[key];
	return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}

function fieldRows(collection: unknown): FieldRow[] {
	return rows(collection, 'field').map((row) => ({
		name: row.name,
		dataType: row.dataType ?? 'string',
		valueType: row.valueType ?? 'dynamic',
		value: row.valueType === 'static' ? (row.value ?? '') : undefined,
		secretName: row.valueType === 'secret' ? row.secretName : undefined,
		dynamicParam: (row.valueType ?? 'dynamic') === 'dynamic' ? row.dynamicParam : undefined,
	}));
}

/**
 * Turns the node's parameters into the engine's definition input (validated by the engine).
 * `read` returns one parameter by name: evaluated per item in the Definition node, raw in the Tool Call node.
 */
export function definitionFromParameters(read: (name: string) => unknown): Record<string, unknown> {
	const method = read('method') ?? 'GET';
	return {
		name: read('webhookName'),
		description: read('webhookDescription') ?? '',
		method,
		url: read('url'),
		timeoutSeconds: read('timeout') ?? DEFAULT_TIMEOUT_SECONDS,
		dynamicParams: rows(read('dynamicParams'), 'param').map((row) => ({
			name: row.name,
			dataType: row.dataType ?? 'string',
			description: row.description ?? '',
			required: row.required ?? true,
		})),
		headers: fieldRows(read(SECTION_PARAMETERS.headers)),
		query: fieldRows(read(SECTION_PARAMETERS.query)),
		path: fieldRows(read(SECTION_PARAMETERS.path)),
		// A GET hides the Body section; rows left from another method are not sent.
		body: method === 'GET' ? [] : fieldRows(read(SECTION_PARAMETERS.body)),
		bodyContentType: read('bodyContentType') ?? 'json',
	};
}

/** Every parameter `definitionFromParameters` reads. */
export const DEFINITION_PARAMETER_NAMES = [
	'webhookName',
	'webhookDescription',
	'method',
	'url',
	'timeout',
	'dynamicParams',
	...Object.values(SECTION_PARAMETERS),
	'bodyContentType',
];
