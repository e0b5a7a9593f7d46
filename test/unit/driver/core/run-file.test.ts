import { strict as assert } from 'node:assert';
import { parseRunFile } from '../../../../driver/core/run-file.ts';
import { UsageError } from '../../../../protocol/index.ts';

describe('parseRunFile', () => {
  it('reads one CP id per line, skipping blanks and comments', () => {
    const text = '# morning round\nCP1\n\n  CP2  \r\nCP-3 # the slow one\n#CP4\n';
    assert.deepEqual(parseRunFile(text), ['CP1', 'CP2', 'CP-3']);
  });

  it('keeps repeats: the same CP may be used twice', () => {
    assert.deepEqual(parseRunFile('CP1\nCP1'), ['CP1', 'CP1']);
  });

  it('names the bad line', () => {
    assert.throws(
      () => parseRunFile('CP1\nCP 2\n', 'services.txt'),
      (error: unknown) => error instanceof UsageError && error.exitCode === 2 && /services\.txt line 2: "CP 2" is not a CP id/.test(error.message),
    );
  });

  it('refuses a file with no CP ids', () => {
    assert.throws(() => parseRunFile('# nothing\n\n'), /lists no CP ids/);
  });
});
