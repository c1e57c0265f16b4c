'use strict';
// Redaction cost (issue 8): the redactor looks for each secret raw, in decoded views of the text
// (JSON escapes, HTML entities, percent-encoding, two deep) and in base64 at every alignment, so its
// cost grows with the escapes a body holds. Figures for 1 MiB bodies, three secrets, median of 7 runs.
// Run: npm run bench:redaction (builds first).
const engine = require('..');

const SECRETS = ['sk_live_bench/0123456789+AbC', 'tok-bench-98765432', '88172635451234'];
const MiB = 1024 * 1024;

function median(fn, runs = 7) {
	const times = [];
	for (let run = 0; run < runs; run++) {
		const started = process.hrtime.bigint();
		fn();
		times.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

function fill(chunk, bytes) {
	return chunk.repeat(Math.ceil(bytes / chunk.length)).slice(0, bytes);
}

function report(label, ms) {
	console.log(`${label.padEnd(70)} ${ms.toFixed(1).padStart(8)} ms`);
}

async function main() {
	console.log(`node ${process.version}, ${require('node:os').cpus().length} cores`);
	const redactor = new engine.Redactor(SECRETS);
	const plainText = fill('{"id":12345,"name":"Ada Lovelace","note":"nothing to see here"},', MiB);
	const escapedText = fill('{"k":"\\u0061\\/b&amp;c&#x41;%41+d","v":"q=1&r=%2F"},', MiB);
	const echoText = `${escapedText}"echo":"${SECRETS[0].replace(/\//g, "\\/")}"`;
	report('text, 1 MiB of plain JSON text', median(() => redactor.text(plainText)));
	report('text, 1 MiB in which every chunk holds JSON, HTML and percent escapes', median(() => redactor.text(escapedText)));
	report('text, the same with the key echoed with escaped slashes at the end', median(() => redactor.text(echoText)));
	const parsed = JSON.parse(`[${plainText.slice(0, plainText.lastIndexOf('},') + 1)}]`);
	report(`value, 1 MiB parsed (${parsed.length.toLocaleString('en')} objects)`, median(() => redactor.value(parsed)));
	report('JSON number tokens, 1 MiB (a numeric secret is among them)', median(() => redactor.jsonNumbers(plainText)));

	// A whole call: sendPlan with a 1 MiB JSON answer, with and without secrets to redact.
	const definition = engine.parseDefinition({
		name: 'bench',
		method: 'GET',
		url: 'https://api.example.com/x',
		headers: [{ name: 'X-Key', dataType: 'string', valueType: 'secret', secretName: 'Key' }],
	}).definition;
	const plan = engine.planRequest(definition, {}).plan;
	const body = `[${plainText.slice(0, plainText.lastIndexOf('},') + 1)}]`;
	const transport = async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body });
	const plainPlan = engine.planRequest(engine.parseDefinition({ name: 'bench', method: 'GET', url: 'https://api.example.com/x' }).definition, {}).plan;
	for (const [label, secrets, planned] of [
		['sendPlan, 1 MiB JSON answer, no secret (nothing to redact)', new Map(), plainPlan],
		['sendPlan, 1 MiB JSON answer, one secret to redact', new Map([['Key', SECRETS[0]]])],
		['sendPlan, 1 MiB JSON answer, a numeric secret too', new Map([['Key', SECRETS[2]]])],
	]) {
		const times = [];
		for (let run = 0; run < 7; run++) {
			const started = process.hrtime.bigint();
			const result = await engine.sendPlan(planned ?? plan, { transport, resolveSecrets: async () => secrets, maxResponseBytes: 2 * MiB });
			if (!result.ok || !Array.isArray(result.data)) throw new Error('the benchmark call did not parse its answer');
			times.push(Number(process.hrtime.bigint() - started) / 1e6);
		}
		report(label, times.sort((a, b) => a - b)[3]);
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
