/* The relay watchdog: host silent for the timeout → relay to its safe level, red LED on (firmware/README.md). */
#ifndef EVC_HOST_WATCHDOG_H
#define EVC_HOST_WATCHDOG_H
#include <stdint.h>

#define HOST_WATCHDOG_SYSEX 0x01 /* in Firmata's user-defined sysex range 0x01-0x0F */
#define WATCHDOG_ARM 0x01
#define WATCHDOG_FEED 0x02
#define WATCHDOG_DISARM 0x03
#define WATCHDOG_STATUS 0x04
#define WATCHDOG_TRIPPED 0x10
#define WATCHDOG_SELF_TEST_HANG 0x7F
#define DEFAULT_TIMEOUT_MS 1000

void host_watchdog_init(uint8_t reset_cause);
/* Every byte from the host: the host is alive. Reports a trip the host has not yet heard of. */
void host_watchdog_feed(uint32_t now_ms);
void host_watchdog_check(uint32_t now_ms);
void host_watchdog_disarm(void);
void host_watchdog_sysex(const uint8_t *payload, uint8_t length);
#endif
