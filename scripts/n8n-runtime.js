'use strict';
// Installs and runs a real n8n (2.41.1) headlessly, for `npm run demo` and end-to-end tests.
// Plain CommonJS with node: builtins only, so it runs under the machine's Node 20 before
// anything else is installed. n8n 2.x itself needs Node >= 24, which we take from the
// npm registry (node-<platform>-<arch> packages ship the binary) and cache outside the repo.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
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

function pathWith(binDir, basePath = process.env.PATH) {
	return [binDir, basePath].filter(Boolean).join(path.delimiter);
}

// Runs a command, collecting output; `heartbeat` logs progress while it takes long.
function run(cmd, args, { cwd, env, log, label, logFile, timeoutMs, input } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env: env || process.env, stdio: ['pipe', 'pipe', 'pipe'] });
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
					child.kill('SIGKILL');
				}, timeoutMs)
			: null;
		child.on('error', (err) => {
			clearInterval(beat);
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearInterval(beat);
			clearTimeout(timer);
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

/**
 * Installs Node 24 and n8n into the cache if missing (idempotent; fast when cached).
 * @returns {Promise<{nodeBinDir: string, nodeBin: string, n8nBin: string, cacheDir: string}>}
 */
async function ensureN8n({ log = () => {} } = {}) {
	const L = layout();
	const npmEnv = { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
	const done = () => ({ nodeBinDir: L.nodeBinDir, nodeBin: L.nodeBin, n8nBin: L.n8nBin, cacheDir: L.cacheDir });
	if (fs.existsSync(path.join(L.nodePrefix, MARKER)) && fs.existsSync(path.join(L.n8nPrefix, MARKER))) return done();

	await withLock(L.cacheDir, log, async () => {
		await installOnce(L.nodePrefix, log, `Node ${NODE24_VERSION} (${L.pkg})`, async () => {
			const logFile = path.join(L.nodePrefix, 'install.log');
			await runChecked('npm', ['install', '--prefix', L.nodePrefix, '--no-save', `${L.pkg}@${NODE24_VERSION}`], {
				env: npmEnv, log, label: 'npm install node', logFile,
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
			await runChecked('npm', ['rebuild', 'sqlite3', `--nodedir=${L.nodePkgDir}`, '--build-from-source'], {
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

module.exports = { ensureN8n, N8N_VERSION, NODE24_VERSION, cacheRoot, layout };
