'use strict';
// `npm run bench`: the engine figures, then the real-n8n throughput, floor, CPU profile and round trip;
// prints the tables (Markdown, as the README shows them) and the goals of issue 9 met or missed, and
// writes everything as JSON (artifacts/bench/bench-<time>.json, or BENCH_JSON=<file>).
// Settings (environment): BENCH_RUNS (5 rounds), BENCH_CALLS (1000), BENCH_SLOW_CALLS (200),
// BENCH_ROUND_TRIPS (300), BENCH_WARMUP (30); BENCH_ENGINE_ONLY=1 skips real n8n.
// `node benchmarks/run.js --from <file.json>` prints the tables of a saved run.
// Nothing here asserts: figures vary with the machine and with what else runs on it (the load
// average is recorded). The real-n8n part installs n8n 2.41.1 on first use (about 7 minutes).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { runEngineBench } = require('./engine.bench');
const { runN8nBench } = require('./n8n.bench');
const runtime = require('../scripts/n8n-runtime.js');

/** The engine's per-item figures on the Node n8n runs on (a child process). */
function perItemOnN8nNode() {
	const output = execFileSync(runtime.layout().nodeBin, [path.join(__dirname, 'engine.bench.js'), '--per-item'], { encoding: 'utf8' });
	return JSON.parse(output.trim().split('\n').pop());
}

const setting = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const ms = (value) => `${Math.round(value).toLocaleString('en')} ms`;
const ratio = (value) => `${value.toFixed(2)}×`;
const verdict = (met) => (met ? 'met' : 'MISSED');
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function tables(report) {
	const lines = [];
	const machine = report.machine;
	lines.push(`Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}; load average ${machine.load.start.join(' / ')} at start, ${machine.load.end.join(' / ')} at end.`);
	const goals = [];
	lines.push('');
	for (const engine of [report.engine, report.engineOnN8nNode].filter(Boolean)) {
		const perItem = engine.figures['engine per item, definition validated once'].microsPerCall;
		const perItemEveryTime = engine.figures['engine per item, definition validated every time'].microsPerCall;
		lines.push(`Engine work per item on Node ${engine.node}: ${perItem.toFixed(1)} µs with the definition validated once (${perItemEveryTime.toFixed(1)} µs validating it every time).`);
		goals.push({ goal: `Engine work per item with the definition read once < 20 µs (Node ${engine.node})`, figure: `${perItem.toFixed(1)} µs`, met: perItem < 20 });
	}
	if (!report.n8n) return { text: lines.join('\n'), goals };

	const n8n = report.n8n;
	const floorOf = (name, client, inFlight, keepAlive) =>
		n8n.floor.find((entry) => entry.case === name && entry.client === client && entry.inFlight === inFlight && entry.keepAlive === keepAlive && entry.warmUp !== 0);
	lines.push(
		'',
		`Real n8n ${n8n.n8n} (Node ${n8n.node}), node executionTime from \`n8n execute\`, median [min–max] of ${n8n.throughput[0].definition.runs.length} rounds; ratios per round (median, then each round):`,
		'',
		'| case | Definition node | HTTP Request node v4.2 | Definition throughput ÷ HTTP Request | axios (16 in flight) time ÷ Definition time |',
		'| --- | --- | --- | --- | --- |',
	);
	for (const entry of n8n.throughput) {
		const floor16 = floorOf(entry.case, 'axios', 16, true);
		// Ratios are taken within each round (the runs of one round ran back to back, under the same load),
		// then their median; the rounds' own ratios follow in brackets.
		const perRound = (numerators, denominators) => numerators.map((value, round) => value / denominators[round]);
		const versusHttp = perRound(entry.httpRequest.runs, entry.definition.runs);
		const versusFloor = perRound(floor16.runs, entry.definition.runs);
		const shown = (ratios) => `${ratio(median(ratios))} (${ratios.map((value) => value.toFixed(2)).join(', ')})`;
		lines.push(
			`| ${entry.case} | ${ms(entry.definition.median)} [${ms(entry.definition.min)}–${ms(entry.definition.max)}] | ${ms(entry.httpRequest.median)} [${ms(entry.httpRequest.min)}–${ms(entry.httpRequest.max)}] | ${shown(versusHttp)} | ${shown(versusFloor)} |`,
		);
		if (!entry.serverDelayMs) {
			goals.push({ goal: `${entry.case}: Definition ≥ 2× the HTTP Request node's throughput`, figure: ratio(median(versusHttp)), met: median(versusHttp) >= 2 });
			goals.push({ goal: `${entry.case}: Definition ≥ 0.65× the axios loop at 16 in flight (aim 0.8×)`, figure: ratio(median(versusFloor)), met: median(versusFloor) >= 0.65 });
		} else {
			goals.push({ goal: `${entry.case}: Definition no slower than the HTTP Request node`, figure: `${ms(entry.definition.median)} vs ${ms(entry.httpRequest.median)}`, met: median(versusHttp) >= 1 });
		}
	}
	const first = n8n.throughput.find((entry) => !entry.serverDelayMs);
	const helper = first && floorOf(first.case, 'n8n-helper', 16, false);
	if (helper) {
		const ratios = helper.runs.map((value, round) => value / first.definition.runs[round]);
		lines.push(
			'',
			`${first.case}: n8n's request helper called bare (16 in flight, the node's options) takes ${ratio(median(ratios))} the Definition node's time (${ratios.map((value) => value.toFixed(2)).join(', ')}): while it sends through the helper, the node can get at most ${(1 / median(ratios)).toFixed(1)}× faster.`,
		);
	}
	const clients = { axios: 'axios', 'n8n-helper': "n8n's request helper, bare" };
	lines.push(
		'',
		'Floors: the same requests from a bare loop on the same Node, each in a process of its own; warm = 50 untimed calls first, cold = timed from the first call, as each `n8n execute` run is (median [min–max]):',
		'',
		'| case | client | calls in flight | connections | process | time |',
		'| --- | --- | --- | --- | --- | --- |',
	);
	for (const entry of n8n.floor) {
		const warmth = entry.warmUp === 0 ? 'cold' : 'warm';
		lines.push(`| ${entry.case} | ${clients[entry.client]} | ${entry.inFlight} | ${entry.keepAlive ? 'kept alive' : 'a new one per call'} | ${warmth} | ${ms(entry.median)} [${ms(entry.min)}–${ms(entry.max)}] |`);
	}
	if (n8n.roundTrip) {
		const { redflare, n8n: only, warmUp } = n8n.roundTrip;
		lines.push(
			'',
			`Round trip in a running n8n (\`n8n start\`), one Vapi tool call per request, ${redflare.calls} sequential calls each after ${warmUp} warm-up calls, alternating:`,
			'',
			'| workflow | median | p95 |',
			'| --- | --- | --- |',
			`| Webhook → Agent Tool Call → Definition → Merge → Reply → Respond to Webhook | ${redflare.median.toFixed(1)} ms | ${redflare.p95.toFixed(1)} ms |`,
			`| Webhook → Switch → HTTP Request → Respond to Webhook | ${only.median.toFixed(1)} ms | ${only.p95.toFixed(1)} ms |`,
		);
		goals.push({ goal: 'Agent round trip: median no slower than the n8n-only workflow', figure: `${redflare.median.toFixed(1)} ms vs ${only.median.toFixed(1)} ms`, met: redflare.median <= only.median });
	}
	if (n8n.profile) {
		lines.push('', `CPU profile, ${n8n.profile.case}: ${n8n.profile.windowMs} ms of samples while the node ran. By area:`, '');
		lines.push(n8n.profile.areas.map((entry) => `${entry.area} ${entry.share} %`).join(', '));
		lines.push('', '| self time | function | where |', '| --- | --- | --- |');
		for (const entry of n8n.profile.top) lines.push(`| ${entry.share} % | ${entry.name} | ${entry.where || '—'} |`);
	}
	return { text: lines.join('\n'), goals };
}

