import assert from 'node:assert/strict';
import pc from 'picocolors';
import { renderPanel, type PanelState } from '../../../../central/panel/render.ts';
import { aChargingCpView, aCpView, aStatus, T0_MS } from '../../../helpers/fake-operations.ts';

const plain = pc.createColors(false);
const RULE = '─'.repeat(80);

function aPanelState(overrides: Partial<PanelState> = {}): PanelState {
  return {
    cps: [
      aChargingCpView({ id: 'CP1' }),
      aCpView({ id: 'CP2', state: 'RESERVED', driverId: 'D7', sessionId: 'S2' }),
      aCpView({ id: 'CP3', state: 'STOPPED', location: 'Car park' }),
      aCpView({ id: 'CP4', state: 'FAULTED' }),
      aCpView({ id: 'CP5', state: 'DISCONNECTED', location: '' }),
    ],
    status: aStatus({ monitorLinks: 4, startedAtMs: T0_MS - 725_000, httpUrl: 'http://localhost:8080' }),
    events: [
      { atMs: T0_MS, level: 'info', cpId: 'CP1', text: 'D1 charging' },
      { atMs: T0_MS + 5000, level: 'warn', cpId: 'CP4', text: 'KO pressed' },
    ],
    selectedId: 'CP2',
    nowMs: T0_MS,
    blinkOn: true,
    timeZone: 'UTC',
    ...overrides,
  };
}

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('central/panel renderPanel', () => {
  it('says why a CP is not live where its session figures would be', () => {
    const state = aPanelState({ cps: [aCpView({ id: 'CP5', state: 'DISCONNECTED', location: 'Lab 1', detail: 'Engine not on the device bus' })] });
    const row = renderPanel(state, 80, plain).split('\n').find((line) => line.includes('CP5'));
    assert.equal(row, '  CP5  ● DISCONNECTED  Lab 1     Engine not on the device bus');
    assert.ok(renderPanel(state, 80, pc.createColors(true)).includes('\x1b[33mEngine not on the device bus'), 'in yellow');
  });

  it('draws header, one row per CP, recent events and the keys', () => {
    assert.equal(
      renderPanel(aPanelState(), 80, plain),
      [
        'EVC Central  up 12m 05s · 4 monitor links on :7070 · http://localhost:8080',
        '0 refused · device bus embedded (mqtt://0.0.0.0:1883) · driver bus embedded (mq…',
        '1 charging  1 reserved  1 out of order  1 faulted  1 disconnected',
        RULE,
        '  ID   STATE           LOCATION  DRIVER     kW      kWh         €',
        '  CP1  ● CHARGING      Lab 1     D1        7.4     3.25     €1.14',
        '▸ CP2  ● RESERVED      Lab 1     D7',
        '  CP3  ● OUT OF ORDER  Car park',
        '  CP4  ● FAULTED       Lab 1',
        '  CP5  ● DISCONNECTED  —',
        RULE,
        '22:13:20  CP1  D1 charging',
        '22:13:25  CP4  KO pressed',
        '',
        '',
        '',
        '',
        RULE,
        '↑/↓ select  s stop  r resume  S stop all  R resume all  q quit',
      ].join('\n'),
    );
  });

  it('shows refused inputs at the start of the second line, yellow once there is one (issue 9)', () => {
    const state = aPanelState();
    const lines = renderPanel({ ...state, status: { ...state.status, rejected: 3 } }, 40, pc.createColors(true)).split('\n');
    assert.ok(lines[1]!.startsWith('\x1b[33m3 refused'), lines[1]);
  });

  it('names CPs waiting as PENDING before the state counts, so an 80-column terminal shows them', () => {
    const lines = renderPanel(aPanelState({ pending: ['CP9', 'CP10', 'CP11', 'CP12'] }), 80, plain).split('\n');
    assert.equal(lines[2], '4 pending: CP9, CP10, CP11, … (a accepts CP9)  1 charging  1 reserved  1 out of…');
  });

  it('blinks RESERVED: the dot empties on the off phase', () => {
    const lines = renderPanel(aPanelState({ blinkOn: false }), 80, plain).split('\n');
    assert.equal(lines[6], '▸ CP2  ○ RESERVED      Lab 1     D7');
    assert.equal(lines[5], '  CP1  ● CHARGING      Lab 1     D1        7.4     3.25     €1.14');
  });

  it('colours states per DESIGN §2: green, orange, red, grey', () => {
    const lines = renderPanel(aPanelState(), 80, pc.createColors(true)).split('\n');
    assert.ok(lines[5]!.includes('\x1b[32m● CHARGING'), 'CHARGING green');
    assert.ok(lines[6]!.includes('\x1b[32m● RESERVED'), 'RESERVED green');
    assert.ok(lines[7]!.includes('\x1b[38;5;208m● OUT OF ORDER'), 'STOPPED orange');
    assert.ok(lines[8]!.includes('\x1b[31m● FAULTED'), 'FAULTED red');
    assert.ok(lines[9]!.includes('\x1b[90m● DISCONNECTED'), 'DISCONNECTED grey');
    const blinkOff = renderPanel(aPanelState({ blinkOn: false }), 80, pc.createColors(true)).split('\n');
    assert.ok(blinkOff[6]!.includes('\x1b[2m\x1b[32m○ RESERVED'), 'RESERVED dims on the off phase');
  });

  it('shows the outcome of the last command after the keys', () => {
    const lines = renderPanel(aPanelState({ notice: { text: 'Stop CP3: done', level: 'info' } }), 80, plain).split('\n');
    assert.equal(lines.at(-1), '↑/↓ select  s stop  r resume  S stop all  R resume all  q quit   Stop CP3: done');
  });

  it('says what to do when no CP is registered', () => {
    const lines = renderPanel(aPanelState({ cps: [], events: [] }), 120, plain).split('\n');
    assert.equal(lines[2], 'no charging points registered');
    assert.equal(lines[5], '  No charging points yet: add one with  evc central add-cp CP1 --price 0.35 --location "Lab 1"');
    assert.equal(lines[7], 'No events yet');
  });

  it('keeps only the last six events', () => {
    const events = Array.from({ length: 9 }, (_, n) => ({ atMs: T0_MS + n * 1000, level: 'info' as const, text: `event ${n}` }));
    const lines = renderPanel(aPanelState({ events }), 80, plain).split('\n');
    assert.deepEqual(lines.slice(11, 17), ['22:13:23       event 3', '22:13:24       event 4', '22:13:25       event 5', '22:13:26       event 6', '22:13:27       event 7', '22:13:28       event 8']);
  });

  it('on a short terminal, shrinks the event log, then scrolls the table to keep the selection in view', () => {
    const cps = Array.from({ length: 12 }, (_, n) => aCpView({ id: `CP${String(n + 1).padStart(2, '0')}` }));
    const lines = renderPanel(aPanelState({ cps, selectedId: 'CP10', height: 18 }), 80, plain).split('\n');
    assert.equal(lines.length, 18);
    assert.deepEqual(lines.slice(4, 16), [
      '  ID    STATE           LOCATION  DRIVER     kW      kWh         €',
      '  CP06  ● AVAILABLE     Lab 1',
      '  CP07  ● AVAILABLE     Lab 1',
      '  CP08  ● AVAILABLE     Lab 1',
      '  CP09  ● AVAILABLE     Lab 1',
      '▸ CP10  ● AVAILABLE     Lab 1',
      '  CP11  ● AVAILABLE     Lab 1',
      '  CP12  ● AVAILABLE     Lab 1',
      '  … 5 above, 0 below (↑/↓ scrolls)',
      RULE,
      '22:13:20  CP1   D1 charging',
      '22:13:25  CP4   KO pressed',
    ]);
  });

  for (const width of [40, 65, 80, 132]) {
    it(`never draws a line wider than ${width} columns`, () => {
      const state = aPanelState({ notice: { text: 'x'.repeat(200), level: 'warn' }, cps: [aChargingCpView({ id: 'A-VERY-LONG-CP-ID', location: 'L'.repeat(90), driverId: 'DRIVER-WITH-LONG-ID' })] });
      for (const colors of [plain, pc.createColors(true)]) {
        for (const line of renderPanel(state, width, colors).split('\n')) assert.ok([...stripAnsi(line)].length <= width, JSON.stringify(line));
      }
    });
  }
});
