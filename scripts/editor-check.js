'use strict';
// Editor test "as a user sees it" (`npm run test:editor`): starts a real n8n (2.41.1) with this
// package installed, a secrets credential and test/editor/workflow.json imported, then drives
// Debian's chromium (/usr/bin/chromium, never a downloaded browser) through owner setup, sign-in and
// the node panels of the workflow. It asserts what the page shows (DOM text and elements) and saves
// screenshots under artifacts/editor/. Exits non-zero when any check fails.
//
// Needs: a built package (`npm run build`; the npm script does it), Debian's chromium
// (`apt-get install -y chromium`), and n8n's cache (installed on first use by n8n-runtime.js).
// Env: CHROMIUM_PATH (default /usr/bin/chromium), EDITOR_CHECK_KEEP=1 keeps n8n's user folder.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');
const rt = require('./n8n-runtime');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'artifacts', 'editor');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WORKFLOW_ID = 'EdChkWorkflow001';
const CREDENTIAL = { id: 'EdChkSecrets0001', name: 'Editor Check Secrets' };
// Secret names are shown in the picker; the values must never reach the browser.
const SECRETS = { 'Stripe API Key': 'sk_test_51EdChkStripeValue9x7', 'CRM Token': 'crm-tok-EdChkValue-4242' };
const SECRET_NAMES = Object.keys(SECRETS).sort((a, b) => a.localeCompare(b));
const SECRET_VALUES = Object.values(SECRETS);
const OWNER = { email: 'owner@example.com', firstName: 'Olivia', lastName: 'Owner', password: 'Editor-check-1' };
const STEP_TIMEOUT = 30000;

const started = Date.now();
const secs = () => ((Date.now() - started) / 1000).toFixed(1) + ' s';
const log = (msg) => console.log(`[editor ${secs()}] ${msg}`);

let passed = 0;
const failures = [];
function check(cond, what, detail) {
	if (cond) {
		passed++;
		console.log(`  ok    ${what}`);
	} else {
		failures.push(what);
		console.log(`  FAIL  ${what}${detail === undefined ? '' : `\n        got: ${JSON.stringify(detail)}`}`);
	}
}

