// Setting (b): Engines on an external MQTT broker — Mosquitto at 127.0.0.1:1883 when it
// answers (anonymous, no ACLs), else a second, equally open aedes run by the test — and
// drivers on the test harness's real Apache Kafka.
import { MOSQUITTO_URL, clearSessions, mosquittoAnswers } from '../helpers/brokers.ts';
import { clearRetained, startOpenBroker, type OpenBroker } from '../helpers/e2e-mqtt.ts';
import { kafkaForTests } from '../helpers/kafka.ts';
import { describeNetwork } from './network-suite.ts';

let standIn: OpenBroker | undefined;

describeNetwork({
  title: 'Engines on an external MQTT broker, drivers on Kafka',
  letter: 'B',
  registration: 'open',
  async buses(context) {
    const kafka = await kafkaForTests(context);
    let mqtt = MOSQUITTO_URL;
    if (process.env.EVC_E2E_NO_MOSQUITTO === '1' || !(await mosquittoAnswers())) {
      standIn = await startOpenBroker();
      mqtt = standIn.url;
      console.log(`    no Mosquitto at ${MOSQUITTO_URL} (or EVC_E2E_NO_MOSQUITTO=1): Engines use an open aedes at ${mqtt}`);
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
