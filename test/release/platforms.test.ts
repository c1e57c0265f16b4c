/**
 * `npm ci` works on every machine a contributor may use (Linux, macOS; x64, arm64): npm refuses to
 * install a locked package whose `os` or `cpu` does not match the machine (EBADPLATFORM) unless the
 * package is optional, when it skips it. So every locked package that names an os or cpu must be
 * optional; a platform-bound test tool (the scale test's Postgres binaries) is installed at test time
 * into the runtime cache instead (test/scale/postgres.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockedPackage {
	os?: string[];
	cpu?: string[];
	optional?: boolean;
}

const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };

test('every locked package bound to an os or a cpu is optional, so npm ci installs anywhere', () => {
	const bound = Object.entries(lock.packages).filter(([, entry]) => entry.os !== undefined || entry.cpu !== undefined);
	expect(bound.length).toBeGreaterThan(0); // the check reads the lock's real fields (typescript's native builds)
	const required = bound.filter(([, entry]) => entry.optional !== true).map(([path, entry]) => `${path} (os ${String(entry.os)}, cpu ${String(entry.cpu)})`);
	expect(required).toEqual([]);
});
