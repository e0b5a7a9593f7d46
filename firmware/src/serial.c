/* USART0 (datasheet §20): received bytes land in a ring buffer from the RX interrupt; sends wait for UDRE. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include "serial.h"

#define BAUD_DIVISOR 34 /* U2X on, 16 MHz: 16e6 / (8 * (34 + 1)) = 57143 baud, -0.8% from 57600 */
#define RX_SIZE 128     /* power of two: the index wraps with a mask */

static volatile uint8_t rx[RX_SIZE];
static volatile uint8_t rx_head;
static uint8_t rx_tail;

ISR(USART_RX_vect) {
  uint8_t byte = UDR0;
  uint8_t next = (uint8_t)((rx_head + 1) & (RX_SIZE - 1));
  if (next != rx_tail) { /* full: drop the byte rather than overwrite unread ones */
    rx[rx_head] = byte;
    rx_head = next;
  }
}

void serial_init(void) {
  UCSR0A = _BV(U2X0);
  UBRR0H = 0;
  UBRR0L = BAUD_DIVISOR;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

int16_t serial_read(void) {
  if (rx_head == rx_tail) return -1;
  uint8_t byte = rx[rx_tail];
  rx_tail = (uint8_t)((rx_tail + 1) & (RX_SIZE - 1));
  return byte;
}

void serial_write(uint8_t byte) {
  while (!(UCSR0A & _BV(UDRE0))) {}
  UDR0 = byte;
}