function sameList(a, b) {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function shot(page, name) {
	const file = path.join(OUT, name);
	await page.mouse.move(5, 5); // no hover effects on the thing being shown
	await page.waitForTimeout(300); // let transitions settle
	await page.screenshot({ path: file });
	log(`screenshot ${path.relative(ROOT, file)}`);
}

// n8n may show onboarding screens, modals and toasts; close what is in the way (never the node panel).
async function dismissNoise(page) {
	for (const sel of ['[data-test-id="assistant-set-up-later"]', '.el-notification .el-notification__closeBtn']) {
		for (const el of await page.locator(sel).all()) {
			if (await el.isVisible().catch(() => false)) await el.click({ timeout: 2000 }).catch(() => {});
		}
	}
	for (const dialog of await page.locator('.el-overlay .el-dialog, [role="dialog"]').all()) {
		if (!(await dialog.isVisible().catch(() => false))) continue;
		if (await dialog.locator('[data-test-id="ndv"]').count()) continue;
		const close = dialog.locator('.el-dialog__headerbtn, [aria-label="Close"], [data-test-id$="close-button"]').first();
		if (await close.isVisible().catch(() => false)) await close.click({ timeout: 2000 }).catch(() => {});
		else await page.keyboard.press('Escape');
	}
}

async function openNode(page, name) {
	await dismissNoise(page);
	if (await page.getByTestId('ndv').isVisible().catch(() => false)) {
		await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('ndv').waitFor({ state: 'hidden' });
	}
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	await ndv.getByTestId('node-parameters').waitFor();
	await page.waitForTimeout(500); // parameters render in a second pass (options, credentials)
	const title = (await ndv.getByTestId('node-title-container').innerText()).trim();
	check(title.includes(name), `panel of "${name}" opens with its title`, title);
	return ndv;
}

const paramValue = (ndv, p) => ndv.locator(`[data-parameter-path="parameters.${p}"] input, [data-parameter-path="parameters.${p}"] textarea`).first().inputValue();
const sectionLabels = (ndv) =>
	ndv.getByTestId('node-parameters').locator('label.n8n-input-label').evaluateAll((els) => els.map((e) => e.innerText.split('\n')[0].trim())); // first line: hover controls follow

// Everything the page shows or holds as text: visible text, HTML, and the values of every field.
async function pageText(page) {
	return page.evaluate(() => {
		const values = [...document.querySelectorAll('input, textarea')].map((e) => e.value);
		return [document.body.innerText, document.documentElement.outerHTML, ...values].join('\n');
	});
}

async function main() {
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: run \`apt-get install -y chromium\` (Debian's package)`);
	const pkg = require(path.join(ROOT, 'package.json'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => !fs.existsSync(path.join(ROOT, f)));
	if (missing.length) throw new Error(`Package not built (missing ${missing.join(', ')}): run \`npm run build\``);

	await rt.ensureN8n({ log });
	const userFolder = rt.createUserFolder('redflare-editor-');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'redflare-chromium-'));
	let n8n;
	let context;
	let page;
	const responses = []; // [url, body] of what n8n's API sent the browser
	try {
		await rt.installCommunityPackage(userFolder, ROOT, { log });
		await rt.importCredentials(userFolder, [{ ...CREDENTIAL, type: 'redFlareSecretsApi', data: { vault: JSON.stringify(SECRETS) } }]);
		const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'editor', 'workflow.json'), 'utf8'));
		for (const node of workflow.nodes) if (node.credentials?.redFlareSecretsApi) node.credentials.redFlareSecretsApi = { ...CREDENTIAL };
		await rt.importWorkflows(userFolder, [{ ...workflow, id: WORKFLOW_ID }]);
		log('package installed, credential and workflow imported; starting n8n');
		n8n = await rt.startN8n(userFolder, { log }); // no ownerEnv: the browser completes owner setup

		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
			viewport: { width: 1440, height: 900 },
		});
		context.setDefaultTimeout(STEP_TIMEOUT);
		selectors.setTestIdAttribute('data-test-id');
		page = context.pages()[0] || (await context.newPage());
		page.on('pageerror', (err) => log(`page error: ${err.message.split('\n')[0]}`));
		page.on('response', async (res) => {
			if (!res.url().startsWith(n8n.url) || !/\/rest\/|\/types\//.test(res.url())) return;
			try {
				responses.push([res.url(), await res.text()]);
			} catch {}
		});

		// --- owner setup -------------------------------------------------------------------------
		await page.goto(n8n.url);
		await page.waitForURL(/\/setup/);
		await page.getByTestId('setup-form').waitFor();
		check(true, 'a fresh instance opens at the owner setup form');
		for (const [field, value] of Object.entries(OWNER)) await page.getByTestId(field).locator('input').fill(value);
		await shot(page, '01-owner-setup.png');
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((u) => !u.pathname.startsWith('/setup'));
		await page.getByTestId('project-home-menu-item').waitFor(); // the signed-in app (sidebar) is shown
		await dismissNoise(page);
		check(!page.url().includes('/setup'), 'owner setup completes', page.url());

		// --- sign out, sign in ---------------------------------------------------------------------
		await page.goto(`${n8n.url}/signout`);
		await page.waitForURL(/\/signin/);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
		await page.getByTestId('password').locator('input').fill(OWNER.password);
		await shot(page, '02-sign-in.png');
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
		check(true, 'the owner signs in');

		// --- the workflow on the canvas -------------------------------------------------------------
		await page.goto(`${n8n.url}/workflow/${WORKFLOW_ID}`);
		await page.getByTestId('canvas-node').first().waitFor();
		await page.waitForTimeout(1000);
		await dismissNoise(page);
		const nodes = await page
			.getByTestId('canvas-node')
			.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-node-name')}: ${e.getAttribute('data-node-type')}`).sort());
		check(
			sameList(nodes, [
				'Create Charge: n8n-nodes-redflare.redFlareWebhookDefinition',
				'Order Status: n8n-nodes-redflare.redFlareWebhookDefinition',
				'Route Tool Calls: n8n-nodes-redflare.redFlareAgentToolCall',
				'Start: n8n-nodes-base.manualTrigger',
			]),
			'the canvas shows the four nodes with their types',
			nodes,
		);
		const outputLabels = await page
			.locator('.vue-flow__handle[data-handlepos="right"][data-node-name="Route Tool Calls"]')
			.evaluateAll((els) => els.map((e) => e.innerText.trim()));
		check(
			sameList(outputLabels, ['lookup_order', 'create_charge', 'Not Routed', 'Tool List']),
			'the Tool Call node shows one output per tool, then Not Routed and Tool List',
			outputLabels,
		);
		await shot(page, '03-canvas.png');

		// --- Definition node, GET: no Body section ---------------------------------------------------
		let ndv = await openNode(page, 'Order Status');
		check((await paramValue(ndv, 'method')) === 'GET', 'Order Status shows Method GET', await paramValue(ndv, 'method'));
		let labels = await sectionLabels(ndv);
		check(['Headers', 'Query Params', 'Path Params'].every((l) => labels.includes(l)), 'GET shows Headers, Query Params and Path Params', labels);
		check(!labels.includes('Body') && !labels.includes('Body Content Type'), 'GET shows no "Body" and no "Body Content Type" label', labels);
		check((await ndv.getByTestId('fixed-collection-body').count()) === 0, 'GET renders no Body field collection');
		check((await ndv.getByText('Add Body Field', { exact: true }).count()) === 0, 'GET offers no "Add Body Field" button');
		await ndv.getByTestId('fixed-collection-pathParams').scrollIntoViewIfNeeded();
		await shot(page, '04-definition-get-no-body.png');

		// --- Definition node, POST: Body section shown ------------------------------------------------
		ndv = await openNode(page, 'Create Charge');
		check((await paramValue(ndv, 'method')) === 'POST', 'Create Charge shows Method POST', await paramValue(ndv, 'method'));
		labels = await sectionLabels(ndv);
		check(labels.includes('Body') && labels.includes('Body Content Type'), 'POST shows the "Body" and "Body Content Type" sections', labels);
		const body = ndv.getByTestId('fixed-collection-body');
		check(await body.isVisible(), 'the Body field collection is visible');
		const bodyNames = [];
		for (let i = 0; i < 3; i++) bodyNames.push(await paramValue(ndv, `body.field[${i}].name`));
		check(sameList(bodyNames, ['amount', 'customer.email', 'currency']), 'the Body lists its three fields', bodyNames);
		await body.scrollIntoViewIfNeeded();
		await ndv.locator('label[for="body"]').scrollIntoViewIfNeeded();
		await shot(page, '05-definition-post-body.png');

		// --- its Secret picker: names, never values ---------------------------------------------------
		check((await paramValue(ndv, 'headers.field[0].name')) === 'Authorization', 'the header row is "Authorization"');
		const secretField = ndv.locator('[data-parameter-path="parameters.headers.field[0].secretName"]');
		await secretField.evaluate((e) => e.scrollIntoView({ block: 'center' })); // its label and the list below it in view
		check((await secretField.locator('input').inputValue()) === 'Stripe API Key', 'the Secret field shows the chosen secret name');
		await secretField.click();
		const dropdown = page.locator('.el-select__popper:visible');
		await dropdown.getByTestId('parameter-input-item').first().waitFor();
		await page.waitForTimeout(300);
		const entries = (await dropdown.getByTestId('parameter-input-item').allInnerTexts()).map((t) => t.trim());
		check(sameList(entries, SECRET_NAMES), `the Secret picker lists the credential's secret names (${SECRET_NAMES.join(', ')})`, entries);
		let text = await pageText(page);
		const shown = SECRET_VALUES.filter((v) => text.includes(v));
		check(shown.length === 0, 'no secret value appears on the page (text, HTML or field values)', shown);
		await page.screenshot({ path: path.join(OUT, '06-secret-picker.png') }); // keep the dropdown open: no mouse move
		log('screenshot artifacts/editor/06-secret-picker.png');
		await page.keyboard.press('Escape');

		// --- Tool Call node with two tools -----------------------------------------------------------------
		ndv = await openNode(page, 'Route Tool Calls');
		const tools = ndv.getByTestId('fixed-collection-tools');
		check(await tools.isVisible(), 'the Tools section is visible');
		const rows = [];
		for (let i = 0; (await ndv.locator(`[data-parameter-path="parameters.tools.tool[${i}].name"]`).count()) > 0; i++) {
			rows.push(`${await paramValue(ndv, `tools.tool[${i}].name`)} -> ${await paramValue(ndv, `tools.tool[${i}].webhook`)}`);
		}
		check(sameList(rows, ['lookup_order -> Order Status', 'create_charge -> Create Charge']), 'both tool rows are shown with their linked webhooks', rows);
		const outputs = await ndv.locator('[data-test-id="floating-node"][data-node-placement="outputMain"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-name')));
		check(sameList(outputs, ['Order Status', 'Create Charge']), 'the panel shows both tool outputs connected to their webhooks', outputs);
		await shot(page, '07-tool-call-two-tools.png');

		// --- what the browser received --------------------------------------------------------------------
		text = await pageText(page);
		const leaked = responses.filter(([, b]) => SECRET_VALUES.some((v) => b.includes(v))).map(([u]) => u);
		check(leaked.length === 0 && !SECRET_VALUES.some((v) => text.includes(v)), `no secret value in the page or in any of ${responses.length} API responses`, leaked);
		const optionResponses = responses.filter(([u]) => u.includes('/rest/dynamic-node-parameters/options'));
		check(
			optionResponses.some(([, b]) => SECRET_NAMES.every((n) => b.includes(JSON.stringify(n)))),
			'the picker options came from the package (names loaded through n8n)',
			optionResponses.map(([, b]) => b.slice(0, 200)),
		);
	} catch (err) {
		failures.push(`aborted: ${err.message.split('\n')[0]}`);
		console.log(`  FAIL  ${err.stack || err}`);
		if (page) await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
	} finally {
		if (context) await context.close().catch(() => {});
		if (n8n) {
			fs.writeFileSync(path.join(OUT, 'n8n.log'), n8n.output());
			await n8n.stop();
		}
		fs.rmSync(profile, { recursive: true, force: true });
		if (process.env.EDITOR_CHECK_KEEP) log(`kept n8n user folder ${userFolder}`);
		else rt.removeUserFolder(userFolder);
	}
}

main()
	.catch((err) => {
		failures.push(`setup: ${err.message.split('\n')[0]}`);
		console.error(err);
	})
	.finally(() => {
		log(`done; screenshots in ${path.relative(ROOT, OUT)}/`);
		if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
		console.log(`\neditor: ${passed} passed, ${failures.length} failed`);
		process.exitCode = failures.length ? 1 : 0;
	});
