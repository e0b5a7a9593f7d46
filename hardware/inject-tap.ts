import type five from 'johnny-five';
import type { PinId } from '../wiring/index.ts';
import type { PinLevel } from './board.ts';

/**
 * A tap on a real board, where no finger is at hand: the pressed reading, then the idle one, handed to the IO
 * exactly as its own reports are (`digital-read-N`), so the button and everything behind it take the usual path.
 */
export function injectTap(j5: five.Board, pin: PinId, pressedLevel: PinLevel): Promise<void> {
  // raspi-io names its read events by the normalised pin number ('GPIO17' → 0 … ); Firmata by the pin itself.
  const io = j5.io as { normalize?: (pin: PinId) => PinId; emit(event: string, value: number): void };
  const event = `digital-read-${typeof io.normalize === 'function' ? io.normalize(pin) : pin}`;
  io.emit(event, pressedLevel);
  io.emit(event, pressedLevel === 0 ? 1 : 0);
  return Promise.resolve();
}
