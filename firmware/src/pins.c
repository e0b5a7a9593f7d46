/* Pin table and pin operations for the ATmega328P (datasheet §14 I/O ports, §15-18 timers, §24 ADC). */
#include <avr/io.h>
#include "board.h"

/* Where each header pin sits: 0 = PORTD, 1 = PORTB, 2 = PORTC. */
static uint8_t port_of(uint8_t pin) { return pin < 8 ? 0 : (pin < 14 ? 1 : 2); }
static uint8_t bit_of(uint8_t pin) { return (uint8_t)(1u << (pin < 8 ? pin : (pin < 14 ? pin - 8 : pin - 14))); }

static volatile uint8_t *ddr_of(uint8_t pin) { static volatile uint8_t *const r[3] = { &DDRD, &DDRB, &DDRC }; return r[port_of(pin)]; }
static volatile uint8_t *port_reg_of(uint8_t pin) { static volatile uint8_t *const r[3] = { &PORTD, &PORTB, &PORTC }; return r[port_of(pin)]; }
static volatile uint8_t *pin_reg_of(uint8_t pin) { static volatile uint8_t *const r[3] = { &PIND, &PINB, &PINC }; return r[port_of(pin)]; }

static uint8_t modes[PIN_COUNT];
static uint8_t states[PIN_COUNT];

uint8_t pin_is_pwm(uint8_t pin) {
  return pin == 3 || pin == 5 || pin == 6 || pin == 9 || pin == 10 || pin == 11;
}

uint8_t pin_supports(uint8_t pin, uint8_t mode) {
  if (pin < 2 || pin >= PIN_COUNT) return 0; /* D0/D1 carry the serial link to the host */
  switch (mode) {
    case MODE_INPUT: case MODE_OUTPUT: case MODE_PULLUP: return 1;
    case MODE_PWM: return pin_is_pwm(pin);
    case MODE_ANALOG: return pin >= FIRST_ANALOG_PIN;
    default: return 0;
  }
}

uint8_t pin_mode(uint8_t pin) { return pin < PIN_COUNT ? modes[pin] : MODE_UNSET; }
uint8_t pin_state(uint8_t pin) { return pin < PIN_COUNT ? states[pin] : 0; }

/* Connects or disconnects the timer's compare output for a PWM pin (COMxx1 bits). */
static void pwm_connect(uint8_t pin, uint8_t on) {
  switch (pin) {
    case 6:  if (on) TCCR0A |= _BV(COM0A1); else TCCR0A &= ~_BV(COM0A1); break;
    case 5:  if (on) TCCR0A |= _BV(COM0B1); else TCCR0A &= ~_BV(COM0B1); break;
    case 9:  if (on) TCCR1A |= _BV(COM1A1); else TCCR1A &= ~_BV(COM1A1); break;
    case 10: if (on) TCCR1A |= _BV(COM1B1); else TCCR1A &= ~_BV(COM1B1); break;
    case 11: if (on) TCCR2A |= _BV(COM2A1); else TCCR2A &= ~_BV(COM2A1); break;
    case 3:  if (on) TCCR2A |= _BV(COM2B1); else TCCR2A &= ~_BV(COM2B1); break;
    default: break;
  }
}

static void set_duty(uint8_t pin, uint8_t duty) {
  switch (pin) {
    case 6: OCR0A = duty; break;
    case 5: OCR0B = duty; break;
    case 9: OCR1A = duty; break;
    case 10: OCR1B = duty; break;
    case 11: OCR2A = duty; break;
    case 3: OCR2B = duty; break;
    default: break;
  }
}

static void drive(uint8_t pin, uint8_t level) {
  if (level) *port_reg_of(pin) |= bit_of(pin);
  else *port_reg_of(pin) &= (uint8_t)~bit_of(pin);
}

