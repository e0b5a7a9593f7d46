import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EvcError } from '../protocol/index.ts';
import { WiringProfileSchema, type WiringProfile } from './schema.ts';

/** Profiles shipped in wiring/ (one JSON file each). */
export const knownWiringProfiles = ['uno', 'nano', 'raspberry-pi'] as const;

/**
 * Loads and validates a wiring profile: a shipped name (`uno`) or a path to a JSON file of the same shape.
 * Throws EvcError `UNKNOWN_WIRING` (lists the known names) or `BAD_WIRING` (names the bad field).
 */
export function loadWiring(nameOrPath: string): WiringProfile {
  const isPath = nameOrPath.endsWith('.json') || nameOrPath.includes('/');
  if (!isPath && !(knownWiringProfiles as ReadonlyArray<string>).includes(nameOrPath)) {
    throw new EvcError(
      'UNKNOWN_WIRING',
      `unknown wiring profile "${nameOrPath}": use one of ${knownWiringProfiles.join(', ')} or a path to a .json file`,
      2,
    );
  }
  const file = isPath ? nameOrPath : fileURLToPath(new URL(`./${nameOrPath}.json`, import.meta.url));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EvcError('UNKNOWN_WIRING', `cannot read wiring profile ${file}: ${(error as Error).message}`, 2);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EvcError('BAD_WIRING', `wiring profile ${file} is not valid JSON: ${(error as Error).message}`, 2);
  }
  return parseWiring(json, file);
}

/** Validates an already-parsed profile; `source` names it in the error. */
export function parseWiring(json: unknown, source = 'wiring profile'): WiringProfile {
  const result = WiringProfileSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new EvcError('BAD_WIRING', `${source}: field "${field}": ${issue.message}`, 2);
}
