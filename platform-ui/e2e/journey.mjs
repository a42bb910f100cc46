#!/usr/bin/env node
// The developer's and the admin's journey through the web UI, in a real browser (Chromium driven
// by playwright-core): register, upload the example app, deploy it, see it healthy, open its link,
// chart a sensor's readings (skipped while the sensors API is missing), then as admin drain the
// node that runs the app and see its instance move. A screenshot of each page goes to a directory.
//
// Run it against a running platform:
//   PLINTH_URL=http://127.0.0.1:18400 PLINTH_ADMIN_PASSWORD=... node e2e/journey.mjs
//
// Settings (environment):
//   PLINTH_URL              the platform's URL (default http://127.0.0.1:8080)
//   PLINTH_ADMIN_USER       an admin's username (default admin)
//   PLINTH_ADMIN_PASSWORD   that admin's password (required)
//   PLINTH_E2E_SCREENSHOTS  where screenshots go (default platform-ui/target/e2e-screenshots)
//   PLINTH_E2E_PACKAGE      the package to upload (default examples/hello-http/target/hello-http-1.0.0.zip)
//   PLINTH_E2E_CHROMIUM     the browser (default /usr/bin/chromium)
//   PLINTH_E2E_TIMEOUT      seconds to wait for the platform to act, per step (default 180)
//
// Exit code: 0 when every step passed, 1 when one failed (the failure is printed, and a screenshot
// named failed-*.png is saved), 2 for bad settings.

import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

