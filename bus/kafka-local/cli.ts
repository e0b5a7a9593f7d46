// `npm run kafka:fetch|up|down` (DESIGN §4.6). The only file here that reads argv or exits.
// Progress goes to stderr; stdout carries only the result, so `$(npm run -s kafka:up | tail -1)`
// yields the URL.
import pc from 'picocolors';
import { fetchKafka, kafkaDown, kafkaUp } from './index.ts';

const progress = (line: string): void => {
  process.stderr.write(`${pc.dim(line)}\n`);
};
// Lets tests (and parallel checkouts) keep their own shared instance.
const stateDir = process.env.EVC_KAFKA_STATE_DIR || undefined;

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'fetch': {
      const libs = await fetchKafka({ onProgress: progress });
      process.stderr.write(`${pc.green('✓')} Kafka jars ready\n`);
      process.stdout.write(`${libs}\n`);
      return 0;
    }
    case 'up': {
      const started = Date.now();
      const { url, reused } = await kafkaUp({ stateDir, onProgress: progress });
      const how = reused ? 'reusing the running Kafka' : `Kafka started in ${((Date.now() - started) / 1000).toFixed(1)} s`;
      process.stderr.write(`${pc.green('✓')} ${how}; stop it with \`npm run kafka:down\`\n`);
      process.stdout.write(`${url}\n`);
      return 0;
    }
    case 'down': {
      const stopped = await kafkaDown({ stateDir, onProgress: progress });
      process.stderr.write(stopped ? `${pc.green('✓')} Kafka stopped\n` : `${pc.yellow('•')} no local Kafka was running\n`);
      return 0;
    }
    default:
      process.stderr.write(`usage: node --import tsx bus/kafka-local/cli.ts fetch|up|down\n`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  process.stderr.write(`${pc.red('✗')} ${(error as Error).message}\n`);
  process.exitCode = 1;
}
