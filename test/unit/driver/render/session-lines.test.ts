import { strict as assert } from 'node:assert';
import { renderContext } from '../../../../driver/render/colors.ts';
import { renderDetached, renderPhaseLine, renderProgressLine } from '../../../../driver/render/session-lines.ts';
import { T0 } from '../builders.ts';

const plain = renderContext(false, 'UTC');
const charging = {
  kind: 'charging', cpId: 'CP1', sessionId: 'S1', powerKw: 7.4, energyKwh: 1.2345, amount: 0.432, chargingSinceMs: T0, elapsedS: 75,
} as const;

describe('driver session lines', () => {
  it('draws the live progress line', () => {
    assert.equal(renderProgressLine(charging, plain), 'CP1 charging  7.4 kW  1.234 kWh  €0.43  1:15');
    assert.equal(
      renderProgressLine({ ...charging, stop: { kind: 'sent', requestId: 'r' } }, plain),
      'CP1 charging  7.4 kW  1.234 kWh  €0.43  1:15  stopping…',
    );
  });

  it('announces each step of a charge', () => {
    assert.equal(renderPhaseLine({ kind: 'requested', cpId: 'CP1' }, plain), 'Asking Central for a charge at CP1…');
    assert.equal(renderPhaseLine({ kind: 'accepted', cpId: 'CP1', sessionId: 'S1' }, plain), '✔ Accepted: session S1 at CP1');
    assert.equal(
      renderPhaseLine({ kind: 'reserved', cpId: 'CP1', sessionId: 'S1', plugInByMs: T0 + 60_000 }, plain),
      'Reserved until 12:01:00 — plug in at CP1 now',
    );
    assert.equal(renderPhaseLine({ kind: 'denied', cpId: 'CP1', reason: 'unknown CP CP1' }, plain), '✖ Denied at CP1: unknown CP CP1');
    assert.equal(renderPhaseLine(charging, plain), '⚡ Charging at CP1');
  });

  it('tells a detaching driver how to come back', () => {
    assert.equal(
      renderDetached('evc driver --id D1', { cpId: 'CP1', sessionId: 'S1' }, plain),
      'Detached: session S1 at CP1 goes on without you watching.\n  follow it: evc driver --id D1 watch   stop it: evc driver --id D1 stop',
    );
  });
});
