import { isWellFormed, wellFormed } from './text';
import type { DataType, Scalar } from './types';

/**
 * The outcome of converting one value: the typed value and the exact text it is sent as (a number
 * keeps the caller's decimal digits), or why it does not fit.
 */
export type Conversion = { ok: true; value: Scalar; text: string } | { ok: false; reason: string };

/** A converted value: what the JSON type is, and the exact text that goes on the wire. */
export type Converted = Extract<Conversion, { ok: true }>;

// Plain decimal notation only: hex, binary and other forms Number() accepts are refused.
const NUMERIC = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$/;
// Writing out 1e-100000 would take 100,000 digits: exponents this large are refused.
const MAX_EXPONENT = 400;
const BOOLEAN_WORDS: Record<string, boolean> = {
	true: true,
	false: false,
	yes: true,
	no: false,
	'1': true,
	'0': false,
};

/** Whether a dynamic value counts as absent: undefined, null or the empty string. */
export function isAbsent(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, value.charCodeAt(39) >= 0xd800 && value.charCodeAt(39) <= 0xdbff ? 39 : 40)}…` : value;
		return `"${wellFormed(shown)}"`;
	}
	return String(value);
}

/**
 * A decimal numeral written out in plain JSON number syntax, digits kept: `+007.50` → `7.50`,
 * `1.5e3` → `1500`, `.5` → `0.5`. Undefined for text that is not a plain decimal numeral.
 */
export function decimalText(numeral: string): string | undefined {
	const match = NUMERIC.exec(numeral);
	if (!match) return undefined;
	const [, sign, mantissa, exponentText = '0'] = match;
	const exponent = Number(exponentText);
	if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
	const [whole, fraction = ''] = mantissa.split('.');
	const digits = whole + fraction;
	const point = whole.length + exponent;
	let text: string;
	if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
	else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
	else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
	// One leading zero at most before the point; no point without digits after it.
	text = text.replace(/^0+(?=\d)/, '').replace(/\.$/, '');
	return sign === '-' ? `-${text}` : text;
}

/** The decimal text of a finite JS number, never in exponent notation. */
function numberText(value: number): string {
	return decimalText(String(value)) ?? String(value);
}

function toNumber(value: unknown): Conversion {
	if (typeof value === 'number') {
		return Number.isFinite(value) ? { ok: true, value, text: numberText(value) } : { ok: false, reason: `${describe(value)} is not a finite number` };
	}
	if (typeof value === 'string') {
		const trimmed = value.trim();
		const text = decimalText(trimmed);
		const parsed = Number(trimmed);
		if (text !== undefined && Number.isFinite(parsed)) return { ok: true, value: parsed, text };
	}
	return { ok: false, reason: `${describe(value)} is not a number` };
}

/** Converts a value to a data type by the package's strict rules (see the README). */
export function convertValue(value: unknown, dataType: DataType): Conversion {
	switch (dataType) {
		case 'string':
			if (typeof value === 'string') {
				return isWellFormed(value) ? { ok: true, value, text: value } : { ok: false, reason: `${describe(value)} is not well-formed text (it has a lone surrogate)` };
			}
			if (typeof value === 'boolean') return { ok: true, value: String(value), text: String(value) };
			if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: numberText(value), text: numberText(value) };
			return { ok: false, reason: `${describe(value)} is not text` };
		case 'number':
			return toNumber(value);
		case 'integer': {
			const number = toNumber(value);
			if (!number.ok || !Number.isSafeInteger(number.value)) return { ok: false, reason: `${describe(value)} is not a whole number` };
			// A safe integer's own text is exact: `42.0` and `1e3` are sent as `42` and `1000`.
			return { ok: true, value: number.value, text: String(number.value) };
		}
		case 'boolean':
			if (typeof value === 'boolean') return { ok: true, value, text: String(value) };
			if (value === 1 || value === 0) return { ok: true, value: value === 1, text: String(value === 1) };
			if (typeof value === 'string') {
				const word = BOOLEAN_WORDS[value.trim().toLowerCase()];
				if (word !== undefined) return { ok: true, value: word, text: String(word) };
			}
			return { ok: false, reason: `${describe(value)} is not true or false` };
	}
}

/**
 * Converts an already converted value to another data type (a field whose type differs from its
 * Dynamic Param's): a number goes on from its exact text, so no digit is lost on the way.
 */
export function convertConverted(converted: Converted, dataType: DataType): Conversion {
	return convertValue(typeof converted.value === 'number' && dataType !== 'boolean' ? converted.text : converted.value, dataType);
}
