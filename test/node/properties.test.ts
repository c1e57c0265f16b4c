/**
 * Issue 8's properties on the wire: the node runs in n8n-core's engine (n8n's own request helper)
 * against a real server on 127.0.0.1, for every field location × data type × value type with hostile
 * values. The execution never fails with On Failure "Return Error to Agent"; what arrives is what the
 * engine planned: the configured host and port (Host header included), every header value exactly,
 * each path value as one segment, numbers with their decimal text.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DATA_TYPES, LOCATIONS, VALUE_TYPES, materialize, parseDefinition, planRequest, type DataType, type FieldLocation, type ValueType } from '../../engine';
import { definitionFromParameters } from '../../nodes/shared/definitionInput';
import { definitionWorkflow, fields, params, runWorkflow, type FieldRow } from '../helpers/harness';
import { blockNetwork, restoreNetwork } from '../helpers/network';
import { startServer, type TestServer } from '../../scripts/test-server';

const SECRETS: Record<DataType, string> = { string: 'sk_live_wire/Ø+9 "x"', number: '12345678901234567890.25', integer: '7700123456', boolean: 'yes-always' };
const credentials = { redFlareSecretsApi: { vault: JSON.stringify(SECRETS) } };

let server: TestServer;

beforeAll(async () => {
	blockNetwork();
	server = await startServer({ body: { ok: true } });
});

afterAll(async () => {
	await server.close();
	restoreNetwork();
});

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const plausible = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][ -~\xa0-\xff]{0,10}[A-Za-z0-9]$/), fc.stringMatching(/^-?\d{1,22}(\.\d{1,6})?$/), fc.constantFrom('yes', 'no', '1', 'TRUE'));
const hostile = fc.oneof(
	fc.string({ unit: anyUnit, maxLength: 12 }),
	fc.string({ unit: 'binary', maxLength: 12 }),
	fc.stringMatching(/^[+-]?\d{1,22}(\.\d{0,8})?([eE][+-]?\d{1,2})?$/),
	fc.constantFrom('Łukasz', 'Zoë', ' x', 'a\tb', '..', 'a/b', '12345678901234567890', '1e21', 'yes', '\ud800'),
);

interface Case {
	location: FieldLocation;
	dataType: DataType;
	valueType: ValueType;
	value: string;
}

// A value of the field's own type most of the time, so that most calls do go out.
const typed: Record<DataType, fc.Arbitrary<string>> = {
	string: plausible,
	number: fc.stringMatching(/^\s?[+-]?\d{1,24}(\.\d{0,8})?([eE][+-]?\d{1,2})?\s?$/),
	integer: fc.stringMatching(/^[+-]?\d{1,15}$/),
	boolean: fc.constantFrom('yes', 'no', '1', '0', 'TRUE', 'False'),
};
const caseArb: fc.Arbitrary<Case> = fc
	.record({ location: fc.constantFrom(...LOCATIONS), dataType: fc.constantFrom(...DATA_TYPES), valueType: fc.constantFrom(...VALUE_TYPES) })
	.chain((entry) => fc.oneof({ weight: 4, arbitrary: typed[entry.dataType] }, { weight: 1, arbitrary: hostile }).map((value) => ({ ...entry, value })));

function parametersOf(cases: Case[]): INodeParameters {
	const rows: Record<FieldLocation, FieldRow[]> = { headers: [], query: [], path: [], body: [] };
	cases.forEach((entry, index) => {
		const name = entry.location === 'headers' ? `X-F${index}` : `f${index}`;
		const row: FieldRow = { name, dataType: entry.dataType, valueType: entry.valueType };
		if (entry.valueType === 'dynamic') row.dynamicParam = `p${index}`;
		if (entry.valueType === 'static') row.value = entry.value;
		if (entry.valueType === 'secret') row.secretName = entry.dataType;
		rows[entry.location].push(row);
	});
	return {
		method: 'POST',
		url: `${server.origin}/wire/fixed`,
		dynamicParams: params(...cases.map((entry, index) => ({ name: `p${index}`, dataType: entry.dataType, required: false }))),
		headers: fields(...rows.headers),
		queryParams: fields(...rows.query),
		pathParams: fields(...rows.path),
		body: fields(...rows.body),
	};
}

test('through the node: never a failed execution, and the wire carries exactly the plan', async () => {
	let sent = 0;
	await fc.assert(
		fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 4 }), async (cases) => {
			server.requests.length = 0;
			const parameters = parametersOf(cases);
			const values: IDataObject = Object.fromEntries(cases.map((entry, index) => [`p${index}`, entry.value]));
			const result = await runWorkflow(definitionWorkflow(parameters), { credentials, triggerItems: [{ params: values }] });
			expect(result.error).toBeUndefined();
			const [output] = result.outputOf('Webhook');
			expect(typeof output.ok).toBe('boolean');

			// The engine's own plan for the same parameters: what should be on the wire.
			// Version 1 (the harness's default): every field converts to its own type.
			const parsed = parseDefinition(definitionFromParameters((name) => (name === 'webhookName' ? 'test_webhook' : (parameters[name] ?? null)), true));
			const planned = parsed.ok ? planRequest(parsed.definition, values) : parsed;
			const built = planned.ok ? materialize(planned.plan, new Map(Object.entries(SECRETS))) : planned;
			if (!built.ok) {
				expect(output).toMatchObject({ ok: false, error: { code: built.error.code } });
				expect(server.requests).toHaveLength(0);
				return;
			}
			expect(output.ok).toBe(true);
			expect(server.requests).toHaveLength(1);
			sent++;
			const [request] = server.requests;
			const expected = new URL(built.request.url);
			expect(request.headers.host).toBe(`127.0.0.1:${server.port}`);
			expect(request.url).toBe(`${expected.pathname}${expected.search}`);
			const segments = request.url.split('?')[0].split('/').slice(1);
			expect(segments.slice(0, 2)).toEqual(['wire', 'fixed']);
			const pathValues = cases.flatMap((entry, index) => (entry.location === 'path' ? [`f${index}`] : []));
			expect(segments.length - 2).toBeLessThanOrEqual(pathValues.length);
			for (const [name, value] of Object.entries(built.request.headers)) {
				const at = request.rawHeaders.findIndex((raw, index) => index % 2 === 0 && raw.toLowerCase() === name.toLowerCase());
				expect(at).toBeGreaterThanOrEqual(0);
				// Node decodes header bytes as Latin-1, exactly what HTTP carried.
				expect(request.rawHeaders[at + 1]).toBe(value);
			}
			expect(request.text).toBe(built.request.body ?? '');
		}),
		{ numRuns: 60 },
	);
	// The property says something only if calls do go out, not just refusals.
	expect(sent).toBeGreaterThan(10);
});
