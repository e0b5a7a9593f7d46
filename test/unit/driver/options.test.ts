import { strict as assert } from 'node:assert';
import { checkDriverId, parseDriverCommand, parseMs } from '../../../driver/options.ts';
import { UsageError } from '../../../protocol/index.ts';

const usage = (pattern: RegExp) => (error: unknown) => error instanceof UsageError && error.exitCode === 2 && pattern.test(error.message);

describe('driver options', () => {
  it('parses each command', () => {
    assert.deepEqual(parseDriverCommand(['charge', 'CP1']), { name: 'charge', cpId: 'CP1' });
    assert.deepEqual(parseDriverCommand(['status', 'CP-2']), { name: 'status', cpId: 'CP-2' });
    assert.deepEqual(parseDriverCommand(['run', 'services.txt']), { name: 'run', file: 'services.txt' });
    assert.deepEqual(parseDriverCommand(['list']), { name: 'list' });
    assert.deepEqual(parseDriverCommand(['stop']), { name: 'stop' });
    assert.deepEqual(parseDriverCommand(['watch']), { name: 'watch' });
  });

  it('says what is wrong with a command line', () => {
    assert.throws(() => parseDriverCommand([]), usage(/say what to do: charge, run, list, status, stop, watch/));
    assert.throws(() => parseDriverCommand(['fly']), usage(/unknown driver command "fly"/));
    assert.throws(() => parseDriverCommand(['charge']), usage(/"charge" takes one CP id; got none/));
    assert.throws(() => parseDriverCommand(['list', 'x']), usage(/"list" takes no arguments; got x/));
    assert.throws(() => parseDriverCommand(['charge', 'CP/1']), usage(/bad CP id "CP\/1"/));
  });

  it('checks the driver id and ms values', () => {
    assert.equal(checkDriverId('D1'), 'D1');
    assert.throws(() => checkDriverId(undefined), usage(/--id is required/));
    assert.throws(() => checkDriverId('D+1'), usage(/bad driver id "D\+1"/));
    assert.equal(parseMs('4000', '--pause-ms'), 4000);
    assert.throws(() => parseMs('4s', '--pause-ms'), usage(/--pause-ms takes a whole number of ms, not "4s"/));
  });
});
