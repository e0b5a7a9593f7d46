import type firmataIo from 'firmata-io';

type FirmataClient = InstanceType<typeof firmataIo.Firmata>;

/**
 * Keeps input pull-ups on across whole-port writes.
 *
 * firmata-io copies every reported input level into its cached port value, and a digital
 * write sends the whole cached port (DIGITAL_MESSAGE). So while a button to GND is held, an
 * LED written on the same port sends that button's 0 back to the board — and StandardFirmata
 * up to 2.4 writes the port register of INPUT pins too, which turns the pull-up off: the pin
 * then reads LOW for ever and every later press is lost. Input pins are therefore sent as the
 * level the host last wrote to them (1 = pull-up on, how johnny-five's Button asks for one),
 * never as the level the board last reported.
 */
export function keepPullUpsOnPortWrites(io: FirmataClient): void {
  const intent = new Map<number, 0 | 1>();
  const isInput = (pin: number): boolean => {
    const mode = io.pins[pin]?.mode;
    return mode === io.MODES.INPUT || mode === io.MODES.PULLUP;
  };

  const pinMode = io.pinMode.bind(io);
  io.pinMode = (pin: number, mode: number): void => {
    if (mode === io.MODES.PULLUP) intent.set(pin, 1);
    else intent.delete(pin);
    pinMode(pin, mode);
  };

  const digitalWrite = io.digitalWrite.bind(io);
  io.digitalWrite = (pin: number, value: 0 | 1, enqueue?: boolean): void => {
    if (isInput(pin)) intent.set(pin, value ? 1 : 0);
    digitalWrite(pin, value, enqueue);
  };

  const writeDigitalPort = io.writeDigitalPort.bind(io);
  io.writeDigitalPort = (port: number): void => {
    const cached = io.ports[port]!;
    let sent = cached;
    for (const [pin, level] of intent) {
      if (pin >> 3 !== port || !isInput(pin)) continue;
      const bit = 1 << (pin & 7);
      sent = level ? sent | bit : sent & ~bit;
    }
    io.ports[port] = sent;
    try {
      writeDigitalPort(port);
    } finally {
      io.ports[port] = cached; // firmata-io's own reading of the port stays as it was
    }
  };
}
