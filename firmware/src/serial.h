#ifndef EVC_SERIAL_H
#define EVC_SERIAL_H
#include <stdint.h>

/* USART0, the Uno's USB serial link: 57600 baud 8N1, like StandardFirmata. */
void serial_init(void);
/* Next received byte, or -1 when none is waiting. */
int16_t serial_read(void);
void serial_write(uint8_t byte);
#endif
