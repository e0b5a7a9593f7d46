import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dashboardPage } from '../../../../central/http/dashboard/page.ts';

describe('central/http dashboard page', () => {
  const page = dashboardPage();

  it('is self-contained: no external scripts, styles or fonts', () => {
    assert.doesNotMatch(page.html, /<script[^>]+src=/i);
    assert.doesNotMatch(page.html, /<link[^>]+stylesheet/i);
    assert.doesNotMatch(page.html, /https?:\/\//i);
    assert.doesNotMatch(page.html, /\/\*(STYLE|SCRIPT)\*\//, 'placeholders are all filled');
  });

  it('allows exactly its inline script through the CSP hash', () => {
    const scripts = [...page.html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    assert.equal(scripts.length, 1);
    const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
    assert.match(page.contentSecurityPolicy, new RegExp(`script-src 'sha256-${hash.replace(/[+/=]/g, '\\$&')}'`));
  });

  it('listens to /events and names every state of DESIGN §2', () => {
    assert.match(page.html, /new EventSource\('\/events'\)/);
    for (const label of ['Disconnected', 'Available', 'Reserved', 'Charging', 'Out of Order', 'Faulted']) assert.ok(page.html.includes(label), label);
  });
});
