import assert from 'node:assert/strict';
import { boardPorts, choosePort, findBoardPort } from '../../../../hardware/flash/detect-port.ts';
import { EvcError } from '../../../../protocol/index.ts';

const listed = [
  { path: '/dev/ttyS0' },
  { path: '/dev/ttyACM0', vendorId: '2341', productId: '0043', manufacturer: 'Arduino (www.arduino.cc)' },
  { path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523' },
  { path: '/dev/ttyUSB1', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' },
  { path: '/dev/ttyUSB2', vendorId: '2a03' },
  { path: '/dev/ttyUSB3', vendorId: '10c4' },
];

describe('hardware/flash/detect-port (--port auto, --board firmata)', () => {
  it('keeps Arduino, CH340 and FTDI vendor ids, whatever their case', () => {
    assert.deepEqual(boardPorts(listed).map((port) => port.path), ['/dev/ttyACM0', '/dev/ttyUSB0', '/dev/ttyUSB1', '/dev/ttyUSB2']);
  });

  it('takes the only board', async () => {
    assert.equal(await findBoardPort({ list: async () => listed.slice(0, 2) }), '/dev/ttyACM0');
  });

  it('no board: says to plug it in or name the port', async () => {
    await assert.rejects(findBoardPort({ list: async () => [listed[0]!] }), (error: unknown) => error instanceof EvcError && error.code === 'BOARD_NOT_FOUND' && /--port/.test(error.message));
  });

  it('several boards and no terminal: a usage error listing them', async () => {
    await assert.rejects(findBoardPort({ list: async () => listed }), (error: unknown) =>
      error instanceof EvcError && error.code === 'SEVERAL_BOARDS' && error.exitCode === 2 && /1\) \/dev\/ttyACM0 \(Arduino \(www.arduino.cc\)\)\n  2\) \/dev\/ttyUSB0 \(CH340/.test(error.message));
  });

  it('several boards on a terminal: asks until the answer names one', async () => {
    const answers = ['9', 'x', '2'];
    const questions: Array<string> = [];
    const path = await choosePort(boardPorts(listed), async (question) => {
      questions.push(question);
      return answers.shift()!;
    });
    assert.equal(path, '/dev/ttyUSB0');
    assert.equal(questions.length, 3);
    assert.equal(await choosePort(boardPorts(listed), async () => '/dev/ttyUSB1'), '/dev/ttyUSB1');
  });
});
