// Setting (c): everything on Apache Kafka, the course statement's setting:
// `evc central --device-bus kafka://… --driver-bus kafka://…`, CPs and drivers with `--bus kafka://…`.
import { kafkaForTests } from '../helpers/kafka.ts';
import { describeNetwork } from './network-suite.ts';

describeNetwork({
  title: 'everything on Kafka',
  letter: 'C',
  registration: 'open',
  async buses(context) {
    const kafka = await kafkaForTests(context);
    return { deviceBus: kafka, driverBus: kafka, engineBus: kafka, driverBusForDrivers: kafka };
  },
});
