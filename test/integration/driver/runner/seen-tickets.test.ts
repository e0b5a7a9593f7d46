import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SeenTickets } from '../../../../driver/runner/seen-tickets.ts';
import { useTempDir } from '../../central/store/temp-dir.ts';

describe('driver/runner/seen-tickets (real files)', () => {
  const dir = useTempDir();

  it('shows a ticket once, the moment it is on file, and remembers it across processes', async () => {
    const shown: string[] = [];
    const file = path.join(dir.path, 'driver-D1-tickets.json');
    const first = new SeenTickets(dir.path, 'D1');
    await first.add('S-1', () => {
      shown.push('S-1');
      assert.match(readFileSync(file, 'utf8'), /S-1/);
    });
    await first.add('S-1', () => shown.push('again'));
    const later = new SeenTickets(dir.path, 'D1'); // a restarted driver reads the file
    assert.equal(await later.has('S-1'), true);
    await later.add('S-1', () => shown.push('after restart'));
    assert.deepEqual(shown, ['S-1']);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { sessions: ['S-1'] });
  });

  it('starts over from a damaged file (a ticket may show twice, never be lost)', async () => {
    await writeFile(path.join(dir.path, 'driver-D2-tickets.json'), '{not json');
    const seen = new SeenTickets(dir.path, 'D2');
    assert.equal(await seen.has('S-1'), false);
    let shown = 0;
    await seen.add('S-1', () => void shown++);
    assert.equal(shown, 1);
  });

  it('keeps one list per driver, and the latest 500 sessions of it', async () => {
    await writeFile(path.join(dir.path, 'driver-D1-tickets.json'), JSON.stringify({ sessions: Array.from({ length: 500 }, (_, i) => `S${i}`) }));
    const seen = new SeenTickets(dir.path, 'D1');
    await seen.add('S-new');
    assert.equal(await seen.has('S0'), false, 'the oldest forgotten');
    assert.equal(await seen.has('S1'), true);
    assert.equal(await seen.has('S-new'), true);
    assert.equal(await new SeenTickets(dir.path, 'D3').has('S1'), false);
  });
});
