// Fetching the broker jars from Maven Central into the user cache (DESIGN §4.6, `npm run kafka:fetch`).
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { runCommand } from './command.ts';
import { POM_PATH, kafkaVersion, libsDir, libsManifest } from './paths.ts';

export interface FetchOptions {
  onProgress?: (line: string) => void;
}

/** True when a previous fetch finished: the manifest exists and names only jars still present. */
export async function libsAreComplete(version = kafkaVersion()): Promise<boolean> {
  let names: string[];
  try {
    names = (await readFile(libsManifest(version), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return false;
  }
  const dir = libsDir(version);
  return names.length > 0 && names.every((name) => existsSync(join(dir, name)));
}

/** One short progress line for a Maven output line worth showing, else undefined. */
export function describeMavenLine(line: string): string | undefined {
  const downloaded = /^\[INFO\] Downloaded from [^:]+: (\S+) \(([\d.]+ [kMG]?B)/.exec(line);
  if (downloaded && downloaded[1].endsWith('.jar')) return `  downloaded ${basename(downloaded[1])} (${downloaded[2]})`;
  if (line.startsWith('[ERROR]')) return line;
  return undefined;
}

/**
 * Copies org.apache.kafka:kafka_2.13 and its runtime jars (plus the log4j2 binding) into
 * `libsDir()`, skipping the work when a complete copy is already there. Returns that dir.
 * Maven keeps its own repository (~/.m2), so a second machine-wide fetch is quick.
 */
export async function fetchKafka(opts: FetchOptions = {}): Promise<string> {
  const version = kafkaVersion();
  const target = libsDir(version);
  const progress = opts.onProgress ?? (() => {});
  if (await libsAreComplete(version)) return target;

  const started = Date.now();
  progress(`fetching Apache Kafka ${version} from Maven Central into ${target} (first time only, ~45 MB)…`);
  await mkdir(dirname(target), { recursive: true });
  // Concurrent fetches each fill their own dir; the first rename wins, the rest are dropped.
  const scratch = `${target}.tmp-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  const args = [
    '-B', '-Dstyle.color=never', '-f', POM_PATH,
    'dependency:copy-dependencies', '-DincludeScope=runtime',
    `-DoutputDirectory=${scratch}`, `-Dkafka.version=${version}`,
  ];
  const result = await runCommand('mvn', args, (line) => {
    const shown = describeMavenLine(line);
    if (shown) progress(shown);
  });
  if (result.spawnError) {
    throw new Error(`Maven (mvn) not found: install Maven 3.8+ to fetch Kafka, or copy ${dirname(target)} from a machine that has it`);
  }
  if (result.code !== 0) {
    await rm(scratch, { recursive: true, force: true });
    const tail = result.output.trim().split('\n').slice(-15).join('\n');
    throw new Error(`mvn could not fetch Kafka ${version} (exit ${result.code}). Check access to Maven Central ` +
      `(proxy/mirror in ~/.m2/settings.xml), then run \`npm run kafka:fetch\` again.\n${tail}`);
  }

  const jars = (await readdir(scratch)).filter((name) => name.endsWith('.jar')).sort();
  if (!jars.some((name) => name.startsWith('kafka_2.13-'))) {
    throw new Error(`mvn finished but ${scratch} holds no kafka_2.13 jar; delete it and run \`npm run kafka:fetch\` again`);
  }
  if (await libsAreComplete(version)) {
    await rm(scratch, { recursive: true, force: true });
    return target;
  }
  await rm(target, { recursive: true, force: true });
  try {
    await rename(scratch, target);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    if (!(await libsAreComplete(version))) throw error;
    return target;
  }
  await writeFile(libsManifest(version), `${jars.join('\n')}\n`);

  let bytes = 0;
  for (const name of jars) bytes += (await stat(join(target, name))).size;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  progress(`fetched ${jars.length} jars (${(bytes / 1e6).toFixed(0)} MB) in ${seconds} s`);
  return target;
}
