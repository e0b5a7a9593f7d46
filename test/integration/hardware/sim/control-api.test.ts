import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { createChargePointHardware, type ChargePointHardware } from '../../../../hardware/components/charge-point-hardware.ts';
import { aSimBench, flush, type SimBench } from '../sim-fixture.ts';

describe('hardware/sim/control-api (real HTTP, johnny-five on the sim board)', () => {
  let bench: SimBench;
  let hardware: ChargePointHardware;
  let base: string;

  const call = async (method: string, path: string) => {
    const response = await fetch(`${base}${path}`, { method });
    const text = await response.text();
    return { status: response.status, allow: response.headers.get('allow'), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  beforeEach(async () => {
    bench = await aSimBench('nano', { simPort: 0 });
    hardware = createChargePointHardware(bench.board, bench.wiring, { failSafe: false });
    await flush(bench.board);
    base = `http://127.0.0.1:${bench.board.controlPort}`;
  });
  afterEach(async () => {
    hardware.close();
    await bench.board.close();
  });

  it('listens on the free port it was given', () => {
    assert.ok(bench.board.controlPort! > 0);
  });

  it('POST /buttons/ko/press reaches the KO button as a fault; release then press clears it', async () => {
    const raised = once(hardware.koButton, 'fault-raised');
    const reply = await call('POST', '/buttons/ko/press');
    assert.equal(reply.status, 200);
    assert.equal(reply.body?.button, 'ko');
    await raised;
    const released = once(hardware.koButton, 'release');
    await call('POST', '/buttons/ko/release');
    await released;
    const cleared = once(hardware.koButton, 'fault-cleared');
    await call('POST', '/buttons/ko/press');
    await cleared;
    await call('POST', '/buttons/ko/release');
  });

  it('POST /buttons/plug/tap plugs the car in with one request', async () => {
    const plugged = once(hardware.plugButton, 'plugged');
    assert.equal((await call('POST', '/buttons/plug/tap')).status, 200);
    await plugged;
    if (hardware.plugButton.isPressed) await once(hardware.plugButton, 'release');
    assert.equal(hardware.plugButton.isOn, true);
  });

  it('GET /outputs reports the pin levels, with the active-low relay read correctly', async () => {
    assert.deepEqual((await call('GET', '/outputs')).body, { green: false, amber: false, red: false, relay: false });
    hardware.leds.green.on();
    hardware.leds.red.on();
    hardware.relay.close();
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(8), 0, 'nano relay is active-low');
    assert.deepEqual((await call('GET', '/outputs')).body, { green: true, amber: false, red: true, relay: true });
  });

  it('GET /outputs follows the pins, not the components: a pin written behind their back shows', async () => {
    bench.board.j5.digitalWrite(7, 1); // red's pin, without the LedBank knowing
    await flush(bench.board);
    assert.equal(hardware.leds.red.mode, 'off');
    assert.equal((await call('GET', '/outputs')).body?.red, true);
  });

  it('GET /pins lists all 20 pins with mode and level', async () => {
    const reply = await call('GET', '/pins');
    assert.equal(reply.status, 200);
    const pins = reply.body as unknown as Array<{ pin: number; level: number; pullUp: boolean }>;
    assert.equal(pins.length, 20);
    assert.equal(pins[2]!.pullUp, true);
  });

  it('answers 404 for unknown buttons, actions and paths, and 405 for wrong methods, and keeps serving', async () => {
    const unknownButton = await call('POST', '/buttons/reset/press');
    assert.equal(unknownButton.status, 404);
    assert.match(String(unknownButton.body?.error), /unknown button "reset"/);
    assert.equal((await call('POST', '/buttons/ko/smash')).status, 404);
    assert.equal((await call('GET', '/nowhere')).status, 404);
    const wrongMethod = await call('GET', '/buttons/ko/press');
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.allow, 'POST');
    const postOutputs = await call('DELETE', '/outputs');
    assert.equal(postOutputs.status, 405);
    assert.equal(postOutputs.allow, 'GET, HEAD');
    assert.equal(hardware.koButton.isOn, false, 'no bad request pressed anything');
    assert.equal((await call('GET', '/outputs')).status, 200);
  });

  it('survives malformed HTTP and odd URLs', async () => {
    const port = bench.board.controlPort!;
    const garbage = await new Promise<string>((resolve) => {
      const req = httpRequest({ port, host: '127.0.0.1', path: '/%%%/../buttons//ko', method: 'POST' }, (response) => resolve(String(response.statusCode)));
      req.on('error', (error) => resolve(error.message));
      req.end('{not json');
    });
    assert.equal(garbage, '404');
    const net = await import('node:net');
    const socket = net.connect(port, '127.0.0.1');
    socket.end('THIS IS NOT HTTP\r\n\r\n');
    await once(socket, 'close');
    assert.equal((await call('GET', '/outputs')).status, 200);
  });
});
