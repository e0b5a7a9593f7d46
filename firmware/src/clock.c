/* Timer0 overflows every 64 * 256 / 16 MHz = 1.024 ms; the 0.024 ms remainder is carried in eighths. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>
#include "clock.h"

static volatile uint32_t milliseconds;
static volatile uint8_t fraction; /* in units of 8 µs; 125 make a millisecond */

ISR(TIMER0_OVF_vect) {
  uint32_t ms = milliseconds + 1;
  uint8_t f = (uint8_t)(fraction + 3);
  if (f >= 125) { f = (uint8_t)(f - 125); ms++; }
  fraction = f;
  milliseconds = ms;
}

void clock_init(void) { TIMSK0 = _BV(TOIE0); }

uint32_t millis(void) {
  uint32_t ms;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { ms = milliseconds; }
  return ms;
}
