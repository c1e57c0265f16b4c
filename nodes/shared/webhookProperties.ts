import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DATA_TYPES, DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS, METHODS, type DataType, type FieldLocation } from '../../engine';
import { forBehaviour, hasLegacy, type WebhookVersions } from './versions';

/*
 * The webhook parameters as the panel shows them, for the Definition node and the Webhook Tool alike.
 * How the adapters read them back is in definitionInput.ts.
 */

/** How the panel names each data type. */
export const DATA_TYPE_NAMES: Record<DataType, string> = { string: 'String', number: 'Number', integer: 'Integer', boolean: 'Boolean' };
const DATA_TYPE_OPTIONS: INodePropertyOptions[] = DATA_TYPES.map((value) => ({ name: DATA_TYPE_NAMES[value], value }));

const VALUE_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Dynamic', value: 'dynamic', description: 'A Dynamic Param: extracted by the agent from the conversation' },
	{ name: 'Static', value: 'static', description: 'A fixed value, sent the same way every time' },
	{ name: 'Secret', value: 'secret', description: 'A stored secret, pulled in only when the call is sent' },
];
const VALUE_TYPE_NAMES = Object.fromEntries(VALUE_TYPE_OPTIONS.map((option) => [option.value, option.name]));

/** The n8n parameter name of each field section. */
export const SECTION_PARAMETERS: Record<FieldLocation, string> = {
	headers: 'headers',
	query: 'queryParams',
	path: 'pathParams',
	body: 'body',
};

/*
 * Row titles (n8n's collapsible rows show them; `$collection.item.value` is the row as saved, where a
 * value left at its default is missing). "X-Api-Key · Secret", "X-Note · Dynamic: note", "order_number · Integer".
 */
const FIELD_ROW_TITLE = `={{ (() => { const row = $collection.item.value; const source = row.valueType ?? "dynamic"; const param = source === "dynamic" && row.dynamicParam && row.dynamicParam !== row.name ? ": " + row.dynamicParam : ""; return (row.name || "(no name)") + " · " + (${JSON.stringify(VALUE_TYPE_NAMES)}[source] ?? source) + param; })() }}`;
const PARAM_ROW_TITLE = `={{ (() => { const row = $collection.item.value; const type = row.dataType ?? "string"; return (row.name || "(no name)") + " · " + (${JSON.stringify(DATA_TYPE_NAMES)}[type] ?? type) + ((row.required ?? true) ? "" : " · optional"); })() }}`;

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
			'Values slotted into the URL. A {name} placeholder in the URL is filled by the row of that name or, without one, by the Dynamic Param of that name: a row is needed only to fill it from a Static or Secret value or from a param of another name. Rows without a placeholder are appended as path segments in the order added.',
	},
	body: {
		displayName: 'Body',
		add: 'Add Body Field',
		description: 'The payload. Dots in a name build nested objects: customer.email → {"customer": {"email": ...}}.',
	},
};

// The editor reloads a picker's options when one of these values changes. It compares them as text, so
// a list of rows would only count as changed with its length: each row's name and type is listed.
const WATCHED_PARAM_ROWS = 25;
const PICKER_DEPENDS_ON = [
	'&name',
	'dynamicParams.param',
	...Array.from({ length: WATCHED_PARAM_ROWS }, (_, row) => [`dynamicParams.param[${row}].name`, `dynamicParams.param[${row}].dataType`]).flat(),
];

const TYPE_DESCRIPTION = 'The value is converted to this type before it is sent';

/**
 * The fields of one row, in reading order, which is also the alphabetical order n8n's lint asks for:
 * the name, where the value comes from, the source, and (for a Static or Secret value) its type. A
 * Dynamic field takes its Dynamic Param's type; only legacy versions show a second one.
 */
function fieldRow(versions: WebhookVersions): INodeProperties[] {
	const type: INodeProperties = { displayName: 'Type', name: 'dataType', type: 'options', options: DATA_TYPE_OPTIONS, default: 'string', description: TYPE_DESCRIPTION };
	return [
		{ displayName: 'Field Name', name: 'name', type: 'string', default: '', required: true },
		{ displayName: 'Fill With', name: 'valueType', type: 'options', options: VALUE_TYPE_OPTIONS, default: 'dynamic' },
		{
			displayName: 'From Dynamic Param Name or ID',
			name: 'dynamicParam',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getDynamicParams', loadOptionsDependsOn: PICKER_DEPENDS_ON },
			default: '',
			description:
				'The Dynamic Param whose value fills this field; "(Same as Field Name)" takes the param named like the field. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: { show: { valueType: ['dynamic'] } },
		},
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
		{ displayName: 'Static Value', name: 'value', type: 'string', default: '', displayOptions: { show: { valueType: ['static'] } } },
		...(hasLegacy(versions)
			? [
					{
						...type,
						description: `${TYPE_DESCRIPTION}. A Dynamic value is converted from its param's type to this one (version 2 of this node takes the param's type).`,
						displayOptions: forBehaviour(versions, 'legacy'),
					},
				]
			: []),
		{ ...type, displayOptions: forBehaviour(versions, 'current', { show: { valueType: ['static', 'secret'] } }) },
	];
}

/** The one factory for the four field collections (headers, query, path, body). */
function fieldSection(location: FieldLocation, versions: WebhookVersions): INodeProperties {
	const section = SECTIONS[location];
	return {
		displayName: section.displayName,
		name: SECTION_PARAMETERS[location],
		type: 'fixedCollection',
		placeholder: section.add,
		typeOptions: { multipleValues: true, sortable: true, fixedCollection: { itemTitle: FIELD_ROW_TITLE } },
		default: {},
		description: section.description,
		displayOptions: location === 'body' ? { hide: { method: ['GET'] } } : undefined,
		options: [{ displayName: 'Field', name: 'field', values: fieldRow(versions) }],
	};
}

/**
 * The webhook parameters of a node whose versions `versions` describes. Name, Description and Dynamic
 * Params take no data expressions: the Tool Call node reads them raw.
 */
export function webhookProperties(versions: WebhookVersions): INodeProperties[] {
	return [
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
			options: [...METHODS].sort().map((method) => ({ name: method, value: method })),
			default: 'GET',
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example.com/orders/{order_number}',
			description:
				'The endpoint. {placeholders} are allowed in the path only; each is filled by the Path Params row of its name or, without one, by the Dynamic Param of its name.',
			hint: 'Say it once: a {placeholder} named like a Dynamic Param needs no Path Params row',
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
			typeOptions: { multipleValues: true, sortable: true, fixedCollection: { itemTitle: PARAM_ROW_TITLE } },
			default: {},
			noDataExpression: true,
			description:
				'Values the agent extracts from the conversation (a name, a date, an ID). They form the tool’s input schema, and fields of a Dynamic value take their type.',
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
		fieldSection('headers', versions),
		fieldSection('query', versions),
		fieldSection('path', versions),
		fieldSection('body', versions),
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
}
