import type { DeviceHandler } from '../types.ts';

/**
 * `evc/cp/{cpId}/online`, retained `true`, last will `false` (DESIGN §4.4). A CP is AVAILABLE only
 * while its Engine is on Central's device bus as well as its Monitor link being live (issue 12:
 * an Engine on another broker looked healthy); the flag also goes to the operator's feed.
 */
export const online: DeviceHandler<'online'> = async (context, cpId, message) => {
  const when = message.retained ? ' (retained)' : '';
  if (message.online) context.notice('info', cpId, `${cpId} Engine online on the device bus${when}`);
  else context.notice('warn', cpId, `${cpId} Engine offline on the device bus${when}`);
  await context.submit((core) => {
    const cp = core.state.cp(cpId);
    // The retained flag can beat the Monitor's first hello; the CP takes it when it is added.
    if (!cp) return core.state.noteEngineOnlineBeforeCp(cpId, message.online);
    if (cp.engineOnBus === message.online) return;
    cp.engineOnBus = message.online;
    core.refresh(cp);
  }, `online ${cpId} ${message.online}`);
};
