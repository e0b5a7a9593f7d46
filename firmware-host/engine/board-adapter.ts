import type { Board, ChargePointHardware } from '../../hardware/index.ts';
import type { LedPattern } from './core/led-patterns.ts';
import type { EngineEvent } from './core/state-machine.ts';
import type { EngineOutputs } from './engine.ts';

/**
 * The only place the Engine touches the charging point's components: state → LEDs and
 * relay, buttons → events. Everything is synchronous, so a KO press opens the relay in
 * the very callback johnny-five reports the press in (DESIGN §2).
 */
export class BoardAdapter implements EngineOutputs {
  readonly #board: Board;
  readonly #hardware: ChargePointHardware;

  constructor(board: Board, hardware: ChargePointHardware) {
    this.#board = board;
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

  /**
   * The keyboard's KO key: on a sim board a finger taps the real pin, so the pins (and
   * GET /outputs) tell the same story as a button press; on real hardware the component toggles.
   */
  async toggleKo(): Promise<void> {
    if (this.#board.sim) return this.#board.sim.tapButton('ko');
    const ko = this.#hardware.koButton;
    if (ko.isFaulted) ko.clearFault();
    else ko.raiseFault();
  }

  /** The keyboard's plug key, same path as toggleKo. */
  async togglePlug(): Promise<void> {
    if (this.#board.sim) return this.#board.sim.tapButton('plug');
    const plug = this.#hardware.plugButton;
    if (plug.isPlugged) plug.unplug();
    else plug.plug();
  }
}
