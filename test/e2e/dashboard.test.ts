// The dashboard in real Chromium over a real network (Central + CPs on sim boards + a driver,
// all processes, embedded broker, CPs added with add-cp): what an operator sees and does.
// Screenshots of every step go to test-artifacts/dashboard/.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { PANEL_COLOUR_CSS } from '../../protocol/display.ts';
import { artifactsDir, countColourPixels, horizontalOverflow, launchChromium, screenshot } from '../helpers/browser.ts';
import { ChargingNetwork, uniquePrefix } from '../helpers/e2e-network.ts';
import { httpJson, useProcesses } from '../helpers/processes.ts';

const GREEN: [number, number, number] = [0x1f, 0x9d, 0x55];
const rgb = (hex: string) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

describe('the dashboard in Chromium (issue 14)', function () {
  this.timeout(60_000);
  const processes = useProcesses();
  let browser: Browser;
  let network: ChargingNetwork;
  let page: Page;
  let shots: string;
  let cp1: string;
  let cp2: string;

  const card = (cpId: string) => `[data-cp="${cpId}"]`;
  const cardState = (cpId: string) => page.getAttribute(card(cpId), 'data-state');
  const apiState = async (cpId: string) => (await network.cpRows()).find((row) => row.id === cpId)?.state;
  const kWhShown = async (cpId: string) => Number(await page.textContent(`${card(cpId)} [data-figure="kWh"]`));

  before(async function () {
    this.timeout(300_000);
    browser = await launchChromium(this);
    shots = await artifactsDir('dashboard');
    network = await processes.guard('starting the network for the dashboard', () =>
      ChargingNetwork.start(processes, {
        idPrefix: uniquePrefix('W'),
        buses: { deviceBus: 'embedded', driverBus: 'embedded', engineBus: 'embedded', driverBusForDrivers: 'embedded' },
        registration: 'closed',
        prices: [0.35, 0.42],
      }),
    );
    [cp1, cp2] = [network.cp(0).id, network.cp(1).id];
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.log(`      page error: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
    await processes.stopAll();
    if (network && !processes.dumped) await network.removeData();
  });

  it('lists the CPs of the running system, AVAILABLE, with their state in text and shape', async () => {
    await page.goto(network.httpUrl);
    for (const cpId of [cp1, cp2]) {
      await page.waitForSelector(`${card(cpId)}[data-state="AVAILABLE"]`);
      assert.equal((await page.textContent(`${card(cpId)} .pill`))?.trim(), 'Available');
      assert.equal(await page.locator(`${card(cpId)} .pill svg.icon`).count(), 1, 'a shape beside the label');
    }
    await page.waitForSelector('#live.live-on');
    await screenshot(page, shots, '01-cps-listed');
  });

  it('a plug-in on a sim board turns its card CHARGING within 2 s, kWh grows, and the charts draw', async () => {
    const driver = await network.driver(`${network.idPrefix}-D1`, ['charge', cp1]);
    await driver.event('authorized', (record) => record.cpId === cp1);
    await network.pressUntil(cp1, 'plug', () => page.waitForSelector(`${card(cp1)}[data-state="CHARGING"]`, { timeout: 2000 }));
    await page.waitForSelector(`${card(cp1)} [data-figure="kWh"]`);
    const first = await kWhShown(cp1);
    await page.waitForFunction(
      ([selector, before]) => Number(document.querySelector(selector as string)?.textContent) > (before as number),
      [`${card(cp1)} [data-figure="kWh"]`, first] as const,
      { timeout: 20_000 },
    );
    assert.ok((await kWhShown(cp1)) > first);
    // The card's power line: pixels of the series colour on its canvas, not just the axes.
    await page.waitForFunction((selector) => document.querySelector(selector) !== null, `${card(cp1)} .card-chart canvas`);
    assert.ok((await countColourPixels(page, `${card(cp1)} .card-chart canvas`, GREEN)) > 50, 'the power line is drawn');
    // The site chart gets a point every 5 s; wait for one with power in it.
    await page.waitForFunction(() => Number(document.getElementById('total-kw')?.textContent?.split(' ')[0]) > 0);
    await page.waitForTimeout(5500);
    assert.ok((await countColourPixels(page, '#site-chart canvas', GREEN)) > 50, 'the site power line is drawn');
    await screenshot(page, shots, '02-charging-with-charts');
  });

  it('Stop with the admin token turns the card orange (Out of Order)', async () => {
    await page.click(`${card(cp1)} .btn-stop`);
    await page.waitForSelector('#token-dialog[open]');
    await page.fill('#token-input', network.adminToken);
    await screenshot(page, shots, '03a-token-dialog');
    await page.click('#token-dialog button[type="submit"]');
    await page.waitForSelector(`${card(cp1)}[data-state="STOPPED"]`, { timeout: 10_000 });
    assert.equal((await page.textContent(`${card(cp1)} .pill`))?.trim(), 'Out of Order');
    const border = await page.$eval(card(cp1), (element) => getComputedStyle(element).borderTopColor);
    assert.equal(border, rgb(PANEL_COLOUR_CSS.orange));
    assert.equal(await apiState(cp1), 'STOPPED');
    await screenshot(page, shots, '03-stopped-orange');
  });

  it('a wrong token shows an error and changes nothing', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await page.click(`${card(cp1)} .card-actions .btn-resume`);
    await page.waitForSelector('#token-dialog[open]');
    await page.fill('#token-input', 'not-the-token');
    await page.click('#token-dialog button[type="submit"]');
    await page.waitForSelector('.toast-error:has-text("Wrong admin token")');
    // The page asks once more; the operator gives up.
    await page.waitForSelector('#token-dialog[open]');
    await screenshot(page, shots, '04-wrong-token');
    await page.click('#token-cancel');
    assert.equal(await cardState(cp1), 'STOPPED');
    assert.equal(await apiState(cp1), 'STOPPED');
    // Resumed with the right token, for what follows.
    await page.click(`${card(cp1)} .card-actions .btn-resume`);
    await page.fill('#token-input', network.adminToken);
    await page.click('#token-dialog button[type="submit"]');
    await page.waitForSelector(`${card(cp1)}[data-state="AVAILABLE"]`, { timeout: 10_000 });
  });

  it('Stop all asks first; cancelling changes nothing', async () => {
    await page.click('#stop-all');
    await page.waitForSelector('#confirm-dialog[open]');
    await screenshot(page, shots, '05-stop-all-asks');
    await page.click('#confirm-dialog button[value="cancel"]');
    assert.deepEqual(
      (await network.cpRows()).map((row) => row.state),
      ['AVAILABLE', 'AVAILABLE'],
    );
  });

  it('at 390 px the page has no horizontal scroll, nor has the CP detail', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await phone.goto(network.httpUrl);
      await phone.waitForSelector(`${card(cp1)}[data-state="AVAILABLE"]`);
      await phone.waitForSelector('#sessions tr[data-session]');
      const page = await horizontalOverflow(phone);
      assert.ok(page.scrollWidth <= page.clientWidth, `document ${page.scrollWidth} px wide in a ${page.clientWidth} px viewport`);
      await screenshot(phone, shots, '06-phone');
      await phone.click(`${card(cp1)} .btn-details`);
      await phone.waitForSelector('#cp-dialog .facts');
      const dialog = await horizontalOverflow(phone);
      assert.ok(dialog.scrollWidth <= dialog.clientWidth, `with the detail open: ${dialog.scrollWidth} px in ${dialog.clientWidth} px`);
      await phone.screenshot({ path: `${shots}/07-phone-cp-detail.png` });
    } finally {
      await phone.close();
    }
  });

  it("the CP detail shows the CP's sessions; resetting its secret prints a new one once and the old one stops working", async () => {
    await page.click(`${card(cp2)} .btn-details`);
    await page.waitForSelector('#cp-dialog .facts');
    await page.click('#cp-dialog button:has-text("Reset secret")');
    await page.waitForSelector('#confirm-dialog[open]');
    await page.click('#confirm-ok');
    const secret = (await page.waitForSelector('#cp-secret')).textContent();
    assert.match((await secret) ?? '', /^\S{16,}$/);
    // The CP still runs with its old secret: its link is closed and its next hello refused.
    await page.waitForSelector(`${card(cp2)}[data-state="DISCONNECTED"]`, { timeout: 10_000 });
    await screenshot(page, shots, '08-secret-reset');
    await network.central.waitFor((line) => (line.text.includes('BAD_SECRET') ? true : undefined), 'a hello with the old secret refused', { timeoutMs: 15_000 });
    assert.equal(await apiState(cp2), 'DISCONNECTED');
    // The card says why, in Central's words.
    const detail = (await network.cpRows()).find((row) => row.id === cp2)?.detail;
    assert.ok(detail, 'Central gives a reason for DISCONNECTED');
    await page.waitForFunction(([selector, text]) => document.querySelector(selector!)?.textContent === text, [`${card(cp2)} .card-lead`, detail] as const);
  });

  it('removing a CP takes its card away and Central forgets it', async () => {
    await page.click('#cp-dialog button:has-text("Remove CP")');
    await page.waitForSelector('#confirm-dialog[open]');
    await page.click('#confirm-ok');
    await page.waitForSelector(card(cp2), { state: 'detached', timeout: 10_000 });
    assert.deepEqual((await network.cpRows()).map((row) => row.id), [cp1]);
    const answer = await httpJson('GET', `${network.httpUrl}/api/cps/${cp2}`);
    assert.equal(answer.status, 404);
    await screenshot(page, shots, '09-cp-removed');
  });
});
