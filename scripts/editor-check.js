'use strict';
// Editor test "as a user sees it" (`npm run test:editor`): starts a real n8n (2.41.1) with this
// package installed, a secrets credential and test/editor/workflow.json imported, then drives
// Debian's chromium (/usr/bin/chromium, never a downloaded browser) through owner setup, sign-in and
// the node panels of the workflow. It asserts what the page shows (DOM text and elements) and saves
// screenshots under artifacts/editor/ (the panels also cropped, as docs/images/ shows them). Exits
// non-zero when any check fails.
//
// Row titles (`itemTitle`) show only in n8n's new collection view, an n8n experiment
// ("048_collection_overhaul") that an instance without diagnostics never enables: the browser sets
// n8n's own override for it before the editor loads. The old view (every row open, no titles) is
// checked too, in a second browser profile without the override.
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
// n8n's localStorage override of its experiments; the value turns the new collection view on.
const EXPERIMENT_OVERRIDES = JSON.stringify({ '048_collection_overhaul': 'variant' });

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
// Field labels and (in n8n's new collection view) the titles of field collections, in order; first line only: hover controls follow.
const sectionLabels = (ndv) =>
	ndv
		.getByTestId('node-parameters')
		.locator('label.n8n-input-label, [data-test-id="section-header-title"]')
		.evaluateAll((els) => els.map((e) => e.innerText.split('\n')[0].trim()).filter(Boolean));

// The rows of a fixed collection in n8n's new collection view, by their titles.
const rowTriggers = (scope) => scope.locator('[data-item-key] button[aria-controls^="reka-collapsible-content"]');
const rowTitles = async (ndv, collection) => (await rowTriggers(ndv.getByTestId(`fixed-collection-${collection}`)).allInnerTexts()).map((t) => t.trim());

/** Opens the row titled `title` of a collection (if closed) and returns the labels of its fields, in order. */
async function openRow(page, ndv, collection, title) {
	const row = ndv.getByTestId(`fixed-collection-${collection}`).locator('[data-item-key]').filter({ has: page.locator('button[aria-controls^="reka-collapsible-content"]', { hasText: title }) });
	const trigger = row.locator('button[aria-controls^="reka-collapsible-content"]');
	if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
	await page.waitForTimeout(400);
	return row.locator('label.n8n-input-label').evaluateAll((els) => els.map((e) => e.innerText.split('\n')[0].trim()));
}

/** Opens an options list and returns its entries, each as its lines (name, then description). */
async function openList(page, field, { scroll = true } = {}) {
	if (scroll) await field.evaluate((e) => e.scrollIntoView({ block: 'center' }));
	await field.click();
	const dropdown = page.locator('.el-select__popper:visible');
	await dropdown.getByTestId('parameter-input-item').first().waitFor();
	await page.waitForTimeout(300);
	return (await dropdown.getByTestId('parameter-input-item').allInnerTexts()).map((t) => t.trim().split('\n'));
}

/**
 * A picture of the panel's parameters, as the README shows them: `extra` pixels wider (for an open
 * list), or with the output pane's hints beside them (`withOutput`).
 */
async function panelShot(page, ndv, name, { withOutput = false, height = 760, extra = 0 } = {}) {
	await page.waitForTimeout(300);
	const params = await ndv.getByTestId('node-parameters').boundingBox();
	const panel = await ndv.boundingBox();
	const x = Math.max(0, params.x - 12);
	const width = withOutput ? panel.x + panel.width - x : params.width + 24 + extra;
	// The icons of the connected nodes at the panel's edge would cover the output pane's hints.
	const hidden = await page.addStyleTag({ content: '[data-test-id="floating-node"] { visibility: hidden !important; }' });
	await page.screenshot({ path: path.join(OUT, name), clip: { x, y: panel.y + 40, width, height: Math.min(height, panel.height - 40) } });
	await hidden.evaluate((style) => style.remove());
	log(`screenshot ${path.relative(ROOT, path.join(OUT, name))}`);
}

/** Debian's chromium, headless, with its own profile folder. */
async function launchBrowser(profile) {
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1440, height: 1000 },
	});
	browser.setDefaultTimeout(STEP_TIMEOUT);
	return browser;
}

