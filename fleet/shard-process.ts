// A child process of a multi-process fleet (run-fleet.ts): one shard, driven over IPC.
import type { FleetOptions } from './options.ts';
import { FleetShard } from './shard.ts';

interface StartMessage {
  type: 'start';
  options: FleetOptions;
  shard: number;
  shards: number;
}

const stop = new AbortController();
process.on('message', (message: StartMessage | { type: 'stop' }) => {
  if (message.type === 'stop') return stop.abort();
  const shard = new FleetShard(message.options, message.shard, message.shards);
  const progress = setInterval(() => process.send!({ type: 'progress', progress: shard.progress() }), 1000);
  shard.run(stop.signal).then(
    (result) => {
      clearInterval(progress);
      process.send!({ type: 'result', result }, () => process.disconnect());
    },
    (error: Error) => {
      clearInterval(progress);
      process.send!({ type: 'error', message: error.message }, () => process.disconnect());
    },
  );
});
process.on('SIGINT', () => stop.abort());