function print(report) {
	const { text, goals } = tables(report);
	console.log(`\n${text}\n\nGoals (issue 9):`);
	for (const goal of goals) console.log(`- ${verdict(goal.met)}: ${goal.goal} (${goal.figure})`);
	return goals;
}

async function main() {
	// `node benchmarks/run.js --from <file.json>` prints the tables of an earlier run again.
	const from = process.argv.indexOf('--from');
	if (from > 0) {
		print(JSON.parse(fs.readFileSync(process.argv[from + 1], 'utf8')));
		return;
	}
	const started = new Date();
	const report = {
		date: started.toISOString(),
		machine: {
			cpus: os.cpus().length,
			cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
			memoryGiB: Math.round(os.totalmem() / 2 ** 30),
			platform: `${os.type()} ${os.release()} ${os.arch()}`,
			load: { start: os.loadavg().map((value) => Number(value.toFixed(2))) },
		},
		settings: {
			runs: setting('BENCH_RUNS', 5),
			calls: setting('BENCH_CALLS', 1000),
			slowCalls: setting('BENCH_SLOW_CALLS', 200),
			roundTrips: setting('BENCH_ROUND_TRIPS', 300),
			warmUp: setting('BENCH_WARMUP', 30),
		},
	};
	report.engine = await runEngineBench();
	if (!process.env.BENCH_ENGINE_ONLY) {
		report.n8n = await runN8nBench(report.settings);
		report.engineOnN8nNode = perItemOnN8nNode();
	}
	report.machine.load.end = os.loadavg().map((value) => Number(value.toFixed(2)));

	report.goals = print(report);
	const file = process.env.BENCH_JSON ?? path.join(__dirname, '..', 'artifacts', 'bench', `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
	console.log(`\nJSON: ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
