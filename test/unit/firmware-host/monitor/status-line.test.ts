import assert from 'node:assert/strict';
import { formatStatusLine, StatusDisplay, type MonitorStatus } from '../../../../firmware-host/monitor/status-line.ts';

const aStatus = (override: Partial<MonitorStatus> = {}): MonitorStatus => ({
  cpId: 'CP1',
  central: { state: 'connected', heartbeatMs: 1000 },
  engine: { engine: 'ok', state: 'AVAILABLE' },
  ...override,
});

const markers = { green: (s: string) => `G[${s}]`, red: (s: string) => `R[${s}]`, yellow: (s: string) => `Y[${s}]`, dim: (s: string) => s };

describe('firmware-host/monitor status line', () => {
  it('shows central, engine and heartbeat on one line', () => {
    assert.equal(formatStatusLine(aStatus()), 'CP1 ● central: connected · engine: ok (AVAILABLE) · hb 1000 ms');
  });

  it('colours the dot: green when all is well, red on a fault, yellow while connecting', () => {
    assert.match(formatStatusLine(aStatus(), markers), /^CP1 G\[●\]/);
    assert.match(formatStatusLine(aStatus({ engine: { engine: 'ko' } }), markers), /^CP1 R\[●\] .*engine: ko/);
    assert.match(formatStatusLine(aStatus({ engine: { engine: 'unreachable', detail: 'no pong within 1000 ms' } }), markers), /R\[●\] .*engine: unreachable \(no pong within 1000 ms\)/);
    assert.match(formatStatusLine(aStatus({ central: { state: 'retrying', detail: 'connection refused' } }), markers), /^CP1 Y\[●\] central: retrying \(connection refused\) · engine: ok/);
    assert.match(formatStatusLine(aStatus({ central: { state: 'rejected', detail: 'BAD_SECRET: wrong' } }), markers), /^CP1 R\[●\]/);
  });

  it('says unknown before the Engine first answered and clips long reasons', () => {
    const line = formatStatusLine(aStatus({ engine: undefined, central: { state: 'retrying', detail: 'x'.repeat(200) } }));
    assert.match(line, /engine: unknown$/);
    assert.ok(line.length < 120);
  });

  it('redraws in place on a TTY, only when the line changes, and ends with a newline', () => {
    const written: string[] = [];
    const display = new StatusDisplay({ isTTY: true, columns: 200, write: (text) => written.push(text) }, { debug() {}, info() {}, warn() {}, error() {} });
    display.update(aStatus());
    display.update(aStatus());
    display.update(aStatus({ engine: { engine: 'ko' } }));
    display.close();
    assert.equal(written.length, 3);
    assert.ok(written[0]!.startsWith('\r\x1b[2K'));
    assert.equal(written[2], '\n');
  });

  it('logs each change instead when the output is not a TTY', () => {
    const logged: Array<{ fields: object; message?: string }> = [];
    const logger = { debug() {}, warn() {}, error() {}, info: (fields: object, message?: string) => logged.push({ fields, message }) };
    const display = new StatusDisplay(undefined, logger);
    display.update(aStatus());
    display.update(aStatus());
    display.update(aStatus({ engine: { engine: 'unreachable' } }));
    display.close();
    assert.deepEqual(
      logged.map((entry) => entry.message),
      ['CP1 ● central: connected · engine: ok (AVAILABLE) · hb 1000 ms', 'CP1 ● central: connected · engine: unreachable · hb 1000 ms'],
    );
  });
});
