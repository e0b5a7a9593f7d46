// The Bus contract (test/helpers/bus-contract.ts) on every broker the project supports.
import { randomBytes } from 'node:crypto';
import { KafkaBus, MqttBus, type EmbeddedBroker } from '../../../bus/index.ts';
import { busContract } from '../../helpers/bus-contract.ts';
import { CENTRAL, MOSQUITTO_URL, clearSessions, requireMosquitto, startTestBroker } from '../../helpers/brokers.ts';
import { kafkaForTests, kafkaRestarter } from '../../helpers/kafka.ts';
import { mosquittoCommand, startPrivateMosquitto } from '../../helpers/mosquitto.ts';

busContract('embedded aedes', async () => {
  let broker: EmbeddedBroker = await startTestBroker();
  const port = broker.port;
  return {
    makeBus: (options) => new MqttBus(broker.url, { ...options, ...CENTRAL }),
    restartBroker: async () => {
      await broker.close();
      broker = await startTestBroker({ port });
    },
    close: () => broker.close(),
  };
});

const mosquitto = mosquittoCommand();

// When mosquitto is installed the suite owns its broker (a private one on a free port), so it
// can restart it; otherwise it uses the one at 127.0.0.1:1883 without restarts.
busContract(mosquitto ? 'Mosquitto (private, restartable)' : 'Mosquitto at 127.0.0.1:1883', async (ctx) => {
  if (mosquitto) {
    const broker = await startPrivateMosquitto(mosquitto);
    return {
      makeBus: (options) => new MqttBus(broker.url, options),
      restartBroker: () => broker.restart(),
      close: () => broker.stop(),
    };
  }
  await requireMosquitto(ctx);
  const clientIds = new Set<string>();
  return {
    makeBus: (options) => {
      clientIds.add(options.clientId);
      return new MqttBus(MOSQUITTO_URL, options);
    },
    // A shared broker keeps sessions forever: end the ones this run made.
    close: () => clearSessions(MOSQUITTO_URL, clientIds),
  };
});

busContract('Apache Kafka', async (ctx) => {
  const url = await kafkaForTests(ctx);
  const run = randomBytes(3).toString('hex');
  return {
    makeBus: (options) => new KafkaBus(url, { ...options, groupId: `evc-test-${run}-${options.clientId}` }),
    ...(kafkaRestarter() ? { restartBroker: () => kafkaRestarter()!() } : {}),
    close: async () => {},
  };
});
