import assert from 'node:assert/strict';
import type firmataIo from 'firmata-io';
import { keepPullUpsOnPortWrites } from '../../../hardware/firmata-pull-ups.ts';

const MODES = { INPUT: 0, OUTPUT: 1, PULLUP: 11 };

/** The part of firmata-io's client the patch wraps; `sent` is each port value it put on the wire. */
function aFirmataClient() {
  const sent: Array<[port: number, value: number]> = [];
  const client = {
    MODES,
    pins: Array.from({ length: 20 }, () => ({ mode: MODES.INPUT })),
    ports: Array.from({ length: 3 }, () => 0),
    pinMode(pin: number, mode: number) {
      client.pins[pin]!.mode = mode;
    },
    digitalWrite(pin: number, value: 0 | 1) {
      const port = pin >> 3;
      const bit = 1 << (pin & 7);
      client.ports[port] = value ? client.ports[port]! | bit : client.ports[port]! & ~bit;
      client.writeDigitalPort(port);
    },
    writeDigitalPort(port: number) {
      sent.push([port, client.ports[port]!]);
    },
  };
  return { client, sent };
}

describe('hardware/firmata-pull-ups (StandardFirmata ≤ 2.4 whole-port writes)', () => {
  it('a held button’s reported 0 never goes back out: its pull-up bit is sent as the host set it', () => {
    const { client, sent } = aFirmataClient();
    keepPullUpsOnPortWrites(client as unknown as InstanceType<typeof firmataIo.Firmata>);
    client.pinMode(2, MODES.PULLUP); // the button on D2
    client.pinMode(5, MODES.OUTPUT); // an LED on the same port
    client.ports[0] = 0; // firmata-io cached the board's report: D2 held, reads 0
    sent.length = 0;
    client.digitalWrite(5, 1);
    assert.deepEqual(sent, [[0, (1 << 5) | (1 << 2)]], 'D5 on and D2 still 1 (pull-up on)');
    assert.equal(client.ports[0], 1 << 5, 'firmata-io’s own reading of the port is left as it was');
  });

  it('an input the host wrote 0 to stays 0; a pin that leaves input mode is no longer kept', () => {
    const { client, sent } = aFirmataClient();
    keepPullUpsOnPortWrites(client as unknown as InstanceType<typeof firmataIo.Firmata>);
    client.pinMode(3, MODES.PULLUP);
    client.digitalWrite(3, 0); // pull-up off on purpose
    client.pinMode(4, MODES.PULLUP);
    client.pinMode(4, MODES.OUTPUT);
    client.ports[0] = 0;
    sent.length = 0;
    client.writeDigitalPort(0);
    assert.deepEqual(sent, [[0, 0]]);
  });
});
