// CentralView reading Central's real SSE stream (the HTTP server over FakeOperations).
import assert from 'node:assert/strict';
import { CentralView, type CpViewLike } from '../../../fleet/central-view.ts';
import { freePort } from '../../../demo/net.ts';
import { aChargingCpView, aCpView } from '../../helpers/fake-operations.ts';
import { anHttpFixture, type HttpFixture } from '../central/http/http-fixture.ts';

describe('fleet/central-view (Central as its SSE stream shows it)', () => {
  let fixture: HttpFixture;
  let view: CentralView | undefined;
  beforeEach(async () => {
    fixture = await anHttpFixture();
  });
  afterEach(async () => {
    view?.close();
    view = undefined;
    await fixture.close();
  });

  let onSeen: () => void = () => undefined;

  function follow(seen: CpViewLike[], isOurs = (id: string) => id !== 'CP3'): CentralView {
    view = new CentralView({
      httpUrl: `${fixture.server.url}/`,
      isOurs,
      onCp: (cp) => {
        seen.push(cp);
        onSeen();
      },
    });
    return view;
  }

  it("starts from the snapshot, counting only our CPs by state", async () => {
    const seen: CpViewLike[] = [];
    await follow(seen).start();
    assert.deepEqual(seen.map((cp) => cp.id), ['CP1', 'CP2']);
    assert.equal(view!.count('CHARGING'), 1);
    assert.equal(view!.count('AVAILABLE'), 1);
    assert.equal(view!.count('FAULTED'), 0, 'CP3 is not ours');
  });

  it('follows each later cp event of ours as it arrives', async () => {
    const seen: CpViewLike[] = [];
    await follow(seen).start();
    const arrived = new Promise<void>((resolve) => (onSeen = resolve));
    fixture.operations.putCp(aCpView({ id: 'CP3', state: 'AVAILABLE' }));
    fixture.operations.putCp(aChargingCpView({ id: 'CP2', sessionId: 'S9', kWh: 1.5 }));
    await arrived;
    assert.deepEqual(seen.at(-1), { ...aChargingCpView({ id: 'CP2', sessionId: 'S9', kWh: 1.5 }) });
    assert.equal(view!.count('CHARGING'), 2);
  });

  it('says when the URL is not the dashboard, or nothing answers there', async () => {
    await assert.rejects(new CentralView({ httpUrl: `${fixture.server.url}/api/cps`, isOurs: () => true, onCp: () => undefined }).start(), /answered 404; is it Central's dashboard URL\?/);
    const nobody = new CentralView({ httpUrl: `http://127.0.0.1:${await freePort('127.0.0.1')}`, isOurs: () => true, onCp: () => undefined });
    await assert.rejects(nobody.start(), /cannot read http:\/\/127\.0\.0\.1:\d+\/events \(.*ECONNREFUSED.*\); check --http/);
  });
});
