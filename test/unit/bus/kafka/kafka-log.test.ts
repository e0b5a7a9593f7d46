import assert from 'node:assert/strict';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from '../../../../bus/kafka/kafka-log.ts';
import { capturingLogger } from '../../../helpers/log-lines.ts';

describe('bus/kafka/kafka-log', function () {
  function logged(entries: { namespace: string; level: logLevel; message: string; extra?: Record<string, unknown> }[]) {
    const { logger, lines } = capturingLogger();
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    for (const { namespace, level, message, extra } of entries) log({ namespace, level, label: '', log: { message, timestamp: 'now', ...extra } });
    return lines;
  }

  it('passes kafkajs errors and warnings on at their level, with the namespace and fields, without its timestamp', function () {
    const lines = logged([
      { namespace: 'Consumer', level: logLevel.ERROR, message: 'Crash', extra: { groupId: 'g1' } },
      { namespace: 'Producer', level: logLevel.WARN, message: 'slow' },
    ]);
    assert.deepEqual(lines.map(({ level, msg, kafkajs, groupId, timestamp }) => ({ level, msg, kafkajs, groupId, timestamp })), [
      { level: 'error', msg: 'Crash', kafkajs: 'Consumer', groupId: 'g1', timestamp: undefined },
      { level: 'warn', msg: 'slow', kafkajs: 'Producer', groupId: undefined, timestamp: undefined },
    ]);
  });

  it("drops info and debug, keeps a connection's errors at debug, and drops the expected idempotence advice", function () {
    const lines = logged([
      { namespace: 'Consumer', level: logLevel.INFO, message: 'Starting' },
      { namespace: 'Consumer', level: logLevel.DEBUG, message: 'fetching' },
      { namespace: 'Connection', level: logLevel.ERROR, message: 'Response Metadata' },
      { namespace: 'Producer', level: logLevel.WARN, message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees' },
    ]);
    assert.deepEqual(lines.map((line) => [line.level, line.msg]), [['debug', 'Response Metadata']]);
  });
});