const base = (process.env.PLINTH_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const adminUser = process.env.PLINTH_ADMIN_USER ?? 'admin';
const adminPassword = process.env.PLINTH_ADMIN_PASSWORD ?? '';
const shots = resolve(process.env.PLINTH_E2E_SCREENSHOTS ?? join(here, '..', 'target', 'e2e-screenshots'));
const packagePath = resolve(process.env.PLINTH_E2E_PACKAGE ?? join(repo, 'examples/hello-http/target/hello-http-1.0.0.zip'));
const chromiumPath = process.env.PLINTH_E2E_CHROMIUM ?? '/usr/bin/chromium';
const waitMs = Number(process.env.PLINTH_E2E_TIMEOUT ?? '180') * 1000;

function fail(message) {
  console.error(`journey: ${message}`);
  process.exit(2);
}

if (!adminPassword) fail('set PLINTH_ADMIN_PASSWORD to the admin password (plinth-data/secrets.properties, admin.password)');
if (!existsSync(packagePath)) fail(`no package at ${packagePath}; build examples/hello-http first or set PLINTH_E2E_PACKAGE`);
if (!existsSync(chromiumPath)) fail(`no browser at ${chromiumPath}; install Debian's chromium or set PLINTH_E2E_CHROMIUM`);
if (!Number.isFinite(waitMs) || waitMs <= 0) fail('PLINTH_E2E_TIMEOUT must be a positive number of seconds');
mkdirSync(shots, { recursive: true });

const results = [];
let page;
let shotCount = 0;

async function screenshot(name) {
  shotCount += 1;
  const file = join(shots, `${String(shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs one step; a failure ends the journey after a screenshot of where it failed. */
async function step(name, run) {
  const started = Date.now();
  process.stdout.write(`- ${name} … `);
  try {
    const note = await run();
    const ms = Date.now() - started;
    console.log(`ok (${ms} ms)${note ? `: ${note}` : ''}`);
    results.push({ name, ok: true, ms, note });
  } catch (error) {
    const ms = Date.now() - started;
    console.log(`FAILED (${ms} ms)`);
    console.error(`  ${String(error?.message ?? error).split('\n').slice(0, 8).join('\n  ')}`);
    results.push({ name, ok: false, ms, error });
    try {
      const file = await screenshot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
      console.error(`  screenshot of the failure: ${file}`);
    } catch {
      // The page may be gone; the message above says what failed.
    }
    throw error;
  }
}

async function heading(text) {
  await page.getByRole('heading', { level: 1, name: text }).waitFor({ timeout: 30_000 });
}

async function signIn(username, password) {
  await page.goto(`${base}/#/signin`);
  await heading('Sign in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading('My apps');
}

async function signOut() {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading('Sign in');
}

async function visit(path, title, shot) {
  await page.goto(`${base}/#${path}`);
  await heading(title);
  // Let the first answers arrive (loading states are short on a local platform).
  await page.waitForFunction(() => !document.querySelector('.state--loading'), null, { timeout: 30_000 }).catch(() => {});
  await screenshot(shot);
}

/** The names of the nodes whose card lists an instance of the app that is not stopping, and their states. */
async function placement(app) {
  return page.evaluate((appName) => {
    const found = [];
    for (const card of document.querySelectorAll('.node')) {
      const node = card.querySelector('h2')?.textContent?.trim();
      for (const item of card.querySelectorAll('.node__instances li')) {
        const link = item.querySelector('a');
        if (link?.textContent?.trim() !== appName) continue;
        const stopping = item.textContent.includes('stopping');
        const state = item.querySelector('.badge')?.textContent?.trim();
        found.push({ node, id: item.querySelector('code')?.textContent?.trim(), state, stopping });
      }
    }
    return found;
  }, app);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'plinth-e2e-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const consoleErrors = [];
page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(30_000);
page.on('dialog', (dialog) => void dialog.accept());
page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.stack ?? error.message}`));
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text());
});

const developer = `e2e-${Date.now().toString(36)}`;
const developerPassword = `journey-${Math.random().toString(36).slice(2)}-pass`;
let appName = 'hello-http';
let exitCode = 0;

try {
  console.log(`Journey against ${base}, screenshots in ${shots}`);

  await step('open the sign-in page', async () => {
    await page.goto(`${base}/`);
    await heading('Sign in');
    await screenshot('sign-in');
  });

  await step('register a developer', async () => {
    await page.getByRole('link', { name: 'Create a developer account' }).click();
    await heading('Create a developer account');
    await page.getByLabel('Username').fill(developer);
    await page.getByLabel('Password', { exact: true }).fill(developerPassword);
    await page.getByLabel('Repeat the password').fill(developerPassword);
    await page.getByLabel('Email (optional)').fill(`${developer}@example.com`);
    await screenshot('register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading('My apps');
    await page.locator('#main').getByText('You have no apps yet.').waitFor();
    await screenshot('dashboard-empty');
    return developer;
  });

  await step('upload the example app', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
    await heading('Upload an app');
    await page.getByLabel('Choose a package (.zip)').setInputFiles(packagePath);
    await page.locator('#main').getByText(/^Ready:/).waitFor();
    await screenshot('upload-chosen');
    await page.getByRole('button', { name: 'Upload' }).click();
    const done = page.locator('#main').getByText(/^Version \S+ of \S+ is uploaded\.$/);
    const refused = page.locator('.result--bad');
    await done.or(refused).first().waitFor({ timeout: 60_000 });
    await screenshot('upload-result');
    if (await refused.isVisible()) throw new Error(`the upload was refused: ${(await refused.innerText()).replace(/\s+/g, ' ')}`);
    const text = await done.innerText();
    appName = /of (\S+) is uploaded/.exec(text)[1];
    return text;
  });

  await step('deploy it', async () => {
    await page.getByRole('link', { name: `Go to ${appName}` }).click();
    await heading(appName);
    await page.getByRole('button', { name: 'Deploy now' }).click();
    await page.locator('#main').getByText(/^Deploying version/).waitFor();
    await screenshot('app-deploying');
  });

  await step('see it healthy', async () => {
    await page.waitForFunction(
      () => {
        const text = document.querySelector('section[aria-labelledby="deployment-heading"]')?.textContent ?? '';
        const m = /(\d+) of (\d+) desired instances? healthy/.exec(text);
        return !!m && Number(m[2]) > 0 && m[1] === m[2] && text.includes('Running');
      },
      null,
      { timeout: waitMs, polling: 1000 },
    );
    await screenshot('app-healthy');
    return (await page.locator('#main').getByText(/desired instances? healthy/).innerText()).trim();
  });

  await step('open its link', async () => {
    const href = await page.getByRole('link', { name: 'Open the app (new tab)' }).getAttribute('href');
    const url = new URL(href, base).toString();
    const tab = await context.newPage();
    try {
      const response = await tab.goto(url);
      const body = await tab.locator('body').innerText();
      if (!response || response.status() !== 200) throw new Error(`${url} answered ${response?.status()}: ${body.slice(0, 200)}`);
      if (!body.includes(appName)) throw new Error(`${url} does not mention ${appName}: ${body.slice(0, 200)}`);
      const previous = page;
      page = tab;
      await screenshot('app-link');
      page = previous;
      return `${url} answered 200`;
    } finally {
      await tab.close();
    }
  });

  await step('see the request in the live log', async () => {
    const log = page.getByRole('log', { name: `Log lines of ${appName}` });
    await log.scrollIntoViewIfNeeded();
    try {
      await page.waitForFunction(
        () => (document.querySelectorAll('[role="log"] li').length ?? 0) > 0,
        null,
        { timeout: 60_000, polling: 1000 },
      );
    } catch {
      await screenshot('app-logs');
      return 'note: no log line arrived within 60 s (not counted as a failure)';
    }
    await screenshot('app-logs');
    return `${await log.locator('li').count()} line(s) shown, tail: ${(await page.getByTestId('tail-state').innerText()).trim()}`;
  });

  await step('sign in as admin', async () => {
    await signOut();
    await signIn(adminUser, adminPassword);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Nodes' }).waitFor();
  });

  await step('chart a sensor\'s readings', async () => {
    const probe = await page.request.get(`${base}/api/sensors`);
    if (probe.status() === 404) {
      await visit('/admin/sensors', 'Sensors and devices', 'sensors-not-available');
      console.log('\n  note: the sensors API answers 404 (not built yet): sensor chart step skipped');
      return 'skipped (sensors API answers 404)';
    }
    const listTypes = async () => {
      const typesAnswer = await page.request.get(`${base}/api/sensor-types`);
      const typesBody = typesAnswer.ok() ? await typesAnswer.json() : [];
      return Array.isArray(typesBody) ? typesBody : (typesBody.types ?? typesBody.items ?? []);
    };
    const numeric = (t) => (t.kind ?? 'sensor') === 'sensor'
      && Object.values(t.fields ?? {}).some((f) => f?.type === 'number' || f?.type === 'integer');
    let type = (await listTypes()).find(numeric);
    if (!type) {
      // A platform without the demo has no types yet: the admin registers the vehicle-speed type.
      const created = await page.request.post(`${base}/api/sensor-types`, {
        data: { name: 'vehicle-speed', kind: 'sensor', description: 'speed of a vehicle',
                fields: { speedKmh: { type: 'number', unit: 'km/h' } } },
      });
      if (!created.ok() && created.status() !== 409) {
        throw new Error(`registering the vehicle-speed type answered ${created.status()}: ${await created.text()}`);
      }
      type = (await listTypes()).find(numeric);
      if (!type) throw new Error('the vehicle-speed type does not show in GET /api/sensor-types');
    }
    const typeName = type.id ?? type._id ?? type.name;
    const device = `e2e-sensor-${Date.now().toString(36)}`;
    await visit('/admin/sensors', 'Sensors and devices', 'sensors');
    await page.getByLabel('Device id').fill(device);
    const typeField = page.getByLabel('Type', { exact: true });
    if ((await typeField.evaluate((el) => el.tagName)) === 'SELECT') await typeField.selectOption(typeName);
    else await typeField.fill(typeName);
    await page.getByRole('button', { name: 'Register' }).click();
    const dialog = page.getByRole('dialog', { name: `Token of ${device}` });
    await dialog.waitFor();
    await screenshot('sensor-token');
    const token = await dialog.getByLabel('Device token').inputValue();
    await dialog.getByLabel('I have saved the token somewhere safe').check();
    await dialog.getByRole('button', { name: 'Done' }).click();
    // Send a few readings as the device would, over HTTP.
    for (let i = 0; i < 5; i++) {
      const values = {};
      for (const [field, spec] of Object.entries(type.fields ?? {})) {
        if (spec?.type === 'number') values[field] = 40 + i * 7.5;
        else if (spec?.type === 'integer') values[field] = 40 + i * 7;
        else if (spec?.type === 'boolean') values[field] = i % 2 === 0;
        else values[field] = `reading ${i}`;
      }
      const sent = await page.request.post(`${base}/api/ingest/${encodeURIComponent(device)}`, {
        headers: { Authorization: `Bearer ${token}` },
        data: { values },
      });
      if (!sent.ok()) throw new Error(`POST /api/ingest/${device} answered ${sent.status()}: ${await sent.text()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    await page.goto(`${base}/#/admin/sensors/${encodeURIComponent(device)}`);
    await heading(device);
    await page.getByRole('img', { name: /readings? from/ }).first().waitFor({ timeout: 60_000 });
    await screenshot('sensor-chart');
    return `${device} (${typeName}) charted`;
  });

  let drained = null;
  await step('drain a node and see its instances move', async () => {
    await visit('/admin/nodes', 'Nodes', 'nodes');
    await page.waitForFunction(
      (app) => [...document.querySelectorAll('.node__instances a')].some((a) => a.textContent.trim() === app),
      appName,
      { timeout: 60_000, polling: 1000 },
    );
    const before = (await placement(appName)).filter((i) => !i.stopping);
    if (before.length === 0) throw new Error(`no node lists an instance of ${appName}`);
    drained = before[0].node;
    const moved = new Set(before.filter((i) => i.node === drained).map((i) => i.id));
    await page.getByRole('button', { name: `Drain ${drained}`, exact: true }).click();
    await page.locator('#main').getByText(`${drained} is draining: its instances are being moved.`).waitFor();
    await screenshot('node-draining');
    const deadline = Date.now() + waitMs;
    let now;
    for (;;) {
      now = await placement(appName);
      const left = now.filter((i) => i.node === drained && !i.stopping);
      const elsewhere = now.filter((i) => i.node !== drained && !i.stopping && i.state === 'Healthy');
      if (left.length === 0 && elsewhere.length >= moved.size) break;
      if (Date.now() > deadline) {
        throw new Error(`after ${waitMs / 1000} s the instances of ${appName} are ${JSON.stringify(now)}; expected none on ${drained}`);
      }
      await page.waitForTimeout(1000);
    }
    await screenshot('node-drained');
    const where = now.filter((i) => !i.stopping).map((i) => `${i.id} on ${i.node}`).join(', ');
    return `${drained} drained; ${where}`;
  });

  await step('open the node again', async () => {
    await page.getByRole('button', { name: `Uncordon ${drained}`, exact: true }).click();
    await page.locator('#main').getByText(`${drained} takes new instances again.`).waitFor();
  });

  await step('see every admin page', async () => {
    await visit('/admin/apps', 'All apps', 'admin-all-apps');
    await page.getByRole('link', { name: appName, exact: true }).waitFor();
    await visit('/admin/alerts', 'Alerts', 'admin-alerts');
    await visit('/admin/users', 'Users', 'admin-users');
    await page.getByRole('rowheader', { name: new RegExp(`^${developer}`) }).waitFor();
    await visit('/contract', 'App developer contract', 'contract');
  });

  await step('use it at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await visit('/', 'My apps', 'phone-dashboard');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Nodes' }).waitFor();
    await screenshot('phone-menu');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
} catch {
  exitCode = 1;
} finally {
  await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.filter((r) => !r.ok);
if (consoleErrors.length > 0) {
  console.log(`\nThe browser console reported ${consoleErrors.length} error(s) (not counted as failures):`);
  for (const line of [...new Set(consoleErrors)].slice(0, 20)) console.log(`  ${line}`);
}
console.log(`\nScreenshots: ${shots}`);
if (failed.length > 0) console.log(`Failed step: ${failed.map((f) => f.name).join(', ')}`);
console.log(`${passed} passed, ${failed.length} failed`);
process.exit(exitCode);
