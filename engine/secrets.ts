import { ConfigError } from './errors';
import { isRecord } from './paths';

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
		if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
			return fail(`The secret "${name}" must be text.`);
		}
		secrets.set(name, String(value));
	}
	return { ok: true, secrets };
}

/** Picks the named secrets; a name the credential lacks is a config_error (nothing is sent). */
export function pickSecrets(all: ReadonlyMap<string, string>, names: string[]): Map<string, string> {
	const missing = names.filter((name) => !all.has(name));
	if (missing.length > 0) {
		throw new ConfigError(
			`The ${missing.length === 1 ? 'secret' : 'secrets'} ${missing.map((name) => `"${name}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the RedFlare Webhook Secrets credential.`,
		);
	}
	return new Map(names.map((name) => [name, all.get(name) ?? '']));
}
