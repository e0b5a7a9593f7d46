import assert from 'node:assert/strict';
import { startHttpServer } from '../../../../central/http/index.ts';
import { FakeOperations, aCpView } from '../../../helpers/fake-operations.ts';
import { SseReader } from './http-fixture.ts';

describe('central/http startHttpServer', () => {
  const operations = () => new FakeOperations({ cps: [aCpView({ id: 'CP1' })] });

  it('listens on a free port when given 0 and says where to open the dashboard', async () => {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, operations: operations() });
    try {
      assert.notEqual(server.port, 0);
      assert.equal(server.url, `http://127.0.0.1:${server.port}`);
      assert.equal((await fetch(`${server.url}/api/cps`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('names localhost in its URL when it listens on every interface', async () => {
    const server = await startHttpServer({ host: '0.0.0.0', port: 0, operations: operations() });
    try {
      assert.equal(server.url, `http://localhost:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('fails to start on a port already taken, and the first server keeps serving', async () => {
    const first = await startHttpServer({ host: '127.0.0.1', port: 0, operations: operations() });
    try {
      await assert.rejects(startHttpServer({ host: '127.0.0.1', port: first.port, operations: operations() }), { code: 'EADDRINUSE' });
      assert.equal((await fetch(`${first.url}/api/cps`)).status, 200);
    } finally {
      await first.close();
    }
  });

  it('closes once however often asked, ending open event streams', async () => {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, operations: operations() });
    const stream = new SseReader((await fetch(`${server.url}/events`)).body!);
    await stream.nextOf('snapshot');
    const closing = server.close();
    assert.equal(server.close(), closing);
    await closing;
    assert.equal(await stream.next(), undefined);
    await assert.rejects(fetch(`${server.url}/api/cps`));
  });
});
