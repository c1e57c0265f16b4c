/**
 * toolInputSchema: the input schema of the RedFlare Webhook Tool. Checked as a JSON Schema validator
 * (ajv) reads it, for any Dynamic Params and any arguments: valid exactly when every required argument
 * is there, every argument has its param's JSON type, and no other argument is given.
 */
import Ajv from 'ajv';
import fc from 'fast-check';

import { mcpInputSchema, toolInputSchema, type DataType, type DynamicParamDefinition } from '../../engine';

// Own properties only, as JSON Schema means: by default ajv reads an absent "valueOf" argument as the
// function every JavaScript object inherits (the Webhook Tool refuses such names, see test/tool/setup.test.ts).
const ajv = new Ajv({ strict: true, ownProperties: true });

const jsonType: Record<DataType, (value: unknown) => boolean> = {
	string: (value) => typeof value === 'string',
	number: (value) => typeof value === 'number',
	integer: (value) => typeof value === 'number' && Number.isInteger(value),
	boolean: (value) => typeof value === 'boolean',
};

const paramArbitrary = fc.record({
	name: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/),
	dataType: fc.constantFrom<DataType>('string', 'number', 'integer', 'boolean'),
	description: fc.string({ maxLength: 20 }),
	required: fc.boolean(),
});

test('the MCP schema, closed to arguments the Dynamic Params do not declare', () => {
	const params: DynamicParamDefinition[] = [
		{ name: 'order_number', dataType: 'string', description: 'The order number', required: true },
		{ name: 'urgent', dataType: 'boolean', description: '', required: false },
	];
	expect(toolInputSchema(params)).toEqual({ ...mcpInputSchema(params), additionalProperties: false });
	expect(toolInputSchema([])).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
});

test('any params, any arguments: valid exactly when the required are present, the types match and nothing else is given', () => {
	const argument = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
	fc.assert(
		fc.property(
			fc.uniqueArray(paramArbitrary, { selector: (param) => param.name, maxLength: 5 }),
			fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), argument, { maxKeys: 6 }),
			(params, args) => {
				const validate = ajv.compile(toolInputSchema(params));
				const declared = new Map(params.map((param) => [param.name, param]));
				const expected =
					params.every((param) => !param.required || Object.prototype.hasOwnProperty.call(args, param.name)) &&
					Object.entries(args).every(([name, value]) => {
						const param = declared.get(name);
						return param !== undefined && jsonType[param.dataType](value);
					});
				expect(validate(args)).toBe(expected);
			},
		),
		{ numRuns: 300 },
	);
});
