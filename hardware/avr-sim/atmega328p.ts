import {
  AVRADC,
  AVRIOPort,
  AVRTimer,
  AVRUSART,
  CPU,
  adcConfig,
  avrInstruction,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  usart0Config,
} from 'avr8js';

export const ATMEGA328P_FLASH_BYTES = 0x8000;
/** An Uno's crystal. */
export const UNO_CLOCK_HZ = 16_000_000;

export type PortName = 'B' | 'C' | 'D';

/**
 * The ATmega328P of an Arduino Uno, simulated by avr8js: CPU, the three timers Arduino's core uses (millis() on
 * timer0, PWM on all three), USART0 (the USB serial link), the ADC (analogRead would spin forever without it)
 * and ports B, C, D. No I/O and no timers of its own: `runUntil` executes instructions; the caller paces it.
 */
export class Atmega328p {
  readonly clockHz: number;
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly ports: Readonly<Record<PortName, AVRIOPort>>;
  /** Held so the peripherals live as long as the chip (their hooks sit on the CPU). */
  readonly #timers: ReadonlyArray<AVRTimer>;
  readonly #adc: AVRADC;

  constructor(flash: Uint8Array, clockHz = UNO_CLOCK_HZ) {
    if (flash.length !== ATMEGA328P_FLASH_BYTES) throw new RangeError(`an ATmega328P has ${ATMEGA328P_FLASH_BYTES} bytes of flash, got ${flash.length}`);
    this.clockHz = clockHz;
    // avr8js reads program memory as 16-bit words; copy so the caller's image is never aliased.
    this.cpu = new CPU(new Uint16Array(flash.slice().buffer));
    this.#timers = [timer0Config, timer1Config, timer2Config].map((config) => new AVRTimer(this.cpu, config));
    this.usart = new AVRUSART(this.cpu, usart0Config, clockHz);
    this.#adc = new AVRADC(this.cpu, adcConfig);
    this.ports = {
      B: new AVRIOPort(this.cpu, portBConfig),
      C: new AVRIOPort(this.cpu, portCConfig),
      D: new AVRIOPort(this.cpu, portDConfig),
    };
  }

  get cycles(): number {
    return this.cpu.cycles;
  }

  /** Simulated time since power-on. */
  get simulatedMs(): number {
    return (this.cpu.cycles * 1000) / this.clockHz;
  }

  /** The ADC, for setting analog input voltages (channelValues, in volts). */
  get adc(): AVRADC {
    return this.#adc;
  }

  /** Executes instructions (and the peripherals' clock events) until `cycle` is reached. */
  runUntil(cycle: number): void {
    const { cpu } = this;
    while (cpu.cycles < cycle) {
      avrInstruction(cpu);
      cpu.tick();
    }
  }
}
