import { ConfigError } from './errors';
import { isRecord } from './json';
import { missingSecrets } from './problems';
import { isWellFormed } from './text';

/**
 * Secrets shorter than this are refused: redaction removes every piece of a secret at least half its
 * length, and a short value would shred unrelated text in every answer.
 */
export const MIN_SECRET_LENGTH = 8;

/** Top-level keys of a JSON object text, in order, repeats included (JSON.parse keeps only the last). */
function topLevelKeys(text: string): string[] {
	const keys: string[] = [];
	let depth = 0;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '{' || char === '[') depth++;
		else if (char === '}' || char === ']') depth--;
		else if (char === '"') {
			let end = index + 1;
			while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
			const literal = text.slice(index, end + 1);
			const rest = text.slice(end + 1).trimStart();
			if (depth === 1 && rest.startsWith(':')) keys.push(JSON.parse(literal) as string);
			index = end;
		}
	}
	return keys;
}

/**
 * Parses the secrets credential: one JSON object of secret name → value.
 * Names must be non-empty and unique; values must be text (numbers and booleans are taken as text).
 */
export function parseSecrets(input: unknown): { ok: true; secrets: Map<string, string> } | { ok: false; error: ConfigError } {
	const fail = (message: string) => ({ ok: false as const, error: new ConfigError(message) });
	let parsed = input;
	if (typeof input === 'string') {
		if (input.trim() === '') return { ok: true, secrets: new Map() };
		try {
			parsed = JSON.parse(input) as unknown;
		} catch {
			return fail('The secrets are not valid JSON: write one object of "Secret Name": "value" pairs.');
		}
		const names = topLevelKeys(input);
		const repeated = names.filter((name, index) => names.indexOf(name) !== index);
		if (repeated.length > 0) return fail(`The secret name "${repeated[0]}" is used more than once.`);
	}
	if (!isRecord(parsed)) return fail('The secrets must be one JSON object of "Secret Name": "value" pairs.');
	const secrets = new Map<string, string>();
	for (const [name, value] of Object.entries(parsed)) {
		if (name.trim() === '') return fail('A secret has an empty name.');
		// The picker would list it, but a field row's name is trimmed: the call could never find it.
		if (name !== name.trim()) return fail(`The secret name "${name}" starts or ends with a space; remove it.`);
		if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
			return fail(`The secret "${name}" must be text.`);
		}
		secrets.set(name, String(value));
	}
	return { ok: true, secrets };
}

/** Picks the named secrets; a name the credential lacks is a config_error (nothing is sent). */
export function pickSecrets(all: ReadonlyMap<string, string>, names: string[]): Map<string, string> | ConfigError {
	const missing = names.filter((name) => !all.has(name));
	if (missing.length > 0) return missingSecrets(missing);
	return new Map(names.map((name) => [name, all.get(name) ?? '']));
}

/**
 * Checks secret values before they are used or saved: each at least MIN_SECRET_LENGTH characters and
 * well-formed text. The error names the secret, never its value.
 */
export function checkSecretValues(secrets: ReadonlyMap<string, string>): ConfigError | undefined {
	for (const [name, value] of secrets) {
		if (value.length < MIN_SECRET_LENGTH) {
			return new ConfigError(
				`The secret "${name}" is shorter than ${MIN_SECRET_LENGTH} characters; such a value cannot be kept out of responses reliably, so it is refused.`,
			);
		}
		if (!isWellFormed(value)) return new ConfigError(`The secret "${name}" is not well-formed text (it has a lone surrogate).`);
	}
	return undefined;
}
