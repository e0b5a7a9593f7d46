#ifndef EVC_CLOCK_H
#define EVC_CLOCK_H
#include <stdint.h>
/* Milliseconds since boot, counted from timer0's overflow (set up in pins_init). */
uint32_t millis(void);
void clock_init(void);
#endif
