// Running a short-lived tool (java -version, mvn, the Kafka storage tool) and collecting its output.
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  output: string;
  /** Set when the command could not be started at all (ENOENT: not installed). */
  spawnError?: Error;
}

/** Runs a command to completion, collecting stdout and stderr together. */
export function runCommand(command: string, args: string[], onLine?: (line: string) => void): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      if (!onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', (spawnError) => resolve({ code: null, output, spawnError }));
    child.once('close', (code) => {
      if (onLine && pending) onLine(pending);
      resolve({ code, output });
    });
  });
}
