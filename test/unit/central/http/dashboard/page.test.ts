import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dashboardPage, type DashboardPage } from '../../../../../central/http/dashboard/page.ts';
import { STATE_DISPLAY, PANEL_COLOUR_CSS } from '../../../../../protocol/display.ts';

describe('central/http dashboard page', () => {
  let page: DashboardPage;
  before(async () => {
    page = await dashboardPage();
  });

  it('is self-contained: no external scripts, styles or fonts', () => {
    assert.doesNotMatch(page.html, /<script[^>]+src=/i);
    assert.doesNotMatch(page.html, /<link[^>]+stylesheet/i);
    assert.doesNotMatch(page.html, /\/\*(STYLE|SCRIPT)\*\//, 'placeholders are all filled');
  });

  it('allows exactly its inline script through the CSP hash', () => {
    const scripts = [...page.html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    assert.equal(scripts.length, 1);
    const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
    assert.match(page.contentSecurityPolicy, new RegExp(`script-src 'sha256-${hash.replace(/[+/=]/g, '\\$&')}'`));
  });

  it('bundles the TypeScript client with uPlot, and takes its labels and colours from protocol/display.ts', () => {
    assert.match(page.html, /\/events/);
    assert.match(page.html, /uplot/i);
    for (const display of Object.values(STATE_DISPLAY)) assert.ok(page.html.includes(display.label), display.label);
    for (const [name, css] of Object.entries(PANEL_COLOUR_CSS)) assert.ok(page.html.includes(`--${name}: ${css};`), name);
  });
});
