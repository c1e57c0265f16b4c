import { randomBytes } from 'node:crypto';

/** Progress lines on stderr, each with the suite's label and the seconds since the file started. */
export function progress(label: string) {
	const started = Date.now();
	const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
	const log = (message: string) => process.stderr.write(`[${label} +${elapsed()}s] ${message}\n`);
	async function timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
		const t0 = Date.now();
		log(`${step} ...`);
		const result = await fn();
		log(`${step}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		return result;
	}
	return { log, timed, elapsed };
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random 16-character id, the shape n8n gives workflows and credentials. */
export const newId = () => [...randomBytes(16)].map((b) => ID_CHARS[b % ID_CHARS.length]).join('');
