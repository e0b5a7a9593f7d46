import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EVC = fileURLToPath(new URL('../../../../bin/evc', import.meta.url));

describe('evc cp --print-systemd-unit, checked by systemd-analyze verify', function () {
  this.timeout(30_000);

  it('prints a unit systemd accepts', function () {
    if (spawnSync('systemd-analyze', ['--version']).error) {
      if (process.env.CI) throw new Error('systemd-analyze is missing: .ci/run installs systemd');
      console.log('      (skipped: systemd-analyze is not installed; apt-get install systemd to run this)');
      this.skip();
    }
    const unit = execFileSync(process.execPath, [EVC, 'cp', '--id', 'CP7', '--central', '192.168.1.10:7070', '--board', 'firmata:/dev/ttyACM0', '--location', 'Lab 1', '--print-systemd-unit'], { encoding: 'utf8' });
    assert.match(unit, /^Restart=on-failure$/m);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
    try {
      const file = path.join(dir, 'evc-cp-CP7.service');
      fs.writeFileSync(file, unit);
      const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
      assert.equal(result.stderr.trim(), '', 'no warnings either');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
