/** HTTP methods a webhook can use (seed: GET, POST, PUT, PATCH, DELETE). */
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof METHODS)[number];

/** Data types a value is converted to before it is sent. */
export const DATA_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** How a field's value is supplied. */
export const VALUE_TYPES = ['dynamic', 'static', 'secret'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** The four field sections of a request. */
export const LOCATIONS = ['headers', 'query', 'path', 'body'] as const;
export type FieldLocation = (typeof LOCATIONS)[number];

export const BODY_CONTENT_TYPES = ['json', 'form'] as const;
export type BodyContentType = (typeof BODY_CONTENT_TYPES)[number];

/** Any JSON value: what responses parse to and what agent results carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A value after conversion: what JSON scalars a field can carry. */
export type Scalar = string | number | boolean;

/** One header, query param, path param or body field. */
export interface FieldDefinition {
	name: string;
	dataType: DataType;
	valueType: ValueType;
	/** Static: the fixed value. */
	value?: Scalar;
	/** Secret: the name of a stored secret. */
	secretName?: string;
	/** Dynamic: the dynamic param that fills it; defaults to the field's own name. */
	dynamicParam?: string;
}

/** A variable the agent extracts from the conversation. */
export interface DynamicParamDefinition {
	name: string;
	dataType: DataType;
	description: string;
	required: boolean;
}

/** A saved recipe for an API call. */
export interface WebhookDefinition {
	name: string;
	description: string;
	method: HttpMethod;
	url: string;
	/** Seconds, 1 to 300. */
	timeoutSeconds: number;
	headers: FieldDefinition[];
	query: FieldDefinition[];
	path: FieldDefinition[];
	body: FieldDefinition[];
	bodyContentType: BodyContentType;
	dynamicParams: DynamicParamDefinition[];
}

/** Methods that send a body section. */
export function methodHasBody(method: HttpMethod): boolean {
	return method !== 'GET';
}

/** Methods safe to retry without the builder opting in. */
export function isIdempotent(method: HttpMethod): boolean {
	return method === 'GET' || method === 'PUT' || method === 'DELETE';
}
