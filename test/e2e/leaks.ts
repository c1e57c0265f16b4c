/**
 * The secret leak search the end-to-end and scale tests run once n8n is stopped: every file of the
 * user folders (byte for byte), every row of n8n's database (SQLite, or a dump of Postgres), and
 * everything that was printed, for each secret in every form it could take (raw, URL/form-encoded,
 * JSON-escaped with and without escaped slashes, \u escapes, HTML entities, JSON inside JSON, base64).
 */
import { execFile } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';

import { runtime } from './runtime';

const run = promisify(execFile);

/**
 * Every form a secret could take on disk or in a log; with `prefixes`, also its shortest prefix that
 * must never show (half of it, 4+ characters: what is left when a cap cuts a body mid-key).
 */
export function secretForms(value: string, prefixes = false): string[] {
	const prefix = value.slice(0, Math.max(4, Math.ceil(value.length / 2)));
	return [
		...new Set([
			value,
			...(prefixes ? [prefix, JSON.stringify(prefix).slice(1, -1)] : []),
			encodeURIComponent(value),
			new URLSearchParams({ s: value }).toString().slice(2),
			JSON.stringify(value).slice(1, -1),
			JSON.stringify(JSON.stringify(value)).slice(3, -3), // JSON inside a JSON string
			JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/'), // escaped slashes (PHP)
			[...value].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), // \u escapes
			[...value].map((char) => `&#x${(char.codePointAt(0) ?? 0).toString(16)};`).join(''), // HTML entities
			Buffer.from(value).toString('base64'),
			Buffer.from(value).toString('base64url'),
			Buffer.from(value).toString('base64').replace(/=+$/, ''),
		]),
	];
}

export function filesUnder(dir: string): string[] {
	const files: string[] = [];
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		const stat = lstatSync(path);
		if (stat.isDirectory()) files.push(...filesUnder(path));
		else if (stat.isFile()) files.push(path);
	}
	return files;
}

export interface FileBytes {
	path: string;
	bytes: Buffer;
}

/** Which files contain `needle` (as UTF-8 bytes). */
export function filesContaining(files: FileBytes[], needle: string): string[] {
	const bytes = Buffer.from(needle, 'utf8');
	return files.filter((file) => file.bytes.includes(bytes)).map((file) => file.path);
}

/** Every row of every table of n8n's SQLite database, as JSON text (read with the sqlite3 n8n ships). */
export async function dumpDatabase(dbFile: string): Promise<string> {
	const { nodeBin } = await runtime.ensureN8n();
	const script = `
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
		db.all("SELECT name FROM sqlite_master WHERE type = 'table'", (err, tables) => {
			if (err) throw err;
			const out = {};
			let left = tables.length;
			for (const { name } of tables) {
				db.all('SELECT * FROM "' + name + '"', (e, rows) => {
					out[name] = e ? String(e) : rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('latin1') : v])));
					if (--left === 0) { process.stdout.write(JSON.stringify(out)); db.close(); }
				});
			}
		});`;
	const n8nPrefix = runtime.layout().n8nPrefix;
	const { stdout } = await run(nodeBin, ['-e', script, dbFile], { cwd: n8nPrefix, maxBuffer: 512 * 1024 * 1024 });
	return stdout;
}

export interface UserFolderSnapshot {
	root: string;
	files: FileBytes[];
	dbFiles: FileBytes[];
	/** The main database, every table's rows: JSON text, and parsed. */
	dump: string;
	tables: Record<string, unknown>;
}

const readFiles = (root: string): FileBytes[] => filesUnder(root).map((path) => ({ path, bytes: readFileSync(path) }));

/** Reads the whole (stopped) user folder and dumps its SQLite database. */
export async function snapshotUserFolder(root: string): Promise<UserFolderSnapshot> {
	const files = readFiles(root);
	const dbFiles = files.filter((file) => basename(file.path).startsWith('database.sqlite'));
	const mainDb = dbFiles.find((file) => basename(file.path) === 'database.sqlite');
	if (!mainDb) throw new Error(`no database.sqlite under ${root}`);
	const dump = await dumpDatabase(mainDb.path);
	return { root, files, dbFiles, dump, tables: JSON.parse(dump) as Record<string, unknown> };
}

/**
 * Reads every file under `root` (stopped), with a dump of a database server (Postgres) taken while it
 * ran: `dump` is every table's rows as JSON text, { table: rows }; `dbFiles` are the server's own files.
 */
export function snapshotFolderWithDump(root: string, dump: string, isDbFile: (path: string) => boolean): UserFolderSnapshot {
	const files = readFiles(root);
	return { root, files, dbFiles: files.filter((file) => isDbFile(file.path)), dump, tables: JSON.parse(dump) as Record<string, unknown> };
}

export function describeSnapshot(snapshot: UserFolderSnapshot, outputs: string[]): string {
	const bytes = (files: FileBytes[]) => files.reduce((sum, file) => sum + file.bytes.length, 0);
	const mib = bytes(snapshot.files) / 1024 / 1024;
	const dbs =
		snapshot.dbFiles.length > 3
			? `${snapshot.dbFiles.length} (${(bytes(snapshot.dbFiles) / 1024 / 1024).toFixed(1)} MiB)`
			: snapshot.dbFiles.map((file) => `${basename(file.path)} ${file.bytes.length} B`).join(', ');
	const dump = `database dump ${(snapshot.dump.length / 1024).toFixed(0)} KiB`;
	return `${snapshot.files.length} files (${mib.toFixed(1)} MiB), database files: ${dbs}; ${dump}; ${outputs.length} outputs (${(outputs.join('').length / 1024).toFixed(0)} KiB)`;
}

/**
 * Every place a secret (name → value) shows up, in any form: files, database rows, n8n output.
 * `prefixes` adds each secret's half-length prefix (off where a suite stores text that shares one).
 */
export function findLeaks(secrets: Record<string, string>, snapshot: UserFolderSnapshot, outputs: string[], prefixes = false): string[] {
	const leaks: string[] = [];
	for (const [name, value] of Object.entries(secrets)) {
		for (const form of secretForms(value, prefixes)) {
			for (const path of filesContaining(snapshot.files, form)) leaks.push(`"${name}" as ${JSON.stringify(form)} in file ${relative(snapshot.root, path)}`);
			if (snapshot.dump.includes(form)) leaks.push(`"${name}" as ${JSON.stringify(form)} in a database row`);
			outputs.forEach((text, index) => {
				if (text.includes(form)) leaks.push(`"${name}" as ${JSON.stringify(form)} in n8n output: ${text.split('\n', 1)[0]} (#${index})`);
			});
		}
	}
	return leaks;
}
