import {
  AVRADC,
  AVRClock,
  AVRIOPort,
  AVRTimer,
  AVRUSART,
  AVRWatchdog,
  CPU,
  adcConfig,
  clockConfig,
  avrInstruction,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  usart0Config,
  watchdogConfig,
} from 'avr8js';

export const ATMEGA328P_FLASH_BYTES = 0x8000;
/** An Uno's crystal. */
export const UNO_CLOCK_HZ = 16_000_000;

export type PortName = 'B' | 'C' | 'D';

/** Stack pointer, MCU status (reset flags), watchdog control, USART data: kept or handled apart on a reset. */
const SPL = 0x5d;
const SPH = 0x5e;
const SREG = 0x5f;
const MCUSR = 0x54;
const WDTCSR = 0x60;
const UDR0 = 0xc6;
/** MCUSR's external-reset flag: the Uno's RESET line, pulled by DTR when the USB port opens. */
export const MCUSR_EXTRF = 0x02;
const MCUSR_PORF = 0x01;

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
  readonly #watchdog: AVRWatchdog;

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
    this.#watchdog = new AVRWatchdog(this.cpu, watchdogConfig, new AVRClock(this.cpu, clockHz, clockConfig));
    // avr8js's reset (the watchdog's, and ours below) restarts the core only; a real reset also returns every I/O
    // register to its initial value — every pin an input without pull-up — which is what makes a reset safe.
    this.cpu.data[MCUSR] = MCUSR_PORF;
    const resetCore = this.cpu.reset.bind(this.cpu);
    this.cpu.reset = () => {
      resetCore();
      this.#resetIo();
    };
  }

  /** The RESET line (DTR, the button): the program restarts with every I/O register at its initial value. */
  reset(): void {
    this.cpu.reset();
    this.cpu.data[MCUSR] |= MCUSR_EXTRF;
  }

  /** Replaces the program in flash (a bootloader's upload) and resets. */
  load(flash: Uint8Array): void {
    if (flash.length !== ATMEGA328P_FLASH_BYTES) throw new RangeError(`an ATmega328P has ${ATMEGA328P_FLASH_BYTES} bytes of flash, got ${flash.length}`);
    this.cpu.progBytes.set(flash);
    this.reset();
  }

  /** Reads the program in flash (what a bootloader's READ_PAGE returns). */
  readFlash(address: number, length: number): Uint8Array {
    return this.cpu.progBytes.slice(address, address + length);
  }

  #resetIo(): void {
    const { cpu } = this;
    // Through the peripherals' hooks first, so timers stop driving pins and ports release them, then raw zeros.
    const hooked = [0x44, 0x45, 0x47, 0x48, 0x6e, 0x80, 0x81, 0x88, 0x89, 0x8a, 0x8b, 0x6f, 0xb0, 0xb1, 0xb3, 0xb4, 0x70, 0x7a, 0xc1];
    for (const address of hooked) cpu.writeData(address, 0);
    for (const port of Object.values(this.ports)) {
      cpu.writeData(port.portConfig.DDR, 0);
      cpu.writeData(port.portConfig.PORT, 0);
    }
    for (let address = 0x20; address < 0x100; address++) {
      if (address !== SPL && address !== SPH && address !== MCUSR && address !== WDTCSR && address !== UDR0) cpu.data[address] = 0;
    }
    cpu.data[SREG] = 0;
    for (const timer of this.#timers) timer.reset();
    this.usart.reset();
    // The core reset dropped every pending clock event, the watchdog's own check among them: start its period
    // afresh and put the check back, or a watchdog enabled after this reset would never bite.
    this.#watchdog.resetWatchdog();
    this.#watchdog.checkWatchdog();
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
