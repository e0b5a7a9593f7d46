import { cpId as cpIdSchema, UsageError } from '../../protocol/index.ts';

/**
 * A service file for `evc driver run` (DESIGN §1): one CP id per line; blank lines and
 * `#` comments (whole-line or trailing) are ignored. A bad line is a usage error naming
 * the line, so nothing is charged from a half-valid file.
 */
export function parseRunFile(text: string, fileName = 'the run file'): string[] {
  const cpIds: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    if (!cpIdSchema.safeParse(line).success) {
      throw new UsageError(`${fileName} line ${index + 1}: "${line}" is not a CP id (1-64 letters, digits, _ or -, one per line)`);
    }
    cpIds.push(line);
  });
  if (cpIds.length === 0) throw new UsageError(`${fileName} lists no CP ids (one per line; # starts a comment)`);
  return cpIds;
}
