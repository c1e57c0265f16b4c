import { convertValue, isAbsent, type Converted } from './convert';
import { MissingParamsError, type InvalidValueError } from './errors';
import { invalidArguments, type ArgumentProblem } from './problems';
import type { DynamicParamDefinition } from './types';

/** Dynamic values after checking: present ones converted (with their exact text), absent optional ones left out. */
export type CheckedValues = Map<string, Converted>;

/**
 * Checks an agent's arguments against the Dynamic Params: every required one present,
 * every present one converts to its data type. Used by the Definition and the Tool Call node alike.
 */
export function checkArguments(
	params: DynamicParamDefinition[],
	values: Record<string, unknown>,
): { ok: true; values: CheckedValues } | { ok: false; error: MissingParamsError | InvalidValueError } {
	const checked: CheckedValues = new Map();
	const missing: string[] = [];
	const invalid: ArgumentProblem[] = [];
	for (const param of params) {
		const raw = Object.prototype.hasOwnProperty.call(values, param.name) ? values[param.name] : undefined;
		if (isAbsent(raw)) {
			if (param.required) missing.push(param.name);
			continue;
		}
		const converted = convertValue(raw, param.dataType);
		if (converted.ok) checked.set(param.name, converted);
		else invalid.push({ param: param.name, reason: converted.reason });
	}
	if (missing.length > 0) return { ok: false, error: new MissingParamsError(missing) };
	if (invalid.length > 0) return { ok: false, error: invalidArguments(invalid) };
	return { ok: true, values: checked };
}
