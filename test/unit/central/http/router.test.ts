import assert from 'node:assert/strict';
import { matchRoute, type Route } from '../../../../central/http/router.ts';
import { routes } from '../../../../central/http/index.ts';

const noop = () => {};
const table: Route[] = [
  { method: 'GET', pattern: '/', handle: noop },
  { method: 'GET', pattern: '/api/cps', handle: noop },
  { method: 'GET', pattern: '/api/cps/:id', handle: noop },
  { method: 'POST', pattern: '/api/cps/stop', handle: noop },
  { method: 'POST', pattern: '/api/cps/:id/stop', handle: noop },
];

describe('central/http router', () => {
  it('matches literal paths and ignores a trailing slash', () => {
    const match = matchRoute(table, 'GET', '/api/cps/');
    assert.equal(match.kind, 'found');
    assert.equal(match.kind === 'found' && match.route.pattern, '/api/cps');
  });

  it('captures and decodes parameters', () => {
    const match = matchRoute(table, 'POST', '/api/cps/CP%201/stop');
    assert.deepEqual(match.kind === 'found' && match.params, { id: 'CP 1' });
  });

  it('prefers the route whose method matches when a literal and a parameter overlap', () => {
    const post = matchRoute(table, 'POST', '/api/cps/stop');
    assert.equal(post.kind === 'found' && post.route.pattern, '/api/cps/stop');
    const get = matchRoute(table, 'GET', '/api/cps/stop');
    assert.deepEqual(get.kind === 'found' && get.params, { id: 'stop' });
  });

  it('answers 405 with the allowed methods for a known path', () => {
    assert.deepEqual(matchRoute(table, 'DELETE', '/api/cps'), { kind: 'method-not-allowed', allow: ['GET', 'HEAD'] });
    assert.deepEqual(matchRoute(table, 'GET', '/api/cps/CP1/stop'), { kind: 'method-not-allowed', allow: ['POST'] });
  });

  it('treats HEAD as GET', () => {
    assert.equal(matchRoute(table, 'HEAD', '/').kind, 'found');
  });

  it('answers not-found for unknown paths and bad-path for malformed escapes', () => {
    assert.deepEqual(matchRoute(table, 'GET', '/nope'), { kind: 'not-found' });
    assert.deepEqual(matchRoute(table, 'GET', '/api/cps/x/y/z'), { kind: 'not-found' });
    assert.deepEqual(matchRoute(table, 'GET', '/api/cps/%E0%A4%A'), { kind: 'bad-path' });
  });

  it('serves every DESIGN §6 endpoint', () => {
    const wanted = [
      ['GET', '/'],
      ['GET', '/api/cps'],
      ['GET', '/api/sessions'],
      ['POST', '/api/cps/CP1/stop'],
      ['POST', '/api/cps/CP1/resume'],
      ['POST', '/api/cps/stop'],
      ['POST', '/api/cps/resume'],
      ['GET', '/metrics'],
      ['GET', '/events'],
    ] as const;
    for (const [method, path] of wanted) assert.equal(matchRoute(routes, method, path).kind, 'found', `${method} ${path}`);
  });
});
