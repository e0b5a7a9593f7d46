import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { bearerToken, refusalReason, requireAdmin, tokensMatch } from '../../../../central/http/auth.ts';
import { HttpError } from '../../../../central/http/respond.ts';

const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

function statusOf(fn: () => void): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof HttpError);
    return error.status;
  }
}

describe('central/http auth', () => {
  it('reads a bearer token, case-insensitive scheme', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('bearer  abc '), 'abc');
    assert.equal(bearerToken('Basic abc'), undefined);
    assert.equal(bearerToken('Bearer'), undefined);
    assert.equal(bearerToken('Bearer a b'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });

  it('names why a request was refused, for evc_rejected_total (issue 9)', () => {
    const withUrl = (url: string, headers: Record<string, string> = {}) => ({ url, headers }) as IncomingMessage;
    assert.equal(refusalReason(withUrl('/api/cps/CP1/stop'), 403, 'admin_disabled'), 'admin-disabled');
    assert.equal(refusalReason(withUrl('/api/cps/CP1/stop', { authorization: 'Bearer look' }), 403, 'viewer_token'), 'viewer-token');
    assert.equal(refusalReason(withUrl('/api/cps'), 401), 'no-token');
    assert.equal(refusalReason(withUrl('/api/cps', { authorization: 'Bearer wrong' }), 401), 'bad-token');
    assert.equal(refusalReason(withUrl('/api/cps', { cookie: 'evc_token=old' }), 401), 'bad-token');
    assert.equal(refusalReason(withUrl('/?token=wrong'), 401), 'bad-token');
    assert.equal(refusalReason(withUrl('/api/cps', { authorization: 'Bearer right' }), 200), undefined);
    assert.equal(refusalReason(withUrl('/api/cps/NOPE'), 404), undefined);
  });

  it('compares tokens of any length', () => {
    assert.equal(tokensMatch('secret', 'secret'), true);
    assert.equal(tokensMatch('secret', 'secreT'), false);
    assert.equal(tokensMatch('s', 'a much longer token'), false);
  });

  it('refuses with 403 and says how to enable when no token is configured', () => {
    assert.equal(statusOf(() => requireAdmin(request('Bearer x'), { adminToken: undefined, viewerToken: undefined })), 403);
    assert.throws(() => requireAdmin(request(), { adminToken: undefined, viewerToken: undefined }), /--admin-token.*EVC_ADMIN_TOKEN/);
  });

  it('answers 401 for a missing or wrong token and passes the right one', () => {
    assert.equal(statusOf(() => requireAdmin(request(), { adminToken: 'secret', viewerToken: undefined })), 401);
    assert.equal(statusOf(() => requireAdmin(request('Bearer nope'), { adminToken: 'secret', viewerToken: undefined })), 401);
    assert.equal(statusOf(() => requireAdmin(request('Bearer secret'), { adminToken: 'secret', viewerToken: undefined })), 'ok');
  });

  it('answers 403 for the viewer token, saying it can only look (issue 14)', () => {
    const tokens = { adminToken: 'secret', viewerToken: 'look' };
    assert.equal(statusOf(() => requireAdmin(request('Bearer look'), tokens)), 403);
    assert.throws(() => requireAdmin(request('Bearer look'), tokens), /viewer token: it can only look.*admin token/);
    assert.equal(statusOf(() => requireAdmin(request('Bearer secret'), tokens)), 'ok');
  });
});
