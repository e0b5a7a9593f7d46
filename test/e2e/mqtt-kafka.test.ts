// Setting (b): Engines on an external MQTT broker — Mosquitto at 127.0.0.1:1883 when it
// answers (anonymous, no ACLs), else a second embedded aedes run by the test — and drivers
// on the test harness's real Apache Kafka.
import { randomBytes } from 'node:crypto';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../bus/index.ts';
import { MOSQUITTO_URL, clearSessions, mosquittoAnswers } from '../helpers/brokers.ts';
import { clearRetained } from '../helpers/e2e-mqtt.ts';
import { kafkaForTests } from '../helpers/kafka.ts';
import { describeNetwork } from './network-suite.ts';

let standIn: EmbeddedBroker | undefined;

describeNetwork({
  title: 'Engines on an external MQTT broker, drivers on Kafka',
  letter: 'B',
  registration: 'open',
  async buses(context) {
    const kafka = await kafkaForTests(context);
    const mqtt = MOSQUITTO_URL;
    if (!(await mosquittoAnswers())) {
      // Mosquitto is not there: an aedes that, like it, lets everyone in; Central logs in as itself.
      const central = { username: 'central', password: randomBytes(12).toString('hex') };
      standIn = await createEmbeddedBroker({
        host: '127.0.0.1',
        port: 0,
        central,
        authenticate: async (username, _password, clientId) => ({ kind: clientId.startsWith(`${username}.engine`) ? 'cp' : 'driver', id: username }),
      });
      console.log(`    no MQTT broker at ${MOSQUITTO_URL}: Engines use a second embedded broker at ${standIn.url}`);
      const { port } = new URL(standIn.url);
      return { deviceBus: `mqtt://central:${central.password}@127.0.0.1:${port}`, driverBus: kafka, engineBus: standIn.url, driverBusForDrivers: kafka };
    }
    return { deviceBus: mqtt, driverBus: kafka, engineBus: mqtt, driverBusForDrivers: kafka };
  },
  async release(cpIds) {
    if (standIn) return standIn.close();
    // Mosquitto keeps persistent sessions and retained messages: none of this run's may outlive it.
    await clearSessions(MOSQUITTO_URL, ['evc-central-device', ...cpIds.map((id) => `${id}.engine`)]);
    await clearRetained(MOSQUITTO_URL, cpIds.map((id) => `evc/cp/${id}/online`));
  },
});
