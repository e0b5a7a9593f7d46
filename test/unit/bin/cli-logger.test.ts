import assert from 'node:assert/strict';
import { cliLogger } from '../../../bin/cli-logger.ts';

describe('bin/cli-logger', () => {
  const wasTty = process.stderr.isTTY;
  afterEach(() => {
    process.stderr.isTTY = wasTty;
  });

  it('logs at the given level under the process name, piped or on a terminal', () => {
    for (const tty of [false, true]) {
      process.stderr.isTTY = tty;
      const logger = cliLogger('evc-test', 'warn');
      assert.equal(logger.level, 'warn', `tty ${tty}`);
      assert.equal(logger.bindings().name, 'evc-test', `tty ${tty}`);
      assert.equal(logger.isLevelEnabled('info'), false, `tty ${tty}`);
    }
  });
});
