// Firmata protocol 2.x command bytes (https://github.com/firmata/protocol/blob/master/protocol.md).
export const DIGITAL_MESSAGE = 0x90; // 0x90-0x9F, low nibble = port
export const ANALOG_MESSAGE = 0xe0; // 0xE0-0xEF, low nibble = channel/pin
export const REPORT_ANALOG = 0xc0; // 0xC0-0xCF, low nibble = analog channel
export const REPORT_DIGITAL = 0xd0; // 0xD0-0xDF, low nibble = port
export const SET_PIN_MODE = 0xf4;
export const SET_DIGITAL_PIN_VALUE = 0xf5;
export const REPORT_VERSION = 0xf9;
export const SYSTEM_RESET = 0xff;
export const START_SYSEX = 0xf0;
export const END_SYSEX = 0xf7;

// Sysex sub-commands.
export const ANALOG_MAPPING_QUERY = 0x69;
export const ANALOG_MAPPING_RESPONSE = 0x6a;
export const CAPABILITY_QUERY = 0x6b;
export const CAPABILITY_RESPONSE = 0x6c;
export const PIN_STATE_QUERY = 0x6d;
export const PIN_STATE_RESPONSE = 0x6e;
export const EXTENDED_ANALOG = 0x6f;
export const REPORT_FIRMWARE = 0x79;
export const SAMPLING_INTERVAL = 0x7a;

/** Pin modes as Firmata numbers them. */
export const PinMode = {
  INPUT: 0x00,
  OUTPUT: 0x01,
  ANALOG: 0x02,
  PWM: 0x03,
  SERVO: 0x04,
  I2C: 0x06,
  PULLUP: 0x0b,
} as const;

export const NO_ANALOG_CHANNEL = 0x7f;
