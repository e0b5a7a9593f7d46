import assert from 'node:assert/strict';
import { Command } from 'commander';
import { bindEnvironment, envNameFor } from '../../../bin/env-options.ts';

function parse(args: string[], env: Record<string, string>): Record<string, unknown> {
  let seen: Record<string, unknown> = {};
  const program = new Command('evc').exitOverride();
  program
    .command('thing')
    .requiredOption('--id <id>')
    .option('--engine-port <port>', 'port', '7100')
    .option('--count <n>', 'a number', (value: string) => Number(value))
    .option('--no-panel')
    .action((flags: Record<string, unknown>) => void (seen = flags));
  bindEnvironment(program);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    program.parse(['node', 'evc', 'thing', ...args]);
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
  }
  return seen;
}

describe('bin/env-options (DESIGN §6: every option also reads an EVC_* variable)', () => {
  it('names the variable after the long flag', () => {
    assert.equal(envNameFor('--engine-port'), 'EVC_ENGINE_PORT');
    assert.equal(envNameFor('--no-panel'), 'EVC_PANEL');
  });

  it('takes values from the environment, required options included', () => {
    const flags = parse([], { EVC_ID: 'CP9', EVC_ENGINE_PORT: '7200', EVC_COUNT: '3' });
    assert.deepEqual(flags, { id: 'CP9', enginePort: '7200', count: 3, panel: true });
  });

  it('lets a flag on the command line win over the variable', () => {
    assert.equal(parse(['--id', 'CP1', '--engine-port', '7300'], { EVC_ENGINE_PORT: '7200' }).enginePort, '7300');
  });

  it('keeps the default when the variable is absent', () => {
    assert.equal(parse(['--id', 'CP1'], {}).enginePort, '7100');
  });
});
