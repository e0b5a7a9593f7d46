import assert from 'node:assert/strict';
import { CpNotices } from '../../../../central/http/cp-notices.ts';
import { FakeOperations } from '../../../helpers/fake-operations.ts';

describe('central/http CpNotices (the CP detail view’s warnings)', () => {
  it('keeps each CP’s warnings, newest first, and not its info lines or lines about no CP', () => {
    const operations = new FakeOperations();
    const notices = new CpNotices(operations);
    operations.log('CP1 KO pressed', { level: 'warn', cpId: 'CP1' });
    operations.log('CP1 AVAILABLE', { level: 'info', cpId: 'CP1' });
    operations.log('hello refused', { level: 'warn' });
    operations.log('CP1 Engine unreachable', { level: 'warn', cpId: 'CP1', atMs: 2 });
    operations.log('CP2 faulted', { level: 'warn', cpId: 'CP2' });
    assert.deepEqual(notices.of('CP1').map((line) => line.text), ['CP1 Engine unreachable', 'CP1 KO pressed']);
    assert.deepEqual(notices.of('CP2').map((line) => line.text), ['CP2 faulted']);
    assert.deepEqual(notices.of('CP9'), []);
  });

  it('keeps the last `keep` per CP, forgets a removed CP, and stops listening on close', () => {
    const operations = new FakeOperations();
    const notices = new CpNotices(operations, 2);
    for (const n of [1, 2, 3]) operations.log(`warning ${n}`, { level: 'warn', cpId: 'CP1' });
    assert.deepEqual(notices.of('CP1').map((line) => line.text), ['warning 3', 'warning 2']);
    notices.forget('CP1');
    assert.deepEqual(notices.of('CP1'), []);
    notices.close();
    operations.log('after close', { level: 'warn', cpId: 'CP1' });
    assert.deepEqual(notices.of('CP1'), []);
    assert.equal(operations.listenerCount('event'), 0);
  });
});
