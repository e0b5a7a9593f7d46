// Finding Java and Maven, the two tools the local Kafka needs (DESIGN §4.6).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './command.ts';
import { libsAreComplete } from './fetch.ts';

export type Availability = { ok: true } | { ok: false; reason: string };

/** Kafka 4.x brokers need Java 17; 3.9 still ran on 11. */
const MIN_JAVA_MAJOR = 17;

/** `$JAVA_HOME/bin/java` when JAVA_HOME points at a JDK, else `java` from PATH. */
export function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = join(home, 'bin', 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
}

/** Major version from `java -version` output (`openjdk version "17.0.15"`, `"1.8.0_402"`). */
export function parseJavaMajor(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Java 17+ and either Maven or already-fetched jars: what startLocalKafka needs. */
export async function javaAvailable(): Promise<Availability> {
  const java = await runCommand(javaCommand(), ['-version']);
  if (java.spawnError || java.code !== 0) {
    return { ok: false, reason: `Java not found (${javaCommand()}): install a JDK ${MIN_JAVA_MAJOR}+ (apt-get install openjdk-17-jre-headless) or set JAVA_HOME` };
  }
  const major = parseJavaMajor(java.output);
  if (major !== undefined && major < MIN_JAVA_MAJOR) {
    return { ok: false, reason: `Java ${major} found, Kafka needs ${MIN_JAVA_MAJOR}+: install a newer JDK or set JAVA_HOME` };
  }
  if (await libsAreComplete()) return { ok: true };
  const mvn = await runCommand('mvn', ['-v']);
  if (mvn.spawnError || mvn.code !== 0) {
    return { ok: false, reason: 'Maven (mvn) not found and the Kafka jars are not cached: install Maven, or run `npm run kafka:fetch` where it is' };
  }
  return { ok: true };
}
