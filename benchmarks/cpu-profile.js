'use strict';
// Reads a V8 .cpuprofile (node --cpu-prof) and summarises the window in which a node ran: from the first
// to the last sample whose stack holds one of `marker.functions` in a file whose path contains
// `marker.path` (functions that run per item, so n8n's start-up, the package's loading and the
// shut-down are left out). Self time per function and per area, largest first.
const fs = require('node:fs');

function area(url) {
	if (!url) return 'V8 / native';
	// The n8n cache folder is also called n8n-nodes-redflare: match the installed package itself.
	if (url.includes('node_modules/n8n-nodes-redflare/')) return 'this package';
	if (/node_modules\/(axios|follow-redirects|proxy-from-env|form-data|http-proxy-agent|https-proxy-agent|agent-base)\//.test(url)) return 'axios and agents';
	if (/node_modules\/(n8n-core|n8n-workflow|@n8n\/)/.test(url)) return 'n8n (core, workflow, backend-network)';
	if (url.startsWith('node:')) return 'Node.js (http, net, streams, timers)';
	return 'other modules';
}

function shortUrl(url) {
	const inModules = url.lastIndexOf('node_modules/');
	return inModules >= 0 ? url.slice(inModules + 'node_modules/'.length) : url;
}

/** @returns {{ windowMs: number, areas: Array<{area: string, share: number}>, top: Array<{name: string, where: string, area: string, share: number, ms: number}> } | null} */
function summarizeProfile(file, marker, topCount = 15) {
	const functions = new Set(marker.functions);
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((entry) => [entry.id, entry]));
	const parent = new Map();
	for (const entry of profile.nodes) for (const child of entry.children ?? []) parent.set(child, entry.id);
	const marked = new Map();
	const isMarked = (id) => {
		if (marked.has(id)) return marked.get(id);
		const entry = byId.get(id);
		const up = parent.get(id);
		const value = (entry.callFrame.url.includes(marker.path) && functions.has(entry.callFrame.functionName)) || (up !== undefined && isMarked(up));
		marked.set(id, value);
		return value;
	};
	const times = [];
	let clock = profile.startTime;
	for (const delta of profile.timeDeltas) times.push((clock += delta));
	let first = -1;
	let last = -1;
	profile.samples.forEach((id, index) => {
		if (!isMarked(id)) return;
		if (first < 0) first = index;
		last = index;
	});
	if (first < 0) return null;
	const self = new Map();
	const areas = new Map();
	let total = 0;
	for (let index = first; index <= last; index++) {
		const weight = (times[index + 1] ?? times[index]) - times[index];
		const { callFrame } = byId.get(profile.samples[index]);
		const name = callFrame.functionName || '(anonymous)';
		const where = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
		const key = `${name}\u0000${where}`;
		const kind = ['(idle)', '(program)', '(garbage collector)'].includes(name) ? name : area(callFrame.url);
		self.set(key, { name, where, area: kind, us: (self.get(key)?.us ?? 0) + weight });
		areas.set(kind, (areas.get(kind) ?? 0) + weight);
		total += weight;
	}
	const share = (us) => Number(((100 * us) / total).toFixed(1));
	return {
		windowMs: Math.round((times[last] - times[first]) / 1000),
		areas: [...areas].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ area: name, share: share(us) })),
		top: [...self.values()]
			.sort((a, b) => b.us - a.us)
			.slice(0, topCount)
			.map((entry) => ({ name: entry.name, where: entry.where, area: entry.area, share: share(entry.us), ms: Math.round(entry.us / 1000) })),
	};
}

module.exports = { summarizeProfile };
