// Setting (a): everything on Central's embedded broker (DESIGN §4.6 `embedded`), CPs added
// with `evc central add-cp` and run with the secret it printed (registration closed).
import { describeNetwork } from './network-suite.ts';

describeNetwork({
  title: 'everything on the embedded MQTT broker, CPs added with add-cp',
  letter: 'A',
  registration: 'closed',
  async buses() {
    return { deviceBus: 'embedded', driverBus: 'embedded', engineBus: 'embedded', driverBusForDrivers: 'embedded' };
  },
});
