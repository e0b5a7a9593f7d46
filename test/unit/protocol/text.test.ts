import assert from 'node:assert/strict';
import { cps, hello, parseMessage, safeText } from '../../../protocol/index.ts';

describe('protocol/text (issue 9: labels cleaned before a terminal or page shows them)', () => {
  it('removes terminal escapes, C1 controls, DEL and bidi overrides', () => {
    assert.equal(safeText('Lab\u001b[2J\u001b[31m 1\u0007'), 'Lab[2J[31m 1');
    assert.equal(safeText('a\u009bb\u007fc\r\nd'), 'abcd');
    assert.equal(safeText('\u202eevil\u2066'), 'evil');
    assert.equal(safeText('  Café — Lab 1 ⚡ '), 'Café — Lab 1 ⚡');
  });

  it('a hello label is cleaned as it is parsed; one that is only control characters is refused', () => {
    const base = { type: 'hello', id: 'h', ts: 1, cpId: 'CP1', secret: 's' };
    const parsed = parseMessage(hello, JSON.stringify({ ...base, location: { label: '\u001b]0;pwned\u0007Lab 2' } }));
    assert.ok(parsed.ok);
    assert.equal(parsed.message.location.label, ']0;pwnedLab 2');
    const empty = parseMessage(hello, JSON.stringify({ ...base, location: { label: '\u001b\u0007' } }));
    assert.equal(empty.ok, false);
  });

  it('a driver parses the CP list with clean labels whatever Central sent', () => {
    const list = { type: 'cps', id: 'c', ts: 1, list: [{ id: 'CP1', state: 'AVAILABLE', location: 'x\u001b[31my', pricePerKwh: 0.3 }] };
    const parsed = parseMessage(cps, JSON.stringify(list));
    assert.ok(parsed.ok);
    assert.equal(parsed.message.list[0]!.location, 'x[31my');
  });
});
