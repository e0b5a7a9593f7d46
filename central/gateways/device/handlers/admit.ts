import type { DeviceEvent } from '../../../../protocol/index.ts';
import type { CentralCore, CpRecord } from '../../../core/index.ts';

/** Records the event id (QoS 1 and Kafka redeliver) and finds its CP. */
export function admitEvent(core: CentralCore, cpId: string, event: DeviceEvent): { cp: CpRecord | undefined; duplicate: boolean } {
  const duplicate = core.deviceEventIds.seen(`${cpId}:${event.id}`);
  return { cp: core.state.cp(cpId), duplicate };
}

/** The event's CP, or undefined (logged) for a duplicate or an unknown CP: then it is ignored. */
export function admittedCp(core: CentralCore, cpId: string, event: DeviceEvent): CpRecord | undefined {
  const { cp, duplicate } = admitEvent(core, cpId, event);
  // An event is proof the Engine is on this bus, whatever became of its online flag (Kafka keeps no will).
  if (cp && !cp.engineOnBus) {
    cp.engineOnBus = true;
    core.refresh(cp);
  }
  if (duplicate) return void core.log('debug', `duplicate ${event.type} ${event.id} from ${cpId}; ignored`);
  if (!cp) return void core.log('warn', `${event.type} from unknown CP ${cpId}; ignored`);
  return cp;
}
