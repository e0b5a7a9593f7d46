import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { DEFAULT_KAFKA_VERSION, cacheRoot, kafkaVersion, libsDir, libsManifest, stateFile } from '../../../../bus/kafka-local/paths.ts';

describe('bus/kafka-local paths', function () {
  const saved = { version: process.env.EVC_KAFKA_VERSION, cache: process.env.XDG_CACHE_HOME };
  afterEach(function () {
    for (const [name, value] of [['EVC_KAFKA_VERSION', saved.version], ['XDG_CACHE_HOME', saved.cache]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('uses the default broker version unless EVC_KAFKA_VERSION names another (empty counts as unset)', function () {
    process.env.EVC_KAFKA_VERSION = '';
    assert.equal(kafkaVersion(), DEFAULT_KAFKA_VERSION);
    process.env.EVC_KAFKA_VERSION = '3.9.1';
    assert.equal(kafkaVersion(), '3.9.1');
  });

  it('keeps jars per version and the shared-instance state under $XDG_CACHE_HOME/evc', function () {
    process.env.XDG_CACHE_HOME = '/cache';
    process.env.EVC_KAFKA_VERSION = '3.9.1';
    assert.equal(cacheRoot(), join('/cache', 'evc'));
    assert.equal(libsDir(), join('/cache', 'evc', 'kafka-3.9.1', 'libs'));
    assert.equal(libsManifest('4.3.1'), join('/cache', 'evc', 'kafka-4.3.1', 'libs.complete'));
    assert.equal(stateFile(), join('/cache', 'evc', 'kafka-run.json'));
    assert.equal(stateFile('/state'), join('/state', 'kafka-run.json'));
  });
});
