// The part of firmata-io (the Firmata client under johnny-five's default IO) this project uses.
declare module 'firmata-io' {
  import { EventEmitter } from 'node:events';

  namespace bindTransport {
    interface FirmataPin {
      supportedModes: Array<number>;
      mode?: number;
      value: number;
      report: number;
      analogChannel: number;
    }
    interface FirmataOptions {
      reportVersionTimeout?: number;
      samplingInterval?: number;
      skipCapabilities?: boolean;
    }
    class Firmata extends EventEmitter {
      /** Sysex reply handlers by command byte, shared by every client in the process. */
      static SYSEX_RESPONSE: Record<number, ((board: Firmata) => void) | undefined>;
      constructor(transport: object, options?: FirmataOptions, callback?: (error?: Error) => void);
      isReady: boolean;
      pins: Array<FirmataPin>;
      analogPins: Array<number>;
      firmware: { name: string; version: { major: number; minor: number } };
      version: { major: number; minor: number };
      pending: number;
      /** The message being parsed; a sysex handler sees the whole of it, START_SYSEX to END_SYSEX. */
      buffer: Array<number>;
      transport: EventEmitter & { write(data: Buffer, callback?: (error?: Error | null) => void): boolean };
      sysexCommand(message: Array<number>): this;
      reportVersionTimeoutId: ReturnType<typeof setTimeout>;
      readonly MODES: Record<string, number>;
      ports: Array<number>;
      digitalWrite(pin: number, value: 0 | 1, enqueue?: boolean): void;
      pinMode(pin: number, mode: number): void;
      writeDigitalPort(port: number): void;
    }
  }
  function bindTransport(transport: unknown): typeof bindTransport.Firmata;
  export = bindTransport;
}
