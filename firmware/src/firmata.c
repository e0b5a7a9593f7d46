/* Firmata message parser, handlers and input reporting; written from firmata/protocol protocol.md. */
#include <string.h>
#include "board.h"
#include "firmata.h"
#include "host_watchdog.h"
#include "serial.h"

#define SYSEX_MAX 32
#define PORT_COUNT ((PIN_COUNT + 7) / 8)
#define DEFAULT_SAMPLING_MS 19

static uint8_t command;       /* status byte of the MIDI-style message being read, 0 = none */
static uint8_t data[2];
static uint8_t data_count;
static uint8_t sysex[SYSEX_MAX];
static uint8_t sysex_length;
static uint8_t in_sysex;
static uint8_t sysex_overflow;

static uint8_t report_ports;     /* bit per port */
static uint8_t report_channels;  /* bit per analog channel */
static uint8_t last_port_value[PORT_COUNT];
static uint8_t port_sent[PORT_COUNT];
static uint16_t sampling_ms = DEFAULT_SAMPLING_MS;
static uint32_t last_sample_ms;

void send_14bit(uint16_t value) {
  serial_write(value & 0x7F);
  serial_write((value >> 7) & 0x7F);
}

void send_sysex_start(uint8_t cmd) {
  serial_write(START_SYSEX);
  serial_write(cmd);
}

void send_sysex_end(void) { serial_write(END_SYSEX); }

void firmata_send_version(void) {
  serial_write(REPORT_VERSION);
  serial_write(PROTOCOL_MAJOR);
  serial_write(PROTOCOL_MINOR);
}

void firmata_send_firmware(void) {
  send_sysex_start(REPORT_FIRMWARE);
  serial_write(FIRMWARE_MAJOR);
  serial_write(FIRMWARE_MINOR);
  for (const char *c = FIRMWARE_NAME; *c; c++) send_14bit((uint8_t)*c);
  send_sysex_end();
}

static void send_port(uint8_t port, uint8_t value) {
  serial_write(DIGITAL_MESSAGE | port);
  serial_write(value & 0x7F);
  serial_write(value >> 7);
  last_port_value[port] = value;
  port_sent[port] = 1;
}

static void send_capabilities(void) {
  static const uint8_t modes[] = { MODE_INPUT, MODE_PULLUP, MODE_OUTPUT, MODE_PWM, MODE_ANALOG };
  static const uint8_t resolution[] = { 1, 1, 1, 8, 10 };
  send_sysex_start(CAPABILITY_RESPONSE);
  for (uint8_t pin = 0; pin < PIN_COUNT; pin++) {
    for (uint8_t i = 0; i < sizeof modes; i++) {
      if (!pin_supports(pin, modes[i])) continue;
      serial_write(modes[i]);
      serial_write(resolution[i]);
    }
    serial_write(0x7F);
  }
  send_sysex_end();
}

static void send_analog_mapping(void) {
  send_sysex_start(ANALOG_MAPPING_RESPONSE);
  for (uint8_t pin = 0; pin < PIN_COUNT; pin++) serial_write(pin >= FIRST_ANALOG_PIN ? pin - FIRST_ANALOG_PIN : 0x7F);
  send_sysex_end();
}

static void send_pin_state(uint8_t pin) {
  send_sysex_start(PIN_STATE_RESPONSE);
  serial_write(pin);
  if (pin < PIN_COUNT) {
    uint8_t mode = pin_mode(pin);
    serial_write(mode == MODE_UNSET ? MODE_INPUT : mode);
    uint8_t state = pin_state(pin);
    serial_write(state & 0x7F);
    if (state > 0x7F) serial_write(state >> 7);
  }
  send_sysex_end();
}

static void write_port(uint8_t port, uint8_t value) {
  for (uint8_t bit = 0; bit < 8; bit++) {
    uint8_t pin = (uint8_t)(port * 8 + bit);
    if (pin >= PIN_COUNT) break;
    pin_write(pin, (value >> bit) & 1);
  }
}

static void reset_reporting(void) {
  report_ports = 0;
  report_channels = 0;
  memset(port_sent, 0, sizeof port_sent);
  sampling_ms = DEFAULT_SAMPLING_MS;
}

