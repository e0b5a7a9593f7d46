/* The ATmega328P as an Arduino Uno/Nano names its header pins: D0-D13, then A0-A5 as pins 14-19. */
#ifndef EVC_BOARD_H
#define EVC_BOARD_H

#include <stdint.h>

#define PIN_COUNT 20
#define ANALOG_CHANNELS 6
#define FIRST_ANALOG_PIN 14
#define NO_PIN 0x7F

/* Firmata pin modes (protocol.md, "set pin mode"): the subset this firmware implements. */
#define MODE_INPUT 0x00
#define MODE_OUTPUT 0x01
#define MODE_ANALOG 0x02
#define MODE_PWM 0x03
#define MODE_PULLUP 0x0B
#define MODE_UNSET 0x7F /* after reset: high-impedance input, never driven */

void pins_init(void);
uint8_t pin_supports(uint8_t pin, uint8_t mode);
uint8_t pin_is_pwm(uint8_t pin);
uint8_t pin_mode(uint8_t pin);
/* The state Firmata's pin state response carries: output level / PWM duty, or pull-up on an input. */
uint8_t pin_state(uint8_t pin);
void pin_set_mode(uint8_t pin, uint8_t mode);
/* Output pins take the level; input pins take it as their pull-up (how Firmata 2.3 hosts ask for one). */
void pin_write(uint8_t pin, uint8_t level);
void pin_pwm(uint8_t pin, uint8_t duty);
uint8_t pin_read(uint8_t pin);
/* Bits of Firmata port `port` (pins port*8..port*8+7) that are inputs, and their levels. */
uint8_t port_input_levels(uint8_t port);
uint16_t analog_read(uint8_t channel);
/* Every pin back to its reset state: input, no pull-up, PWM off. */
void pins_release_all(void);

#endif
