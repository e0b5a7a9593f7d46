// The dashboard's admin side in real Chromium (issue 14): a Central with a viewer token and
// registration approve (`evc central`'s default) as a process, a CP on a sim board that says
// hello and waits as PENDING, drivers added and revoked in the page. Screenshots of every
// step go to test-artifacts/dashboard/ (admin-NN-…).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifactsDir, horizontalOverflow, launchChromium, screenshot } from '../helpers/browser.ts';
import { uniquePrefix } from '../helpers/e2e-network.ts';
import { freePort, httpJson, pollUntil, useProcesses } from '../helpers/processes.ts';

/** The CP's Monitor asks again with backoff (up to 30 s apart) after PENDING; its Engine then logs in. */
const ACCEPTED_TO_AVAILABLE_MS = 60_000;

describe('the dashboard admin in Chromium: viewer token, a PENDING CP accepted, drivers added and revoked (issue 14)', function () {
  this.timeout(90_000);
  const processes = useProcesses();
  const prefix = uniquePrefix('A');
  const cpId = `${prefix}-CP1`;
  const driverId = `${prefix}-D1`;
  const adminToken = randomBytes(12).toString('hex');
  const viewerToken = randomBytes(12).toString('hex');
  let dataDir: string;
  let httpUrl: string;
  let mqttUrl: string;
  let monitorPort: number;
  let browser: Browser;
  let page: Page;
  let shots: string;
  let driverToken: string;

  const card = `[data-cp="${cpId}"]`;
  const driverRow = `#drivers li[data-driver="${driverId}"]`;
  const api = <T>(route: string, token: string | null = viewerToken) => httpJson<T>('GET', `${httpUrl}${route}`, token === null ? {} : { token });
  const pendingRow = async () => (await api<Array<{ id: string; state: string; acceptedAtMs?: number }>>('/api/cps')).body.find((row) => row.id === cpId);
  const driverRowApi = async (id = driverId) => (await api<Array<{ id: string; blocked: boolean; provisioned?: boolean }>>('/api/drivers')).body.find((row) => row.id === id);
  /** `evc driver … list` with a token: exit 0 when Central lets the driver in. */
  const driverList = (token: string) =>
    processes.run(`driver ${driverId} list`, ['driver', '--id', driverId, '--token', token, '--bus', mqttUrl, '--data', path.join(dataDir, 'driver'), '--timeout-ms', '5000', 'list'], { timeoutMs: 30_000 });

  async function giveToken(token: string): Promise<void> {
    await page.waitForSelector('#token-dialog[open]');
    await page.fill('#token-input', token);
    await page.click('#token-dialog button[type="submit"]');
  }

  before(async function () {
    this.timeout(120_000);
    browser = await launchChromium(this);
    shots = await artifactsDir('dashboard');
    dataDir = await mkdtemp(path.join(tmpdir(), `evc-e2e-${prefix}-`));
    const [httpPort, mqttPort] = [await freePort('127.0.0.1'), await freePort('127.0.0.1')];
    monitorPort = await freePort('127.0.0.1');
    httpUrl = `http://127.0.0.1:${httpPort}`;
    mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    // evc central's defaults: registration approve, embedded broker. Tokens from the environment, as an operator would keep them.
    processes.start('central', ['central', '--port', String(monitorPort), '--http', String(httpPort), '--mqtt-port', String(mqttPort), '--data', path.join(dataDir, 'central'), '--no-panel'], {
      EVC_ADMIN_TOKEN: adminToken,
      EVC_VIEWER_TOKEN: viewerToken,
    });
    await processes.guard("Central's HTTP API", () =>
      pollUntil(async () => ((await api('/api/cps')).status === 200 ? true : undefined), { timeoutMs: 60_000, what: "Central's HTTP API" }),
    );
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.log(`      page error: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
    await processes.stopAll();
    if (dataDir && !processes.dumped) await rm(dataDir, { recursive: true, force: true });
  });

  it('with a viewer token, the page asks for it, refuses a wrong one, and shows the CPs with the right one', async () => {
    const first = await page.goto(httpUrl);
    assert.equal(first?.status(), 401);
    await page.waitForSelector('input[name="token"]');
    assert.equal((await api('/api/cps', null)).status, 401, 'the read API needs it too');
    await screenshot(page, shots, 'admin-01-viewer-token-asked');
    await page.fill('input[name="token"]', 'not-the-viewer-token');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error:has-text("Wrong token")');
    await screenshot(page, shots, 'admin-02-viewer-token-wrong');
    await page.fill('input[name="token"]', viewerToken);
    await page.click('button[type="submit"]');
    await page.waitForSelector('#live.live-on');
    assert.match((await page.textContent('#cards')) ?? '', /No charging points yet/);
  });

  it('a CP that says hello under registration approve shows as PENDING, in text and shape, in the page and in GET /api/cps', async () => {
    processes.start(cpId, [
      'cp', '--id', cpId, '--central', `127.0.0.1:${monitorPort}`, '--bus', mqttUrl, '--board', 'sim',
      '--engine-port', String(await freePort('127.0.0.1')), '--sim-port', String(await freePort('127.0.0.1')),
      '--price', '0.31', '--location', 'E2E yard', '--data', path.join(dataDir, cpId), '--no-menu',
    ]);
    await page.waitForSelector(`${card}[data-state="PENDING"]`, { timeout: 60_000 });
    assert.match((await page.textContent(`${card} .pill`)) ?? '', /Pending/);
    assert.equal(await page.locator(`${card} .pill svg.icon`).count(), 1, 'an hourglass beside the word');
    assert.match((await page.textContent(`${card} .card-loc`)) ?? '', /E2E yard/);
    assert.match((await page.textContent('#counts')) ?? '', /1\s*Pending/);
    assert.equal((await pendingRow())?.state, 'PENDING');
    await screenshot(page, shots, 'admin-03-cp-pending');
  });

  it('the viewer token cannot accept it: the page says the token can only look, and nothing changes', async () => {
    await page.click(`${card} .btn-accept`);
    await giveToken(viewerToken);
    await page.waitForSelector('.toast-error:has-text("viewer token: it can only look")');
    await screenshot(page, shots, 'admin-04-viewer-token-refused');
    assert.equal(await page.getAttribute(card, 'data-accepted'), null);
    assert.equal((await pendingRow())?.acceptedAtMs, undefined);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('evc.adminToken')), null, 'the viewer token is not kept for commands');
  });

  it('Accept with the admin token: the card waits for the next hello, then becomes the CP, AVAILABLE', async () => {
    await page.click(`${card} .btn-accept`);
    await giveToken(adminToken);
    await page.waitForSelector(`${card}[data-accepted], ${card}[data-state="AVAILABLE"]`);
    await screenshot(page, shots, 'admin-05-cp-accepted');
    await page.waitForSelector(`${card}[data-state="AVAILABLE"]`, { timeout: ACCEPTED_TO_AVAILABLE_MS });
    assert.equal((await page.textContent(`${card} .pill`))?.trim(), 'Available');
    assert.equal(await page.locator('[data-state="PENDING"]').count(), 0);
    assert.equal((await pendingRow())?.state, 'AVAILABLE');
    await screenshot(page, shots, 'admin-06-cp-available');
  });

  it('adds a driver in the page: its token is shown once, and the driver logs in with it', async () => {
    await page.fill('#driver-id', driverId);
    await page.click('#driver-add button[type="submit"]');
    driverToken = ((await (await page.waitForSelector('#driver-token-value')).textContent()) ?? '').trim();
    assert.match(driverToken, /^\S{20,}$/);
    assert.match((await page.textContent('#driver-token')) ?? '', /shown once.*Copy it now/s);
    await page.waitForSelector(driverRow);
    await screenshot(page, shots, 'admin-07-driver-added');
    const row = await driverRowApi();
    assert.deepEqual([row?.blocked, row?.provisioned], [false, true]);
    const listed = await driverList(driverToken);
    assert.equal(listed.exit.code, 0, listed.stderr.join('\n'));
    assert.match(listed.stdout.join('\n'), new RegExp(cpId));
  });

  it('a wrong admin token shows an error in the page and adds nothing', async () => {
    await page.click('#driver-token button:has-text("Done")');
    await page.evaluate(() => sessionStorage.clear());
    await page.fill('#driver-id', `${prefix}-D2`);
    await page.click('#driver-add button[type="submit"]');
    await giveToken('not-the-admin-token');
    await page.waitForSelector('#driver-error:has-text("Wrong admin token")');
    await page.waitForSelector('#token-dialog[open]'); // asked once more; the operator gives up
    await screenshot(page, shots, 'admin-08-driver-wrong-token');
    await page.click('#token-cancel');
    assert.equal(await driverRowApi(`${prefix}-D2`), undefined);
  });

  it('Revoke asks first; then the driver shows revoked and its token no longer works', async () => {
    await page.click(`${driverRow} .btn-revoke`);
    await page.waitForSelector('#confirm-dialog[open]');
    assert.match((await page.textContent('#confirm-title')) ?? '', new RegExp(`Revoke ${driverId}`));
    await screenshot(page, shots, 'admin-09-driver-revoke-asks');
    await page.click('#confirm-ok');
    await giveToken(adminToken);
    await page.waitForSelector(`${driverRow}.revoked .tag-revoked`);
    assert.equal(await page.isDisabled(`${driverRow} .btn-revoke`), true);
    await screenshot(page, shots, 'admin-10-driver-revoked');
    assert.equal((await driverRowApi())?.blocked, true);
    const refused = await driverList(driverToken);
    assert.notEqual(refused.exit.code, 0, 'the revoked token no longer logs in');
  });

  it('at 390 px the admin parts have no horizontal scroll', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await phone.goto(`${httpUrl}/?token=${viewerToken}`);
      await phone.waitForSelector(`${card}[data-state="AVAILABLE"]`);
      await phone.waitForSelector(driverRow);
      const size = await horizontalOverflow(phone);
      assert.ok(size.scrollWidth <= size.clientWidth, `document ${size.scrollWidth} px wide in a ${size.clientWidth} px viewport`);
      await screenshot(phone, shots, 'admin-11-phone');
    } finally {
      await phone.close();
    }
  });
});
