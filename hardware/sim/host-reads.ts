import type { EventEmitter } from 'node:events';
import type { Bit } from './firmata-device.ts';

/** Resolves once the host has read `pin` at `level`, or after a deadline if it never looks. */
export type HostReadWatcher = (pin: number, level: Bit) => Promise<void>;

/**
 * Watches the host's Firmata client (firmata-io emits `digital-read-N` for every report it parses),
 * so a simulated finger can hold a button for as long as the host, not the wall clock, needs.
 */
export function firmataHostReads(io: EventEmitter, deadlineMs = 1000): HostReadWatcher {
  return (pin, level) =>
    new Promise<void>((resolve) => {
      const event = `digital-read-${pin}`;
      const done = (): void => {
        clearTimeout(timer);
        io.off(event, onRead);
        resolve();
      };
      const onRead = (value: number): void => {
        if (value === level) done();
      };
      const timer = setTimeout(done, deadlineMs);
      io.on(event, onRead);
    });
}
