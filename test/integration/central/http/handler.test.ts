import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { ADMIN_TOKEN, anHttpFixture, type HttpFixture } from './http-fixture.ts';

/** Sends raw bytes and collects whatever comes back until the server closes or `untilText` shows up. */
async function raw(port: number, bytes: string | Buffer, untilText?: RegExp): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(bytes);
  let text = '';
  return new Promise((resolve, reject) => {
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (untilText?.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('central/http request handler: routes every request, never crashes on input', () => {
  let fixture: HttpFixture;
  before(async () => {
    fixture = await anHttpFixture({ adminToken: ADMIN_TOKEN });
  });
  after(() => fixture.close());

  afterEach(async () => {
    // Whatever the previous request did, the server still answers.
    assert.equal((await fetch(fixture.url('/api/cps'))).status, 200);
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const unknown = await fetch(fixture.url('/api/nothing'));
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: string }).error, 'not_found');
    const wrong = await fetch(fixture.url('/api/cps'), { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, HEAD');
    assert.equal((await fetch(fixture.url('/api/cps/CP1/stop'))).status, 405);
  });

  it('answers 400 to bytes that are not HTTP', async () => {
    assert.match(await raw(fixture.server.port, Buffer.from([0x02, 0xff, 0x00, 0x03, 0x0d, 0x0a, 0x0d, 0x0a])), /^HTTP\/1\.1 400/);
  });

  it('answers 400 to a malformed %-escape in the path', async () => {
    assert.match(await raw(fixture.server.port, 'GET /api/cps/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 400/);
  });

  it('treats "//path" as a path, not a host', async () => {
    assert.match(await raw(fixture.server.port, 'GET //api/cps HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200/);
  });

  it('answers an absolute-form request target', async () => {
    assert.match(await raw(fixture.server.port, 'GET http://example.test/api/cps HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200/);
  });

  it('refuses a declared body over the limit before reading it', async () => {
    const head = `POST /api/cps/CP1/stop HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Length: 10000000\r\n\r\n{`;
    assert.match(await raw(fixture.server.port, head, /\r\n\r\n[\s\S]*\}/), /^HTTP\/1\.1 413/);
    assert.deepEqual(fixture.operations.calls, []);
  });

  it('survives a client that hangs up in the middle of a body', async () => {
    const socket = connect(fixture.server.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(`POST /api/cps/CP1/stop HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Length: 100\r\n\r\n{"rea`);
    socket.destroy();
    await once(socket, 'close');
  });

  it('survives a client that hangs up on an SSE stream', async () => {
    const text = await raw(fixture.server.port, 'GET /events HTTP/1.1\r\nHost: x\r\n\r\n', /event: snapshot/);
    assert.match(text, /^HTTP\/1\.1 200/);
    fixture.operations.log('after the hang-up');
  });

  for (const path of ['/', '/events', '/api/cps']) {
    it(`answers HEAD ${path} without a body`, async () => {
      const response = await fetch(fixture.url(path), { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '');
    });
  }
});
