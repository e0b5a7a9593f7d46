import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, MAX_BODY_BYTES, readJsonObject, sendError, sendJson } from '../../../../central/http/respond.ts';

describe('central/http respond (real HTTP on loopback)', () => {
  let server: Server;
  let handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  let url: string;

  beforeEach(async () => {
    server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => sendError(res, error instanceof HttpError ? error : new HttpError(500, 'internal', String(error))));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** The server answers with the JSON body it read (or its error). */
  const echoBody = () => (handle = async (req, res) => sendJson(res, 200, await readJsonObject(req)));

  it('sendJson: the status, a JSON body with its length, never cached, extra headers kept', async () => {
    handle = async (_req, res) => sendJson(res, 201, { ok: 'é' }, { 'x-extra': '1' });
    const reply = await fetch(url);
    assert.equal(reply.status, 201);
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.equal(reply.headers.get('content-length'), String(Buffer.byteLength('{"ok":"é"}')));
    assert.equal(reply.headers.get('x-extra'), '1');
    assert.deepEqual(await reply.json(), { ok: 'é' });
  });

  it('an HttpError answers {error, message} with its status and headers', async () => {
    handle = async () => {
      throw new HttpError(409, 'conflict', 'CP1 has a session; stop it first.', { 'retry-after': '5' });
    };
    const reply = await fetch(url);
    assert.equal(reply.status, 409);
    assert.equal(reply.headers.get('retry-after'), '5');
    assert.deepEqual(await reply.json(), { error: 'conflict', message: 'CP1 has a session; stop it first.' });
  });

  it('readJsonObject: an empty body is {}, an object is itself, anything else a 400 naming an example', async () => {
    echoBody();
    const post = (body: string) => fetch(url, { method: 'POST', body });
    assert.deepEqual(await (await post('')).json(), {});
    assert.deepEqual(await (await post(' {"reason":"maintenance"} ')).json(), { reason: 'maintenance' });
    const notJson = await post('{reason');
    assert.equal(notJson.status, 400);
    assert.deepEqual(await notJson.json(), { error: 'bad_request', message: 'Body is not valid JSON; send a JSON object such as {"reason": "maintenance"}.' });
    for (const body of ['[1]', '"text"', 'null']) assert.equal((await post(body)).status, 400, body);
  });

  it('a body over the limit is 413 and closes the connection', async () => {
    echoBody();
    const reply = await fetch(url, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    assert.equal(reply.status, 413);
    assert.equal(reply.headers.get('connection'), 'close');
    assert.deepEqual(await reply.json(), { error: 'payload_too_large', message: `Body over ${MAX_BODY_BYTES} bytes.` });
  });
});
