import assert from 'node:assert/strict';
import { CP_STATES, PANEL_COLOUR } from '../../../protocol/index.ts';
import { STATE_DISPLAY, formatClock, formatDurationMs, formatDurationSeconds, stateColour } from '../../../protocol/display.ts';

describe('protocol/display', () => {
  it('every state has a label and the DESIGN §2 panel colour', () => {
    for (const state of CP_STATES) {
      assert.ok(STATE_DISPLAY[state].label.length > 0, state);
      assert.equal(STATE_DISPLAY[state].colour, PANEL_COLOUR[state], state);
    }
    assert.equal(STATE_DISPLAY.STOPPED.label, 'Out of Order');
  });

  it('paints a state in one terminal palette (xterm-256 orange), or not at all when colour is off', () => {
    assert.equal(stateColour('STOPPED', true)('x'), '\x1b[38;5;208mx\x1b[39m');
    assert.equal(stateColour('CHARGING', true)('x'), '\x1b[32mx\x1b[39m');
    assert.equal(stateColour('FAULTED', true)('x'), '\x1b[31mx\x1b[39m');
    assert.equal(stateColour('DISCONNECTED', true)('x'), '\x1b[90mx\x1b[39m');
    assert.equal(stateColour('STOPPED', false)('x'), 'x');
  });
  it('formatDurationMs: uptimes from milliseconds', () => {
    assert.equal(formatDurationMs(42_000), '42s');
    assert.equal(formatDurationMs(725_000), '12m 05s');
    assert.equal(formatDurationMs(3 * 3_600_000 + 7 * 60_000), '3h 07m');
    assert.equal(formatDurationMs(2 * 86_400_000 + 4 * 3_600_000), '2d 04h');
    assert.equal(formatDurationMs(-5), '0s');
  });

  it('formatDurationSeconds: session durations from seconds, as a clock', () => {
    assert.equal(formatDurationSeconds(0), '0:00');
    assert.equal(formatDurationSeconds(59.9), '0:59');
    assert.equal(formatDurationSeconds(754), '12:34');
    assert.equal(formatDurationSeconds(3723), '1:02:03');
  });

  it('formats clock times in a given zone (the panel and the driver CLI)', () => {
    assert.equal(formatClock(1_700_000_000_000, 'UTC'), '22:13:20');
    assert.equal(formatClock(1_700_000_000_000, 'Europe/Madrid'), '23:13:20');
    const T0 = Date.UTC(2024, 4, 1, 12);
    assert.equal(formatClock(T0, 'UTC'), '12:00:00');
    assert.equal(formatClock(T0, 'Europe/Madrid'), '14:00:00');
    assert.equal(formatClock(Date.UTC(2024, 4, 1, 0, 0, 5), 'UTC'), '00:00:05', 'midnight is 00, not 24');
  });
});
