// Build steps around tsc (`npm run build` = gulp clean, tsc, gulp build:icons). tsc compiles the
// sources and emits the codex files (*.node.json, listed in tsconfig.json as in n8n-node's own
// build); it does not copy images, so the node and credential icons are copied here, keeping the
// folder layout. Only nodes/ and credentials/ are searched: nothing else in the checkout (editor
// screenshots under artifacts/, for instance) can end up in dist/ and so in the package.
const { rmSync } = require('node:fs');
const { src, dest, task } = require('gulp');

// A fresh dist/ each build, so a deleted or renamed source never ships as a stale compiled file.
task('clean', (done) => {
	rmSync('dist', { recursive: true, force: true });
	done();
});

task('build:icons', () =>
	src(['nodes/**/*.{svg,png}', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(dest('dist')),
);
