/* The Firmata messages this firmware speaks (firmata/protocol protocol.md, version 2.5). */
#ifndef EVC_FIRMATA_H
#define EVC_FIRMATA_H
#include <stdint.h>

#define PROTOCOL_MAJOR 2
#define PROTOCOL_MINOR 5
#define FIRMWARE_MAJOR 1
#define FIRMWARE_MINOR 0
#define FIRMWARE_NAME "EVCFirmata"

#define DIGITAL_MESSAGE 0x90       /* | port: LSB(bits 0-6), MSB(bit 7) */
#define ANALOG_MESSAGE 0xE0        /* | pin/channel: LSB, MSB */
#define REPORT_ANALOG 0xC0         /* | channel: 0/1 */
#define REPORT_DIGITAL 0xD0        /* | port: 0/1 */
#define START_SYSEX 0xF0
#define SET_PIN_MODE 0xF4
#define SET_DIGITAL_PIN_VALUE 0xF5
#define END_SYSEX 0xF7
#define REPORT_VERSION 0xF9
#define SYSTEM_RESET 0xFF

#define ANALOG_MAPPING_QUERY 0x69
#define ANALOG_MAPPING_RESPONSE 0x6A
#define CAPABILITY_QUERY 0x6B
#define CAPABILITY_RESPONSE 0x6C
#define PIN_STATE_QUERY 0x6D
#define PIN_STATE_RESPONSE 0x6E
#define EXTENDED_ANALOG 0x6F
#define REPORT_FIRMWARE 0x79
#define SAMPLING_INTERVAL 0x7A

void firmata_init(void);
/* Feeds one byte from the host into the parser (and dispatches a complete message). */
void firmata_receive(uint8_t byte);
/* Sends changed digital ports and, every sampling interval, the analog channels being reported. */
void firmata_report(uint32_t now_ms);
void firmata_send_version(void);
void firmata_send_firmware(void);
void send_sysex_start(uint8_t command);
void send_sysex_end(void);
/* A value of up to 14 bits as two 7-bit bytes, LSB first. */
void send_14bit(uint16_t value);
#endif
