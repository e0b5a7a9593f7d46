import { strict as assert } from 'node:assert';
import { runCommand } from '../../../../bus/kafka-local/command.ts';

describe('bus/kafka-local command (a short-lived tool)', function () {
  it('collects stdout and stderr together and gives the exit code', async function () {
    const result = await runCommand(process.execPath, ['-e', "process.stdout.write('out\\n'); process.stderr.write('err\\n'); process.exit(3)"]);
    assert.equal(result.code, 3);
    assert.match(result.output, /out\n/);
    assert.match(result.output, /err\n/);
    assert.equal(result.spawnError, undefined);
  });

  it('hands each line to onLine, without carriage returns, the last one even with no newline', async function () {
    const lines: string[] = [];
    const result = await runCommand(process.execPath, ['-e', "process.stdout.write('a\\r\\nb\\nc')"], (line) => lines.push(line));
    assert.equal(result.code, 0);
    assert.deepEqual(lines, ['a', 'b', 'c']);
  });

  it('says when the tool is not installed at all', async function () {
    const result = await runCommand('evc-no-such-tool', ['-v']);
    assert.equal(result.code, null);
    assert.equal((result.spawnError as NodeJS.ErrnoException | undefined)?.code, 'ENOENT');
  });
});
