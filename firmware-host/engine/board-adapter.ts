import type { ChargePointHardware } from '../../hardware/index.ts';
import type { LedPattern } from './core/led-patterns.ts';
import type { EngineEvent } from './core/state-machine.ts';
import type { EngineOutputs } from './engine.ts';

/**
 * The only place the Engine touches the charging point's components: state → LEDs and
 * relay, buttons → events. Everything is synchronous, so a KO press opens the relay in
 * the very callback johnny-five reports the press in (DESIGN §2).
 */
export class BoardAdapter implements EngineOutputs {
  readonly #hardware: ChargePointHardware;

  constructor(hardware: ChargePointHardware) {
    this.#hardware = hardware;
  }

  setRelay(closed: boolean): void {
    if (closed) this.#hardware.relay.close();
    else this.#hardware.relay.open();
  }

  showLeds(pattern: LedPattern): void {
    this.#hardware.leds.show(pattern);
  }

  get relayClosed(): boolean {
    return this.#hardware.relay.isClosed;
  }

  /** Feeds button changes to `dispatch`; returns a function that stops it. */
  connectInputs(dispatch: (event: EngineEvent) => void): () => void {
    const { koButton, plugButton } = this.#hardware;
    const raised = (): void => dispatch({ type: 'ko-raised' });
    const cleared = (): void => dispatch({ type: 'ko-cleared' });
    const plugged = (): void => dispatch({ type: 'plug' });
    const unplugged = (): void => dispatch({ type: 'unplug' });
    koButton.on('fault-raised', raised);
    koButton.on('fault-cleared', cleared);
    plugButton.on('plugged', plugged);
    plugButton.on('unplugged', unplugged);
    return () => {
      koButton.off('fault-raised', raised);
      koButton.off('fault-cleared', cleared);
      plugButton.off('plugged', plugged);
      plugButton.off('unplugged', unplugged);
    };
  }

  /** The keyboard's KO key: one tap of the button, however this board can give one (Board.tapInput). */
  toggleKo(): Promise<void> {
    return this.#hardware.koButton.tap();
  }

  /** The keyboard's plug key, same path as toggleKo. */
  togglePlug(): Promise<void> {
    return this.#hardware.plugButton.tap();
  }
}