/** Fills the sign-in form with the owner's account (the owner exists from setup). */
async function signIn(page, url) {
	await page.goto(`${url}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
}

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
	const legacyProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'redflare-chromium-'));
	let n8n;
	let context;
	let legacyContext;
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

		context = await launchBrowser(profile);
		selectors.setTestIdAttribute('data-test-id');
		// Before any page script runs: n8n reads its experiment overrides when the editor loads.
		await context.addInitScript((value) => localStorage.setItem('N8N_EXPERIMENT_OVERRIDES', value), EXPERIMENT_OVERRIDES);
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
		await signIn(page, n8n.url);
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
				'Legacy Lookup: n8n-nodes-redflare.redFlareWebhookDefinition',
				'Lookup Order: n8n-nodes-redflare.redFlareWebhookTool',
				'Order Status: n8n-nodes-redflare.redFlareWebhookDefinition',
				'Reply to Agent: n8n-nodes-redflare.redFlareAgentToolCall',
				'Route Tool Calls: n8n-nodes-redflare.redFlareAgentToolCall',
				'Start: n8n-nodes-base.manualTrigger',
			]),
			'the canvas shows the seven nodes with their types',
			nodes,
		);
		const outputLabels = await page
			.locator('.vue-flow__handle[data-handlepos="right"][data-node-name="Route Tool Calls"]')
			.evaluateAll((els) => els.map((e) => e.innerText.trim()));
		check(
			sameList(outputLabels, ['lookup_order', 'create_charge', 'refund_order', 'Not Routed', 'Tool List']),
			'the Tool Call node shows one output per tool (a link written as an expression labelled with its node), then Not Routed and Tool List',
			outputLabels,
		);
		await shot(page, '03-canvas.png');

		// --- Definition node, version 2, GET: titles, one type per value, the Dynamic Param picker ------------
		let ndv = await openNode(page, 'Order Status');
		check((await paramValue(ndv, 'method')) === 'GET', 'Order Status shows Method GET', await paramValue(ndv, 'method'));
		let labels = await sectionLabels(ndv);
		check(['Headers', 'Query Params', 'Path Params'].every((l) => labels.includes(l)), 'GET shows Headers, Query Params and Path Params', labels);
		check(!labels.includes('Body') && !labels.includes('Body Content Type'), 'GET shows no "Body" and no "Body Content Type" label', labels);
		check((await ndv.getByTestId('fixed-collection-body').count()) === 0, 'GET renders no Body field collection');
		check((await ndv.getByText('Say it once: a {placeholder} named like a Dynamic Param needs no Path Params row').count()) === 1, 'the URL says a placeholder named like a Dynamic Param needs no Path Params row');
		let titles = await rowTitles(ndv, 'dynamicParams');
		check(sameList(titles, ['order_number · String', 'include_items · Boolean · optional', 'note · String · optional']), 'each Dynamic Params row is titled with its name and type', titles);
		titles = await rowTitles(ndv, 'headers');
		check(sameList(titles, ['X-Crm-Token · Secret', 'X-Note · Dynamic: note']), 'each Headers row is titled with its name and where its value comes from', titles);
		const dynamicRow = await openRow(page, ndv, 'headers', 'X-Note · Dynamic: note');
		check(sameList(dynamicRow, ['Field Name', 'Fill With', 'From Dynamic Param Name or ID']), 'a Dynamic row has no second type: Field Name, Fill With, From Dynamic Param Name or ID', dynamicRow);
		// The params and the open row in one view, for the picture.
		await ndv.getByTestId('fixed-collection-dynamicParams').evaluate((e) => e.scrollIntoView({ block: 'start' }));
		await page.mouse.move(5, 5);
		const picked = await openList(page, ndv.locator('[data-parameter-path="parameters.headers.field[1].dynamicParam"]'), { scroll: false });
		check(
			sameList(picked.map(([name]) => name), ['(Same as Field Name)', 'order_number', 'include_items', 'note']),
			'the Dynamic Param picker lists the node’s own Dynamic Params after "(Same as Field Name)"',
			picked,
		);
		check(sameList(picked.slice(1).map(([, about]) => about.split(' · ')[0]), ['String', 'Boolean', 'String']), 'each param in the picker shows its type', picked);
		await page.screenshot({ path: path.join(OUT, '04-definition-v2-picker.png') }); // keep the list open: no mouse move
		await panelShot(page, ndv, 'definition-v2.png', { extra: 40, height: 880 });
		await page.keyboard.press('Escape');

		// --- Definition node, version 2, POST: Body; its Secret picker: names, never values ---------------------
		ndv = await openNode(page, 'Create Charge');
		check((await paramValue(ndv, 'method')) === 'POST', 'Create Charge shows Method POST', await paramValue(ndv, 'method'));
		labels = await sectionLabels(ndv);
		check(labels.includes('Body') && labels.includes('Body Content Type'), 'POST shows the "Body" and "Body Content Type" sections', labels);
		titles = await rowTitles(ndv, 'body');
		check(sameList(titles, ['amount · Dynamic', 'customer.email · Dynamic: email', 'currency · Static']), 'the Body lists its three fields by their titles', titles);
		const staticRow = await openRow(page, ndv, 'body', 'currency · Static');
		check(sameList(staticRow, ['Field Name', 'Fill With', 'Static Value', 'Type']), 'a Static row has its value and its type', staticRow);
		await ndv.getByTestId('fixed-collection-body').scrollIntoViewIfNeeded();
		await shot(page, '05-definition-post-body.png');
		const secretRow = await openRow(page, ndv, 'headers', 'Authorization · Secret');
		check(sameList(secretRow, ['Field Name', 'Fill With', 'Secret Name or ID', 'Type']), 'a Secret row has its secret name and its type', secretRow);
		const secretField = ndv.locator('[data-parameter-path="parameters.headers.field[0].secretName"]');
		check((await secretField.locator('input').inputValue()) === 'Stripe API Key', 'the Secret field shows the chosen secret name');
		const entries = (await openList(page, secretField)).map(([name]) => name);
		check(sameList(entries, SECRET_NAMES), `the Secret picker lists the credential's secret names (${SECRET_NAMES.join(', ')})`, entries);
		let text = await pageText(page);
		const shown = SECRET_VALUES.filter((v) => text.includes(v));
		check(shown.length === 0, 'no secret value appears on the page (text, HTML or field values)', shown);
		await page.screenshot({ path: path.join(OUT, '06-secret-picker.png') }); // keep the dropdown open: no mouse move
		log('screenshot artifacts/editor/06-secret-picker.png');
		await page.keyboard.press('Escape');

		// --- Definition node, version 1: unchanged, its second type flagged -------------------------------------
		ndv = await openNode(page, 'Legacy Lookup');
		const legacyRow = await openRow(page, ndv, 'pathParams', 'order_number · Dynamic');
		check(sameList(legacyRow, ['Field Name', 'Fill With', 'From Dynamic Param Name or ID', 'Type']), 'version 1 keeps a Dynamic row’s own Type', legacyRow);
		check(
			(await ndv.getByText('Version 2 of this node takes the param’s type', { exact: false }).count()) > 0,
			'version 1 warns that a Dynamic field’s Type differs from its param’s',
		);
		await shot(page, '07-definition-v1.png');

		// --- Tool Call node, version 2: the wiring notice, titled tools, a broken link flagged ----------------
		ndv = await openNode(page, 'Route Tool Calls');
		check(
			(await ndv.getByText('Connect each tool’s output to the RedFlare Webhook Definition node its Linked Webhook names', { exact: false }).count()) > 0,
			'the route shows the wiring notice',
		);
		titles = await rowTitles(ndv, 'tools');
		check(
			sameList(titles, ['lookup_order → Order Status', 'create_charge → Create Charge', 'refund_order → BROKEN LINK: Refund Order']),
			'each tool row names its tool and its linked node (by name or by expression), a missing node as a BROKEN LINK',
			titles,
		);
		check(
			(await ndv.getByText('A Linked Webhook names no RedFlare Webhook Definition node of this workflow', { exact: false }).count()) > 0,
			'the panel warns about the broken link before any run',
		);
		const outputs = await ndv.locator('[data-test-id="floating-node"][data-node-placement="outputMain"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-name')));
		check(sameList(outputs, ['Order Status', 'Create Charge']), 'the panel shows both working tool outputs connected to their webhooks', outputs);
		await shot(page, '08-tool-call-route.png');
		const linkRow = await openRow(page, ndv, 'tools', 'lookup_order → Order Status');
		check(sameList(linkRow, ['Tool Name', 'Linked Webhook']), 'a tool row holds its Tool Name and its Linked Webhook', linkRow);
		await page.mouse.move(5, 5);
		await panelShot(page, ndv, 'tool-call-v2.png', { withOutput: true, height: 700 });

		ndv = await openNode(page, 'Reply to Agent');
		check((await ndv.getByText('Put a Merge node in', { exact: false }).count()) > 0, 'the reply shows the Merge (Append) notice');
		check((await paramValue(ndv, 'replyFormat')) === 'Same as Request', 'a new reply answers in the format of the request', await paramValue(ndv, 'replyFormat'));
		await shot(page, '09-tool-call-reply.png');

		// --- Webhook Tool: the same webhook parameters, the current behaviour ------------------------------------
		ndv = await openNode(page, 'Lookup Order');
		check((await ndv.getByText('The tool is named after this node', { exact: false }).count()) > 0, 'the Webhook Tool shows its naming notice');
		labels = await sectionLabels(ndv);
		check(
			(await ndv.locator('[data-parameter-path="parameters.webhookName"]').count()) === 0 && ['Description', 'URL', 'Dynamic Params', 'Headers', 'Path Params', 'Options'].every((l) => labels.includes(l)),
			'the Webhook Tool shows the webhook parameters without Name',
			labels,
		);
		titles = await rowTitles(ndv, 'headers');
		check(sameList(titles, ['X-Api-Key · Secret']), 'its rows are titled as the Definition node’s', titles);
		await shot(page, '10-webhook-tool.png');
		await panelShot(page, ndv, 'webhook-tool.png');

		// --- what the browser received --------------------------------------------------------------------
		text = await pageText(page);
		const leaked = responses.filter(([, b]) => SECRET_VALUES.some((v) => b.includes(v))).map(([u]) => u);
		check(leaked.length === 0 && !SECRET_VALUES.some((v) => text.includes(v)), `no secret value in the page or in any of ${responses.length} API responses`, leaked);
		const optionResponses = responses.filter(([u]) => u.includes('/rest/dynamic-node-parameters/options'));
		check(
			optionResponses.some(([, b]) => SECRET_NAMES.every((n) => b.includes(JSON.stringify(n)))),
			'the Secret picker options came from the package (names loaded through n8n)',
			optionResponses.map(([, b]) => b.slice(0, 200)),
		);
		check(
			optionResponses.some(([, b]) => ['order_number', 'include_items', 'note'].every((n) => b.includes(JSON.stringify(n)))),
			'the Dynamic Param picker options came from the package',
			optionResponses.map(([, b]) => b.slice(0, 200)),
		);

		// --- n8n's old collection view (no experiment): every row open, fields in reading order ----------------
		// A second session: n8n shows it the workflow read-only (the first one holds it), fields as they are.
		legacyContext = await launchBrowser(legacyProfile);
		const oldView = legacyContext.pages()[0] || (await legacyContext.newPage());
		await signIn(oldView, n8n.url);
		await oldView.getByTestId('form-submit-button').click();
		await oldView.waitForURL((u) => !u.pathname.startsWith('/signin'));
		await oldView.goto(`${n8n.url}/workflow/${WORKFLOW_ID}`);
		await oldView.getByTestId('canvas-node').first().waitFor();
		await oldView.waitForTimeout(1000);
		ndv = await openNode(oldView, 'Order Status');
		check((await rowTriggers(ndv).count()) === 0, 'without the experiment n8n shows no collapsible rows (and no titles)');
		const rowLabels = await ndv.getByTestId('fixed-collection-headers').locator('label.n8n-input-label').evaluateAll((els) => els.map((e) => e.innerText.split('\n')[0].trim()));
		check(
			sameList(rowLabels, ['Field Name', 'Fill With', 'Secret Name or ID', 'Type', 'Field Name', 'Fill With', 'From Dynamic Param Name or ID']),
			'there every row is open, its fields in reading order, a Dynamic one without a second type',
			rowLabels,
		);
		await ndv.getByTestId('fixed-collection-headers').scrollIntoViewIfNeeded();
		await shot(oldView, '11-old-collection-view.png');
	} catch (err) {
		failures.push(`aborted: ${err.message.split('\n')[0]}`);
		console.log(`  FAIL  ${err.stack || err}`);
		if (page) await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
	} finally {
		if (context) await context.close().catch(() => {});
		if (legacyContext) await legacyContext.close().catch(() => {});
		if (n8n) {
			fs.writeFileSync(path.join(OUT, 'n8n.log'), n8n.output());
			await n8n.stop();
		}
		fs.rmSync(profile, { recursive: true, force: true });
		fs.rmSync(legacyProfile, { recursive: true, force: true });
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
