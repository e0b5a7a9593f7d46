import assert from 'node:assert/strict';
import { Command } from 'commander';
import { COMMANDS, registerCommands } from '../../../../bin/commands/index.ts';

describe('bin/commands/index (sub-commands loaded only when they run)', () => {
  it('lists every sub-command with its summary, registering in full only the one argv names', async () => {
    const program = new Command('evc');
    await registerCommands(program, ['node', 'evc', 'flash', '--board', 'uno']);
    assert.deepEqual(program.commands.map((command) => command.name()).sort(), Object.keys(COMMANDS).sort());
    const flash = program.commands.filter((command) => command.name() === 'flash');
    assert.ok(flash.some((command) => command.options.some((option) => option.long === '--board')), 'flash is registered in full');
    const central = program.commands.find((command) => command.name() === 'central')!;
    assert.equal(central.description(), COMMANDS.central!.summary);
    assert.deepEqual(central.options, [], 'the others are one-line entries');
  });

  it('`evc help <name>` registers that command in full', async () => {
    const program = new Command('evc');
    await registerCommands(program, ['node', 'evc', 'help', 'cp']);
    assert.ok(program.commands.some((command) => command.name() === 'cp' && command.options.length > 0));
  });
});
