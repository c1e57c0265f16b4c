/**
 * Jest's global setup: the node and workflow tests load the BUILT package (dist/), as n8n does, so it is
 * built first whenever dist/ is missing or older than a source it is built from. `npm test` has just
 * built it and nothing is done; `npm run test:unit` or `npx jest` on a fresh clone or after an edit
 * builds it, instead of failing or testing a stale dist/.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SOURCES = ['engine', 'nodes', 'credentials', 'index.js', 'package.json', 'tsconfig.json', 'gulpfile.js'];

/** Modification times of the files under `path` whose names pass `keep`. */
function times(path: string, keep: (name: string) => boolean = () => true): number[] {
	if (!existsSync(path)) return [];
	const stat = statSync(path);
	if (!stat.isDirectory()) return keep(path) ? [stat.mtimeMs] : [];
	return readdirSync(path).flatMap((entry) => times(join(path, entry), keep));
}

export default function buildWhenStale(): void {
	// What tsc wrote (the copied icons keep their sources' times).
	const built = times(join(ROOT, 'dist'), (name) => name.endsWith('.js'));
	const newestSource = Math.max(...SOURCES.flatMap((source) => times(join(ROOT, source))));
	if (built.length > 0 && Math.min(...built) >= newestSource) return;
	console.log(built.length === 0 ? '\nNo dist/: building the package first.' : '\ndist/ is older than the sources: building the package first.');
	execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
}