static void handle_sysex(void) {
  if (sysex_length == 0 || sysex_overflow) return;
  const uint8_t *payload = sysex + 1;
  uint8_t length = (uint8_t)(sysex_length - 1);
  switch (sysex[0]) {
    case REPORT_FIRMWARE: firmata_send_firmware(); break;
    case CAPABILITY_QUERY: send_capabilities(); break;
    case ANALOG_MAPPING_QUERY: send_analog_mapping(); break;
    case PIN_STATE_QUERY: if (length >= 1) send_pin_state(payload[0]); break;
    case SAMPLING_INTERVAL:
      if (length >= 2) {
        uint16_t ms = (uint16_t)(payload[0] | ((uint16_t)payload[1] << 7));
        sampling_ms = ms < 1 ? 1 : ms;
      }
      break;
    case EXTENDED_ANALOG:
      if (length >= 2) {
        uint16_t value = payload[1];
        if (length >= 3) value |= (uint16_t)payload[2] << 7;
        pin_pwm(payload[0], value > 255 ? 255 : (uint8_t)value);
      }
      break;
    case HOST_WATCHDOG_SYSEX: host_watchdog_sysex(payload, length); break;
    default: break; /* unknown sysex: ignored, as the protocol allows */
  }
}

static void handle_message(void) {
  uint8_t channel = command & 0x0F;
  switch (command & 0xF0) {
    case DIGITAL_MESSAGE: write_port(channel, (uint8_t)(data[0] | (data[1] << 7))); return;
    case ANALOG_MESSAGE: pin_pwm(channel, (uint8_t)((data[0] | (data[1] << 7)) > 255 ? 255 : (data[0] | (data[1] << 7)))); return;
    case REPORT_ANALOG:
      if (channel < ANALOG_CHANNELS) {
        if (data[0]) report_channels |= (uint8_t)(1u << channel);
        else report_channels &= (uint8_t)~(1u << channel);
      }
      return;
    case REPORT_DIGITAL:
      if (channel < PORT_COUNT) {
        if (data[0]) {
          report_ports |= (uint8_t)(1u << channel);
          send_port(channel, port_input_levels(channel)); /* the current levels at once */
        } else {
          report_ports &= (uint8_t)~(1u << channel);
        }
      }
      return;
    default: break;
  }
  if (command == SET_PIN_MODE) pin_set_mode(data[0], data[1]);
  else if (command == SET_DIGITAL_PIN_VALUE) pin_write(data[0], data[1]);
}

/* How many data bytes follow a status byte; 0xFF = not a message we take. */
static uint8_t data_bytes_for(uint8_t status) {
  switch (status & 0xF0) {
    case DIGITAL_MESSAGE: case ANALOG_MESSAGE: return 2;
    case REPORT_ANALOG: case REPORT_DIGITAL: return 1;
    default: break;
  }
  if (status == SET_PIN_MODE || status == SET_DIGITAL_PIN_VALUE) return 2;
  return 0xFF;
}

void firmata_receive(uint8_t byte) {
  if (in_sysex) {
    if (byte == END_SYSEX) {
      in_sysex = 0;
      handle_sysex();
    } else if (byte & 0x80) {
      in_sysex = 0; /* a status byte inside a sysex: the sysex was cut short, start over */
      firmata_receive(byte);
    } else if (sysex_length < SYSEX_MAX) {
      sysex[sysex_length++] = byte;
    } else {
      sysex_overflow = 1;
    }
    return;
  }
  if (byte & 0x80) {
    command = 0;
    switch (byte) {
      case START_SYSEX: in_sysex = 1; sysex_length = 0; sysex_overflow = 0; return;
      case REPORT_VERSION: firmata_send_version(); return;
      case SYSTEM_RESET:
        pins_release_all();
        reset_reporting();
        host_watchdog_disarm();
        return;
      default: break;
    }
    if (data_bytes_for(byte) != 0xFF) { command = byte; data_count = 0; }
    return;
  }
  if (!command) return; /* data byte with no message: skipped */
  data[data_count++] = byte;
  if (data_count == data_bytes_for(command)) {
    handle_message();
    data_count = 0; /* running status: more data for the same command may follow */
  }
}

void firmata_report(uint32_t now_ms) {
  for (uint8_t port = 0; port < PORT_COUNT; port++) {
    if (!(report_ports & (1u << port))) continue;
    uint8_t value = port_input_levels(port);
    if (!port_sent[port] || value != last_port_value[port]) send_port(port, value);
  }
  if (report_channels && (uint32_t)(now_ms - last_sample_ms) >= sampling_ms) {
    last_sample_ms = now_ms;
    for (uint8_t channel = 0; channel < ANALOG_CHANNELS; channel++) {
      if (!(report_channels & (1u << channel))) continue;
      uint16_t value = analog_read(channel);
      serial_write(ANALOG_MESSAGE | channel);
      send_14bit(value);
    }
  }
}

void firmata_init(void) {
  reset_reporting();
  command = 0;
  in_sysex = 0;
}
