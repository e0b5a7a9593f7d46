import net from 'node:net';
import tls from 'node:tls';
import type { StreamBuilder } from 'mqtt';

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
      return socket;
    }
    return net.createConnection({ host: endpoint.host, port: endpoint.port, noDelay: true });
  };
}
