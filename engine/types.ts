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

/** How a body is written: JSON, or an HTML form (application/x-www-form-urlencoded). */
export const BODY_CONTENT_TYPES = ['json', 'form'] as const;
export type BodyContentType = (typeof BODY_CONTENT_TYPES)[number];

/** Any JSON value: what responses parse to and what agent results carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A value after conversion: what JSON scalars a field can carry. */
export type Scalar = string | number | boolean;

interface FieldBase {
	name: string;
}

/**
 * A field the agent fills: with the value of the Dynamic Param `dynamicParam` (default: the param of
 * the field's own name), of that param's data type. Node version 1 of the Definition node gave such a
 * field a data type of its own: with `dataType`, the param's value is converted again to it.
 */
export interface DynamicField extends FieldBase {
	valueType: 'dynamic';
	dynamicParam?: string;
	dataType?: DataType;
}

/** A field with a fixed value, converted to its data type. */
export interface StaticField extends FieldBase {
	valueType: 'static';
	value: Scalar;
	dataType: DataType;
}

/** A field filled with a stored secret, read only when the call is sent, converted to its data type. */
export interface SecretField extends FieldBase {
	valueType: 'secret';
	secretName: string;
	dataType: DataType;
}

/** One header, query param, path param or body field. */
export type FieldDefinition = DynamicField | StaticField | SecretField;

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
