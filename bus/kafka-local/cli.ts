// `npm run kafka:fetch|up|down` (DESIGN §4.6). The only file here that reads argv or exits.
// Progress goes to stderr; stdout carries only the result, so `$(npm run -s kafka:up | tail -1)`
// yields the URL. `up --sasl [--user NAME[:PASSWORD]]…` and `down --sasl` run a second broker that
// wants SCRAM-SHA-256 logins.
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { fetchKafka, kafkaDown, kafkaUp, saslUsers } from './index.ts';

const USAGE = 'usage: npm run kafka:fetch | npm run kafka:up [-- --sasl [--user NAME[:PASSWORD]]…] | npm run kafka:down [-- --sasl]';
const DEFAULT_USERS = ['central', 'engine', 'driver'];

const progress = (line: string): void => {
  process.stderr.write(`${pc.dim(line)}\n`);
};
// Lets tests (and parallel checkouts) keep their own shared instance.
const stateDir = process.env.EVC_KAFKA_STATE_DIR || undefined;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { sasl: { type: 'boolean' }, user: { type: 'string', multiple: true } } });
    if (parsed.values.user && !parsed.values.sasl) throw new Error('--user needs --sasl');
  } catch (error) {
    process.stderr.write(`${pc.red('✗')} ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals: [command], values } = parsed;
  const sasl = values.sasl ? { users: saslUsers(values.user ?? DEFAULT_USERS) } : undefined;
  switch (command) {
    case 'fetch': {
      const libs = await fetchKafka({ onProgress: progress });
      process.stderr.write(`${pc.green('✓')} Kafka jars ready\n`);
      process.stdout.write(`${libs}\n`);
      return 0;
    }
    case 'up': {
      const started = Date.now();
      const { url, reused, users } = await kafkaUp({ stateDir, onProgress: progress, ...(sasl ? { sasl } : {}) });
      const kind = sasl ? 'SASL Kafka' : 'Kafka';
      const how = reused ? `reusing the running ${kind}` : `${kind} started in ${((Date.now() - started) / 1000).toFixed(1)} s`;
      process.stderr.write(`${pc.green('✓')} ${how}; stop it with \`npm run kafka:down${sasl ? ' -- --sasl' : ''}\`\n`);
      if (users) {
        process.stderr.write('  its users (give one with --kafka-user NAME and EVC_KAFKA_PASSWORD):\n');
        for (const [name, password] of Object.entries(users)) process.stderr.write(`    ${name.padEnd(12)} ${password}\n`);
      }
      process.stdout.write(`${url}\n`);
      return 0;
    }
    case 'down': {
      const stopped = await kafkaDown({ stateDir, onProgress: progress, sasl: sasl !== undefined });
      const kind = sasl ? 'SASL Kafka' : 'Kafka';
      process.stderr.write(stopped ? `${pc.green('✓')} ${kind} stopped\n` : `${pc.yellow('•')} no local ${kind} was running\n`);
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${pc.red('✗')} ${(error as Error).message}\n`);
  process.exitCode = 1;
}
