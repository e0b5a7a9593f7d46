/**
 * The relay watchdog sysex of our firmware (firmware/README.md "Relay watchdog"): pure encoding and decoding.
 * Every message is START_SYSEX 0x01 <sub> … END_SYSEX; `payload` here is what lies between 0x01 and END_SYSEX.
 */
export const EVC_FIRMWARE_NAME = 'EVCFirmata';
/** In Firmata's user-defined sysex range 0x01–0x0F. */
export const RELAY_WATCHDOG_SYSEX = 0x01;
export const DEFAULT_WATCHDOG_TIMEOUT_MS = 1000;
const NO_PIN = 0x7f;

export const WatchdogSub = { ARM: 0x01, FEED: 0x02, DISARM: 0x03, STATUS: 0x04, TRIPPED: 0x10, SELF_TEST_HANG: 0x7f } as const;

export interface WatchdogSettings {
  readonly relayPin: number;
  /** The relay pin level that opens the contact. */
  readonly safeLevel: 0 | 1;
  /** Lit when the watchdog trips; omit for none. */
  readonly ledPin?: number;
  readonly timeoutMs: number;
}

/** MCUSR bits at boot (ATmega328P datasheet §10.9.1). */
export interface ResetCause {
  readonly powerOn: boolean;
  readonly external: boolean;
  readonly brownOut: boolean;
  readonly watchdog: boolean;
}

export type WatchdogReport =
  | ({ readonly type: 'armed' | 'disarmed' } & WatchdogSettings)
  | { readonly type: 'status'; readonly state: 'disarmed' | 'armed' | 'tripped'; readonly resetCause: ResetCause; readonly trips: number }
  | { readonly type: 'tripped'; readonly relayPin: number; readonly trips: number; readonly msSinceTrip: number };

const checkPin = (pin: number, what: string): void => {
  if (!Number.isInteger(pin) || pin < 0 || pin > 0x7e) throw new RangeError(`${what} ${pin} is not a Firmata pin number (0-126)`);
};

export function encodeArm(settings: WatchdogSettings): Array<number> {
  checkPin(settings.relayPin, 'relay pin');
  if (settings.ledPin !== undefined) checkPin(settings.ledPin, 'LED pin');
  if (!Number.isInteger(settings.timeoutMs) || settings.timeoutMs < 1 || settings.timeoutMs > 0x3fff) {
    throw new RangeError(`watchdog timeout ${settings.timeoutMs} ms is outside 1-16383 ms`);
  }
  return [
    RELAY_WATCHDOG_SYSEX, WatchdogSub.ARM, settings.relayPin, settings.safeLevel, settings.ledPin ?? NO_PIN,
    settings.timeoutMs & 0x7f, (settings.timeoutMs >> 7) & 0x7f,
  ];
}

export const encodeFeed = (): Array<number> => [RELAY_WATCHDOG_SYSEX, WatchdogSub.FEED];
export const encodeDisarm = (): Array<number> => [RELAY_WATCHDOG_SYSEX, WatchdogSub.DISARM];
export const encodeStatusQuery = (): Array<number> => [RELAY_WATCHDOG_SYSEX, WatchdogSub.STATUS];
/** Test and bench only: the firmware stops its main loop so the AVR watchdog must reset it. */
export const encodeSelfTestHang = (): Array<number> => [RELAY_WATCHDOG_SYSEX, WatchdogSub.SELF_TEST_HANG, 0x48, 0x41, 0x4e, 0x47];

const u14 = (low: number | undefined, high: number | undefined): number => ((low ?? 0) & 0x7f) | (((high ?? 0) & 0x7f) << 7);

/** Decodes a report from the board; undefined for anything malformed or unknown (never throws on input). */
export function decodeReport(payload: ReadonlyArray<number>): WatchdogReport | undefined {
  const [sub, ...rest] = payload;
  switch (sub) {
    case WatchdogSub.ARM:
    case WatchdogSub.DISARM: {
      if (rest.length < 5) return undefined;
      const [relayPin, safe, led, low, high] = rest as [number, number, number, number, number];
      return {
        type: sub === WatchdogSub.ARM ? 'armed' : 'disarmed',
        relayPin, safeLevel: safe ? 1 : 0, timeoutMs: u14(low, high),
        ...(led === NO_PIN ? {} : { ledPin: led }),
      };
    }
    case WatchdogSub.STATUS: {
      if (rest.length < 4) return undefined;
      const [state, cause, low, high] = rest as [number, number, number, number];
      const states = ['disarmed', 'armed', 'tripped'] as const;
      if (state > 2) return undefined;
      return {
        type: 'status', state: states[state]!, trips: u14(low, high),
        resetCause: { powerOn: (cause & 1) !== 0, external: (cause & 2) !== 0, brownOut: (cause & 4) !== 0, watchdog: (cause & 8) !== 0 },
      };
    }
    case WatchdogSub.TRIPPED: {
      if (rest.length < 7) return undefined;
      const [relayPin, t0, t1, m0, m1, m2, m3] = rest as [number, number, number, number, number, number, number];
      return { type: 'tripped', relayPin, trips: u14(t0, t1), msSinceTrip: u14(m0, m1) + u14(m2, m3) * 0x4000 };
    }
    default:
      return undefined;
  }
}
