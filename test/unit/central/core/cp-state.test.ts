import assert from 'node:assert/strict';
import type { CpState } from '../../../../protocol/index.ts';
import { deriveCpState, type CpStateInputs } from '../../../../central/core/index.ts';
import {
  aCharge,
  aCore,
  aHealth,
  aHello,
  aSessionEnded,
  aSessionStarted,
  aSnapshot,
  aStateEvent,
  connect,
  reserve,
  type TestCentral,
  type TestCore,
} from '../builders.ts';

describe('central/core cp-state', () => {
  describe('deriveCpState precedence', () => {
    const base: CpStateInputs = { linkUp: true, health: 'ok', engineOnBus: true, engineState: 'AVAILABLE', operatorStopped: false, session: undefined };
    const cases: Array<[string, Partial<CpStateInputs>, CpState]> = [
      ['healthy and idle', {}, 'AVAILABLE'],
      ['Monitor link and health fine, Engine not on the device bus (issue 12)', { engineOnBus: false }, 'DISCONNECTED'],
      ['the Monitor says the Engine is still starting (issue 12: no false FAULTED)', { health: 'starting' }, 'DISCONNECTED'],
      ['KO pressed while the Engine is off the bus: the fault still shows', { engineOnBus: false, health: 'ko' }, 'FAULTED'],
      ['linked but no health report yet: Central cannot vouch', { health: undefined, engineState: undefined }, 'DISCONNECTED'],
      ['reserved', { session: 'reserved' }, 'RESERVED'],
      ['charging', { session: 'charging' }, 'CHARGING'],
      ['operator stop', { operatorStopped: true }, 'STOPPED'],
      ['KO', { health: 'ko' }, 'FAULTED'],
      ['Engine unreachable', { health: 'unreachable' }, 'FAULTED'],
      ['Engine says FAULTED', { engineState: 'FAULTED' }, 'FAULTED'],
      ['a fault shows over a stop', { operatorStopped: true, health: 'ko' }, 'FAULTED'],
      ['a stop shows over a session', { operatorStopped: true, session: 'charging' }, 'STOPPED'],
      ['a fault shows over a session', { health: 'ko', session: 'charging' }, 'FAULTED'],
      ['no link hides a fault', { linkUp: false, health: 'ko' }, 'DISCONNECTED'],
      ['no link hides a stop', { linkUp: false, operatorStopped: true }, 'DISCONNECTED'],
      ['no link hides a running session', { linkUp: false, session: 'charging' }, 'DISCONNECTED'],
      ["Engine's own CHARGING keeps CHARGING: its relay may be closed (issue 9)", { engineState: 'CHARGING' }, 'CHARGING'],
      ["Engine's own STOPPED does not make Central's state", { engineState: 'STOPPED' }, 'AVAILABLE'],
    ];
    for (const [name, inputs, expected] of cases) {
      it(`${name} → ${expected}`, () => assert.equal(deriveCpState({ ...base, ...inputs }), expected));
    }
  });

  describe('CP state × input (through the core)', () => {
    const START: Record<CpState, (t: TestCore) => void> = {
      DISCONNECTED: ({ core }) => void core.restore(aSnapshot()),
      AVAILABLE: ({ core }) => void connect(core),
      RESERVED: ({ core }) => {
        connect(core);
        reserve(core, 'D1');
      },
      CHARGING: ({ core }) => {
        connect(core);
        const sessionId = reserve(core, 'D1');
        core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1'));
      },
      STOPPED: ({ core }) => {
        connect(core);
        core.stopCp('CP1');
      },
      FAULTED: ({ core }) => {
        connect(core);
        core.monitorHealth('link-CP1', aHealth('CP1', 'ko'));
      },
    };
    const sessionIdAt = (core: TestCentral) => core.cpView('CP1')?.sessionId ?? 'S-none';
    const INPUTS: Record<string, (t: TestCore) => void> = {
      'hello (new link)': ({ core }) => void core.monitorHello('link-2', aHello(), 'match'),
      'health ok': ({ core }) => void core.monitorHealth('link-CP1', aHealth('CP1', 'ok')),
      'health ko': ({ core }) => void core.monitorHealth('link-CP1', aHealth('CP1', 'ko')),
      'health unreachable': ({ core }) => void core.monitorHealth('link-CP1', aHealth('CP1', 'unreachable')),
      'engine FAULTED': ({ core }) => void core.deviceEvent('CP1', aStateEvent('FAULTED')),
      'engine AVAILABLE': ({ core }) => void core.deviceEvent('CP1', aStateEvent('AVAILABLE')),
      'link closed': ({ core }) => void core.monitorLinkClosed('link-CP1'),
      'heartbeats missed': ({ core, clock }) => {
        clock.advance(3_001);
        core.tick();
      },
      'operator stop': ({ core }) => void core.stopCp('CP1'),
      'operator resume': ({ core }) => void core.resumeCp('CP1'),
      'charge request': ({ core }) => void core.driverRequest(aCharge('D2', 'CP1')),
      'session-started': ({ core }) => void core.deviceEvent('CP1', aSessionStarted(sessionIdAt(core), 'D1')),
      'session-ended': ({ core }) => void core.deviceEvent('CP1', aSessionEnded(sessionIdAt(core))),
    };
    const D = 'DISCONNECTED', A = 'AVAILABLE', R = 'RESERVED', C = 'CHARGING', S = 'STOPPED', F = 'FAULTED';
    // Columns in INPUTS order. A second hello while the link is live is a DUPLICATE and changes nothing;
    // a hello on a DISCONNECTED CP leaves it DISCONNECTED until the Monitor reports the Engine's health.
    const TABLE: Record<CpState, CpState[]> = {
      //             hello ok ko unr eF eA  close miss stop resume charge started ended
      DISCONNECTED: [D,    D, D, D,  D, D,  D,    D,   D,   D,     D,     D,      D],
      AVAILABLE:    [A,    A, F, F,  F, A,  D,    D,   S,   A,     R,     A,      A],
      RESERVED:     [R,    R, F, F,  F, R,  D,    D,   S,   R,     R,     C,      A],
      CHARGING:     [C,    C, F, F,  F, C,  D,    D,   S,   C,     C,     C,      A],
      STOPPED:      [S,    S, F, F,  F, S,  D,    D,   S,   A,     S,     S,      S],
      FAULTED:      [F,    A, F, F,  F, F,  D,    D,   F,   F,     F,     F,      F],
    };
    const inputNames = Object.keys(INPUTS);
    for (const [start, row] of Object.entries(TABLE) as Array<[CpState, CpState[]]>) {
      row.forEach((expected, column) => {
        const input = inputNames[column]!;
        it(`${start} + ${input} → ${expected}`, () => {
          const t = aCore();
          START[start](t);
          assert.equal(t.core.cpView('CP1')?.state, start, 'start state');
          INPUTS[input]!(t);
          assert.equal(t.core.cpView('CP1')?.state, expected);
        });
      });
    }
  });
});
