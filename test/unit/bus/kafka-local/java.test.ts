import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { javaCommand, parseJavaMajor } from '../../../../bus/kafka-local/java.ts';

describe('bus/kafka-local java', function () {
  it('reads the Java major version, old and new style', function () {
    assert.equal(parseJavaMajor('openjdk version "17.0.15" 2025-04-15'), 17);
    assert.equal(parseJavaMajor('java version "1.8.0_402"'), 8);
    assert.equal(parseJavaMajor('no java here'), undefined);
  });

  describe('javaCommand', function () {
    let saved: string | undefined;
    beforeEach(function () {
      saved = process.env.JAVA_HOME;
    });
    afterEach(function () {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    });

    it('takes java from PATH without JAVA_HOME, or when JAVA_HOME holds no bin/java', function () {
      delete process.env.JAVA_HOME;
      assert.equal(javaCommand(), 'java');
      process.env.JAVA_HOME = join(import.meta.dirname, 'no-such-jdk');
      assert.equal(javaCommand(), 'java');
    });
  });
});
