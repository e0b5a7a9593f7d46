/* EVCFirmata: a Firmata 2.5 subset for the ATmega328P (Uno, Nano) with a relay watchdog. See ../README.md. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/wdt.h>
#include "board.h"
#include "clock.h"
#include "firmata.h"
#include "host_watchdog.h"
#include "serial.h"

/* Left alone by the C start-up code, so what the reset said survives until main reads it. */
static uint8_t reset_flags __attribute__((section(".noinit")));

/*
 * Runs before .data/.bss are set up (avr-libc <avr/wdt.h>): after a watchdog reset the WDT stays on at its
 * shortest period, so it is turned off before anything slow happens. Every I/O register is at its reset value
 * here — every pin an input without pull-up, so the relay is released (firmware/README.md "Safe state").
 */
void early_init(void) __attribute__((naked, used, section(".init3")));
void early_init(void) {
  reset_flags = MCUSR;
  MCUSR = 0;
  wdt_disable();
}

int main(void) {
  pins_init();
  clock_init();
  serial_init();
  firmata_init();
  host_watchdog_init(reset_flags);
  sei();
  firmata_send_version();
  firmata_send_firmware();
  /* A firmware that stops going round this loop is reset within 250 ms; the reset releases every pin. */
  wdt_enable(WDTO_250MS);
  for (;;) {
    wdt_reset();
    uint32_t now = millis();
    for (uint8_t budget = 64; budget > 0; budget--) {
      int16_t byte = serial_read();
      if (byte < 0) break;
      host_watchdog_feed(now);
      firmata_receive((uint8_t)byte);
    }
    firmata_report(now);
    host_watchdog_check(millis());
  }
}
