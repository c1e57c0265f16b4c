#!/usr/bin/env node
'use strict';
// Installs (once) and caches Node 24 + n8n for the demo and the end-to-end tests.
// Usage: node scripts/ensure-n8n.js   (cache: $REDFLARE_N8N_CACHE or ~/.cache/n8n-nodes-redflare)
const { ensureN8n } = require('./n8n-runtime');

// Turn signals into a normal exit so n8n-runtime kills the npm it started (no half-written cache).
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const started = Date.now();
ensureN8n({ log: (msg) => console.log(`[ensure-n8n] ${msg}`) })
	.then((r) => {
		console.log(`[ensure-n8n] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		console.log(`[ensure-n8n] node: ${r.nodeBinDir}`);
		console.log(`[ensure-n8n] n8n:  ${r.n8nBin}`);
	})
	.catch((err) => {
		console.error(`[ensure-n8n] failed: ${err.message}`);
		process.exit(1);
	});
