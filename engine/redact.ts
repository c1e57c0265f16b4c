export const REDACTED = '[redacted]';

/** Every form in which a secret can show up again: as is, URL-encoded, form-encoded, JSON-escaped. */
function variants(secret: string): string[] {
	const forms = new Set([
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
	]);
	return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * The one redaction function: returns a copy of `value` in which every string (keys included)
 * has each secret, in any of its encodings, replaced by `[redacted]`.
 */
export function redactSecrets<T>(value: T, secrets: Iterable<string>): T {
	const forms = [...new Set([...secrets].filter((secret) => secret.length > 0).flatMap(variants))].sort(
		(a, b) => b.length - a.length,
	);
	if (forms.length === 0) return value;
	const scrubText = (text: string): string => forms.reduce((result, form) => result.split(form).join(REDACTED), text);
	const scrub = (current: unknown): unknown => {
		if (typeof current === 'string') return scrubText(current);
		if (Array.isArray(current)) return current.map(scrub);
		if (current !== null && typeof current === 'object') {
			return Object.fromEntries(Object.entries(current).map(([key, entry]) => [scrubText(key), scrub(entry)]));
		}
		return current;
	};
	return scrub(value) as T;
}
