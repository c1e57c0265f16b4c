// Side-effect module: must be imported before anything loads n8n-core.
// n8n-core's InstanceSettings writes into N8N_USER_FOLDER (default: the home folder), so point it at
// a temporary folder, and keep n8n's logger quiet during tests.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	// One folder per test worker process, removed when it exits.
	const folder = join(tmpdir(), `redflare-n8n-test-${process.pid}`);
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
// Keep InstanceSettings from complaining about the config file's permissions.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';

export const N8N_USER_FOLDER = process.env.N8N_USER_FOLDER;
