import net from 'node:net';

export interface BrokerWatchOptions {
  /** kafkajs-style `host:port` list; the first answering one is watched. */
  brokers: string[];
  /** The broker stopped answering (its socket closed and a new connect failed). */
  onLost: (reason: string) => void;
  /** It answers again after a loss. */
  onBack: () => void;
  retryMs?: number;
}

/**
 * Notices a broker going away and coming back for a Kafka bus with no consumer (a pure
 * publisher): kafkajs tells a producer nothing until its next send. One idle TCP socket to
 * the broker: when it closes, a new connect is tried at once (Kafka closes idle links after
 * `connections.max.idle.ms`: that is not a loss); only a failed connect is a loss, then
 * retried every `retryMs` until the broker answers.
 */
export class BrokerWatch {
  readonly #options: BrokerWatchOptions;
  #socket: net.Socket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lost = false;
  #stopped = false;

  constructor(options: BrokerWatchOptions) {
    this.#options = options;
  }

  start(): void {
    this.#connect(0);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.destroy();
  }

  #connect(index: number): void {
    if (this.#stopped) return;
    const brokers = this.#options.brokers;
    const [host, port] = splitHostPort(brokers[index % brokers.length]!);
    const socket = net.connect({ host, port });
    this.#socket = socket;
    socket.setKeepAlive(true, 5000);
    socket.unref();
    let opened = false;
    socket.once('connect', () => {
      opened = true;
      if (this.#lost) {
        this.#lost = false;
        this.#options.onBack();
      }
    });
    socket.on('error', () => undefined); // 'close' follows and decides
    socket.once('close', () => {
      if (this.#stopped) return;
      if (opened) return this.#connect(index); // closed while answering: try again at once
      if (!this.#lost) {
        this.#lost = true;
        this.#options.onLost(`broker ${host}:${port} does not answer`);
      }
      this.#timer = setTimeout(() => this.#connect(index + 1), this.#options.retryMs ?? 500);
      this.#timer.unref();
    });
  }
}

function splitHostPort(broker: string): [string, number] {
  const at = broker.lastIndexOf(':');
  return [broker.slice(0, at), Number(broker.slice(at + 1))];
}