void pin_set_mode(uint8_t pin, uint8_t mode) {
  if (!pin_supports(pin, mode)) return;
  uint8_t bit = bit_of(pin);
  if (pin_is_pwm(pin) && mode != MODE_PWM) pwm_connect(pin, 0);
  switch (mode) {
    case MODE_OUTPUT:
      /* The level the pin had as an input's pull-up is not carried over: an output starts LOW. */
      drive(pin, 0);
      *ddr_of(pin) |= bit;
      states[pin] = 0;
      break;
    case MODE_PWM:
      drive(pin, 0);
      *ddr_of(pin) |= bit;
      states[pin] = 0;
      break;
    case MODE_PULLUP:
      *ddr_of(pin) &= (uint8_t)~bit;
      drive(pin, 1);
      states[pin] = 1;
      break;
    default: /* INPUT, ANALOG: high impedance */
      *ddr_of(pin) &= (uint8_t)~bit;
      drive(pin, 0);
      states[pin] = 0;
      break;
  }
  modes[pin] = mode;
}

void pin_write(uint8_t pin, uint8_t level) {
  if (pin < 2 || pin >= PIN_COUNT) return;
  level = level ? 1 : 0;
  switch (modes[pin]) {
    case MODE_OUTPUT: drive(pin, level); states[pin] = level; break;
    case MODE_INPUT: drive(pin, level); states[pin] = level; break; /* pull-up on or off */
    default: break; /* digital writes leave PWM pins (set by analog writes), PULLUP, ANALOG and unset pins alone */
  }
}

void pin_pwm(uint8_t pin, uint8_t duty) {
  if (pin >= PIN_COUNT || modes[pin] != MODE_PWM) return;
  states[pin] = duty;
  /* 0 and 255 as plain levels: fast PWM at OCR = 0 still emits a one-tick spike each period. */
  if (duty == 0 || duty == 255) {
    pwm_connect(pin, 0);
    drive(pin, duty == 255);
  } else {
    set_duty(pin, duty);
    pwm_connect(pin, 1);
  }
}

uint8_t pin_read(uint8_t pin) {
  return (*pin_reg_of(pin) & bit_of(pin)) ? 1 : 0;
}

uint8_t port_input_levels(uint8_t port) {
  uint8_t value = 0;
  for (uint8_t bit = 0; bit < 8; bit++) {
    uint8_t pin = (uint8_t)(port * 8 + bit);
    if (pin >= PIN_COUNT) break;
    if ((modes[pin] == MODE_INPUT || modes[pin] == MODE_PULLUP) && pin_read(pin)) value |= (uint8_t)(1u << bit);
  }
  return value;
}

uint16_t analog_read(uint8_t channel) {
  ADMUX = _BV(REFS0) | (channel & 0x07); /* AVcc reference */
  ADCSRA |= _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {}
  uint8_t low = ADCL; /* ADCL first: reading it locks ADCH until ADCH is read */
  return (uint16_t)(((uint16_t)ADCH << 8) | low);
}

void pins_release_all(void) {
  for (uint8_t pin = 0; pin < PIN_COUNT; pin++) {
    if (pin < 2) { modes[pin] = MODE_UNSET; continue; }
    if (pin_is_pwm(pin)) pwm_connect(pin, 0);
    *ddr_of(pin) &= (uint8_t)~bit_of(pin);
    drive(pin, 0);
    modes[pin] = MODE_UNSET;
    states[pin] = 0;
  }
}

void pins_init(void) {
  /* Timer0: fast PWM, clk/64 — its overflow is also the millisecond clock (clock.c). */
  TCCR0A = _BV(WGM01) | _BV(WGM00);
  TCCR0B = _BV(CS01) | _BV(CS00);
  /* Timer1 (8-bit phase-correct PWM) and timer2 (phase-correct PWM), clk/64: ~490 Hz like an Uno's core. */
  TCCR1A = _BV(WGM10);
  TCCR1B = _BV(CS11) | _BV(CS10);
  TCCR2A = _BV(WGM20);
  TCCR2B = _BV(CS22);
  ADCSRA = _BV(ADEN) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0); /* 125 kHz ADC clock */
  pins_release_all();
}
