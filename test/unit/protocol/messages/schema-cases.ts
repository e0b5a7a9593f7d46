import assert from 'node:assert/strict';
import type { z } from 'zod';
import { parseMessage } from '../../../../protocol/parse.ts';

export interface InvalidCase {
  /** What is wrong, as the test title says it. */
  name: string;
  /** Changes a copy of the valid message (delete or overwrite fields). */
  change: (message: Record<string, unknown>) => void;
  /** The reason must name the problem, e.g. the field path. */
  reason: RegExp;
}

/** The envelope rules every message shares (DESIGN §4.1). */
const envelopeCases: InvalidCase[] = [
  { name: 'no id', change: (m) => delete m.id, reason: /^id: / },
  { name: 'an empty id', change: (m) => (m.id = ''), reason: /^id: / },
  { name: 'ts in seconds as a float', change: (m) => (m.ts = 1.5), reason: /^ts: / },
  { name: 'a negative ts', change: (m) => (m.ts = -1), reason: /^ts: / },
  { name: 'ts as a string', change: (m) => (m.ts = '1700000000000'), reason: /^ts: / },
  { name: 'another type', change: (m) => (m.type = 'no-such-type'), reason: /^type: / },
];

/**
 * Asserts `schema` accepts `valid` (sent as JSON text, as on the wire) and refuses each
 * invalid variant with a reason matching its pattern.
 */
export function describeSchema(schema: z.ZodType, valid: Record<string, unknown>, invalid: InvalidCase[]): void {
  describe(`${String(valid.type)}`, () => {
    it('accepts a valid message and keeps every field', () => {
      const result = parseMessage(schema, JSON.stringify(valid));
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.deepEqual(result.message, valid);
    });

    it('accepts it as UTF-8 bytes too', () => {
      const result = parseMessage(schema, Buffer.from(JSON.stringify(valid)));
      assert.ok(result.ok);
    });

    for (const testCase of [...envelopeCases, ...invalid]) {
      it(`refuses ${testCase.name}`, () => {
        const message = structuredClone(valid);
        testCase.change(message);
        const result = parseMessage(schema, JSON.stringify(message));
        assert.equal(result.ok, false, `accepted ${JSON.stringify(message)}`);
        if (!result.ok) assert.match(result.reason, testCase.reason);
      });
    }
  });
}

/** An envelope for builders: fixed id and ts so tests compare whole messages. */
export const envelope = { id: 'm-1', ts: 1_700_000_000_000 };
