/* Relay watchdog (firmware/README.md "Relay watchdog"): the host arms it, every byte from the host feeds it. */
#include <avr/interrupt.h>
#include "board.h"
#include "clock.h"
#include "firmata.h"
#include "host_watchdog.h"
#include "serial.h"

enum { DISARMED = 0, ARMED = 1, TRIPPED = 2 };

static uint8_t state;
static uint8_t relay_pin = NO_PIN;
static uint8_t safe_level;
static uint8_t led_pin = NO_PIN;
static uint16_t timeout_ms = DEFAULT_TIMEOUT_MS;
static uint32_t last_heard_ms;
static uint32_t tripped_at_ms;
static uint16_t trips;
static uint8_t reset_cause;

void host_watchdog_init(uint8_t cause) {
  reset_cause = cause;
  state = DISARMED;
}

static void send_armed(uint8_t sub) {
  send_sysex_start(HOST_WATCHDOG_SYSEX);
  serial_write(sub);
  serial_write(relay_pin);
  serial_write(safe_level);
  serial_write(led_pin);
  send_14bit(timeout_ms);
  send_sysex_end();
}

static void send_status(void) {
  send_sysex_start(HOST_WATCHDOG_SYSEX);
  serial_write(WATCHDOG_STATUS);
  serial_write(state);
  serial_write(reset_cause & 0x0F); /* MCUSR at boot: 1 power-on, 2 external (DTR), 4 brown-out, 8 watchdog */
  send_14bit(trips);
  send_sysex_end();
}

static void send_tripped(uint32_t now_ms) {
  uint32_t since = now_ms - tripped_at_ms;
  send_sysex_start(HOST_WATCHDOG_SYSEX);
  serial_write(WATCHDOG_TRIPPED);
  serial_write(relay_pin);
  send_14bit(trips);
  send_14bit((uint16_t)(since & 0x3FFF));
  send_14bit((uint16_t)((since >> 14) & 0x3FFF));
  send_sysex_end();
}

void host_watchdog_feed(uint32_t now_ms) {
  last_heard_ms = now_ms;
  if (state == TRIPPED) {
    state = ARMED;
    send_tripped(now_ms);
  }
}

void host_watchdog_check(uint32_t now_ms) {
  if (state != ARMED || (uint32_t)(now_ms - last_heard_ms) < timeout_ms) return;
  /* The host is gone: open the contactor and show the fault until it returns (DESIGN §2). */
  pin_set_mode(relay_pin, MODE_OUTPUT);
  pin_write(relay_pin, safe_level);
  if (led_pin != NO_PIN) {
    pin_set_mode(led_pin, MODE_OUTPUT);
    pin_write(led_pin, 1);
  }
  state = TRIPPED;
  tripped_at_ms = now_ms;
  trips++;
}

void host_watchdog_disarm(void) { state = DISARMED; }

void host_watchdog_sysex(const uint8_t *payload, uint8_t length) {
  if (length < 1) return;
  switch (payload[0]) {
    case WATCHDOG_ARM: {
      if (length < 4 || !pin_supports(payload[1], MODE_OUTPUT)) return; /* no relay pin we can drive: not armed */
      relay_pin = payload[1];
      safe_level = payload[2] ? 1 : 0;
      led_pin = pin_supports(payload[3], MODE_OUTPUT) ? payload[3] : NO_PIN;
      uint16_t ms = length >= 6 ? (uint16_t)(payload[4] | ((uint16_t)payload[5] << 7)) : 0;
      timeout_ms = ms == 0 ? DEFAULT_TIMEOUT_MS : ms;
      last_heard_ms = millis();
      state = ARMED;
      send_armed(WATCHDOG_ARM);
      break;
    }
    case WATCHDOG_FEED: break; /* the byte already fed it */
    case WATCHDOG_DISARM: state = DISARMED; send_armed(WATCHDOG_DISARM); break;
    case WATCHDOG_STATUS: send_status(); break;
    case WATCHDOG_SELF_TEST_HANG:
      /* Proves the AVR watchdog on the bench: stop the main loop for good; the WDT resets the chip. Needs "HANG". */
      if (length == 5 && payload[1] == 'H' && payload[2] == 'A' && payload[3] == 'N' && payload[4] == 'G') {
        for (;;) {}
      }
      break;
    default: break;
  }
}
