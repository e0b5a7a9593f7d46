import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { TerminalScreen } from '../../../../central/panel/screen.ts';

function aScreen(fullScreen = false) {
  const output = new PassThrough();
  const written: string[] = [];
  output.on('data', (chunk: Buffer) => written.push(chunk.toString()));
  return { screen: new TerminalScreen(output, { fullScreen }), written };
}

describe('central/panel TerminalScreen', () => {
  it('rewrites only the lines that changed, in place', async () => {
    const { screen, written } = aScreen();
    screen.open();
    screen.draw('a\nb\nc');
    screen.draw('a\nB\nc');
    await new Promise(setImmediate);
    assert.deepEqual(written, ['\x1b[H\x1b[2J', '\x1b[1;1Ha\x1b[K\x1b[2;1Hb\x1b[K\x1b[3;1Hc\x1b[K', '\x1b[2;1HB\x1b[K']);
  });

  it('writes nothing for an identical frame and clears below a shorter one', async () => {
    const { screen, written } = aScreen();
    screen.open();
    screen.draw('a\nb');
    assert.equal(screen.draw('a\nb'), false);
    screen.draw('a');
    await new Promise(setImmediate);
    assert.equal(written.at(-1), '\x1b[2;1H\x1b[J');
  });

  it('uses the alternate screen in full-screen mode and restores the terminal on close', async () => {
    const { screen, written } = aScreen(true);
    screen.open();
    screen.close();
    screen.close();
    await new Promise(setImmediate);
    assert.deepEqual(written, ['\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J', '\x1b[?25h\x1b[?1049l']);
  });
});
