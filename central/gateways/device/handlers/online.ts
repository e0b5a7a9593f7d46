import type { DeviceHandler } from '../types.ts';

/**
 * `evc/cp/{cpId}/online`, retained `true`, last will `false` (DESIGN §4.4). Only a line in
 * the operator's feed: a CP's state follows its Monitor link (DESIGN §2), and the Engine's
 * own `state` event follows its reconnect.
 */
export const online: DeviceHandler<'online'> = async (context, cpId, message) => {
  const when = message.retained ? ' (retained)' : '';
  if (message.online) context.notice('info', cpId, `${cpId} Engine online on the device bus${when}`);
  else context.notice('warn', cpId, `${cpId} Engine offline on the device bus${when}`);
};
