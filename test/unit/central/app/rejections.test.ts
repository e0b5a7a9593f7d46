import assert from 'node:assert/strict';
import { Rejections } from '../../../../central/app/rejections.ts';

describe('central/app Rejections (issue 9)', () => {
  it('counts per source and reason, keeps the total, and tells listeners of each', () => {
    const rejections = new Rejections();
    const heard: string[] = [];
    rejections.on('rejected', (source, reason) => heard.push(`${source}/${reason}`));
    rejections.count('monitor', 'bad-secret');
    rejections.count('monitor', 'bad-secret');
    rejections.count('driver', 'replay');
    assert.equal(rejections.total, 3);
    assert.deepEqual(rejections.entries(), [
      { source: 'monitor', reason: 'bad-secret', count: 2 },
      { source: 'driver', reason: 'replay', count: 1 },
    ]);
    assert.deepEqual(heard, ['monitor/bad-secret', 'monitor/bad-secret', 'driver/replay']);
  });

  it('hands out copies: a caller cannot change the counts', () => {
    const rejections = new Rejections();
    rejections.count('device', 'malformed');
    rejections.entries()[0]!.count = 99;
    assert.equal(rejections.entries()[0]!.count, 1);
  });
});
