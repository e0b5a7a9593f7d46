// DESIGN §4.1 control bytes.
export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NACK = 0x15;

/** DATA larger than this closes the link (DESIGN §4.1). */
export const MAX_FRAME_DATA_BYTES = 4096;

export type ControlByte = typeof EOT | typeof ENQ | typeof ACK | typeof NACK;
export const CONTROL_BYTES: ReadonlySet<number> = new Set([EOT, ENQ, ACK, NACK]);
