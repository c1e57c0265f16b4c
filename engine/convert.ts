import type { DataType, Scalar } from './types';

/** The outcome of converting one value: the typed value, or why it does not fit. */
export type Conversion = { ok: true; value: Scalar } | { ok: false; reason: string };

// Plain decimal notation only: hex, binary and other forms Number() accepts are refused.
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
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
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return String(value);
}

function toNumber(value: unknown): Conversion {
	if (typeof value === 'number') {
		return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `${describe(value)} is not a finite number` };
	}
	if (typeof value === 'string') {
		const text = value.trim();
		if (NUMERIC.test(text)) {
			const parsed = Number(text);
			if (Number.isFinite(parsed)) return { ok: true, value: parsed };
		}
	}
	return { ok: false, reason: `${describe(value)} is not a number` };
}

/** Converts a value to a data type by the package's strict rules (see the README). */
export function convertValue(value: unknown, dataType: DataType): Conversion {
	switch (dataType) {
		case 'string':
			if (typeof value === 'string') return { ok: true, value };
			if (typeof value === 'boolean') return { ok: true, value: String(value) };
			if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: String(value) };
			return { ok: false, reason: `${describe(value)} is not text` };
		case 'number':
			return toNumber(value);
		case 'integer': {
			const number = toNumber(value);
			if (!number.ok) return { ok: false, reason: `${describe(value)} is not a whole number` };
			return Number.isSafeInteger(number.value)
				? number
				: { ok: false, reason: `${describe(value)} is not a whole number` };
		}
		case 'boolean':
			if (typeof value === 'boolean') return { ok: true, value };
			if (value === 1 || value === 0) return { ok: true, value: value === 1 };
			if (typeof value === 'string') {
				const word = BOOLEAN_WORDS[value.trim().toLowerCase()];
				if (word !== undefined) return { ok: true, value: word };
			}
			return { ok: false, reason: `${describe(value)} is not true or false` };
	}
}

/** How a converted value travels in headers, query and path: as text. */
export function toText(value: Scalar): string {
	return String(value);
}
