import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { addBusSecurityOptions, busSecurity } from '../../../bin/bus-security.ts';
import { UsageError } from '../../../protocol/index.ts';

describe('bin/bus-security (--bus-ca, --kafka-user, --kafka-password)', () => {
  it('adds the three flags to a command', () => {
    const command = addBusSecurityOptions(new Command('x'));
    assert.deepEqual(command.options.map((option) => option.long), ['--bus-ca', '--kafka-user', '--kafka-password']);
  });

  it('nothing given: nothing to add to the bus options', async () => {
    assert.deepEqual(await busSecurity({}), {});
  });

  it('a Kafka login needs both user and password', async () => {
    assert.deepEqual(await busSecurity({ kafkaUser: 'evc', kafkaPassword: 'pw' }), { kafkaLogin: { username: 'evc', password: 'pw' } });
    await assert.rejects(busSecurity({ kafkaUser: 'evc' }), (error: unknown) => error instanceof UsageError && /go together/.test(error.message));
    await assert.rejects(busSecurity({ kafkaPassword: 'pw' }), UsageError);
  });

  it('reads the CA file, and says which one it could not read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evc-bus-ca-'));
    try {
      const ca = join(dir, 'ca.pem');
      await writeFile(ca, '-----BEGIN CERTIFICATE-----\n');
      assert.deepEqual(await busSecurity({ busCa: ca, kafkaUser: 'u', kafkaPassword: 'p' }), { kafkaLogin: { username: 'u', password: 'p' }, tls: { ca: '-----BEGIN CERTIFICATE-----\n' } });
      const missing = join(dir, 'missing.pem');
      await assert.rejects(busSecurity({ busCa: missing }), (error: unknown) => error instanceof UsageError && error.message === `--bus-ca ${missing}: cannot read it (ENOENT)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
