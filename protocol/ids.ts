/**
 * The one id rule (DESIGN §4.5, issue 9): CP and driver ids are what the CLI accepts — 1-64
 * letters, digits, `_` or `-`. Never a dot (MQTT client ids use `id.suffix`), a slash or a
 * wildcard (ids are MQTT topic levels), so an id can never reach outside its own topics.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const ID_RULE = '1-64 letters, digits, _ or -';

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
