import { strict as assert } from 'node:assert';
import { Output } from '../../../../driver/runner/output.ts';

class Stream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('driver Output', () => {
  it('redraws the live line in place on a terminal and clears it before the next line', () => {
    const stdout = new Stream(true);
    const output = new Output(stdout, new Stream(true), { json: false, colors: false });
    output.live('CP1 charging 1', 0);
    output.live('CP1 charging 2', 1);
    output.say('Receipt');
    assert.equal(stdout.text, '\r\x1b[2KCP1 charging 1\r\x1b[2KCP1 charging 2\r\x1b[2KReceipt\n');
  });

  it('ends the live line before a warning on stderr', () => {
    const stdout = new Stream(true);
    const stderr = new Stream(true);
    const output = new Output(stdout, stderr, { json: false, colors: false });
    output.live('CP1 charging', 0);
    output.warn('lost the bus');
    assert.equal(stdout.text, '\r\x1b[2KCP1 charging\n');
    assert.equal(stderr.text, 'lost the bus\n');
  });

  it('without a terminal prints the live line now and then, never redrawn', () => {
    const stdout = new Stream(false);
    const output = new Output(stdout, new Stream(false), { json: false, colors: false, progressEveryMs: 10_000 });
    output.live('a', 0);
    output.live('b', 9_999);
    output.live('c', 10_000);
    assert.equal(stdout.text, 'a\nc\n');
  });

  it('in JSON mode writes only records, and one result', () => {
    const stdout = new Stream(true);
    const stderr = new Stream(true);
    const output = new Output(stdout, stderr, { json: true, colors: true });
    output.say('text');
    output.live('live', 0);
    output.record({ type: 'accepted' });
    output.result({ type: 'result', exitCode: 0 });
    output.result({ type: 'result', exitCode: 1 });
    output.prompt('Stop? ');
    assert.equal(stdout.text, '{"type":"accepted"}\n{"type":"result","exitCode":0}\n');
    assert.equal(stderr.text, 'Stop? ');
    assert.equal(output.render.colors.bold('x'), 'x', 'no colour codes in JSON mode');
  });
});
