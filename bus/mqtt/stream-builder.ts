import net from 'node:net';
import tls from 'node:tls';
import type { StreamBuilder } from 'mqtt';
import { TurnCork } from '../../base/turn-cork.ts';

export interface MqttEndpoint {
  protocol: 'mqtt' | 'mqtts';
  host: string;
  port: number;
  /** Extra TLS options for mqtts (ca, cert, key, rejectUnauthorized). */
  tls?: tls.ConnectionOptions;
}

/**
 * Opens the broker socket with TCP_NODELAY set. mqtt.js leaves Nagle on, which holds
 * small QoS 1 packets (and their PUBACKs) back by up to 40 ms (DESIGN §4.4).
 */
export function noDelayStreamBuilder(endpoint: MqttEndpoint): StreamBuilder {
  return () => {
    if (endpoint.protocol === 'mqtts') {
      const servername = net.isIP(endpoint.host) ? undefined : endpoint.host;
      const socket = tls.connect({ host: endpoint.host, port: endpoint.port, servername, ...endpoint.tls });
      socket.setNoDelay(true);
      return writesPerTurn(socket);
    }
    return writesPerTurn(net.createConnection({ host: endpoint.host, port: endpoint.port, noDelay: true }));
  };
}

/**
 * mqtt.js writes each packet on its own (one syscall each, uncorked on the next tick); Central
 * publishes hundreds per turn of the event loop at fleet scale (issue 11). Held until the turn
 * ends, they leave together. What is held is let go before a destroy, which would drop it
 * (end() lets it go by itself).
 */
function writesPerTurn<S extends net.Socket>(socket: S): S {
  const cork = new TurnCork(socket);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  const destroy = socket.destroy.bind(socket);
  Object.assign(socket, {
    write: (...args: unknown[]): boolean => {
      cork.hold();
      return write(...args);
    },
    destroy: (error?: Error): S => {
      cork.release();
      destroy(error);
      return socket;
    },
  });
  return socket;
}
