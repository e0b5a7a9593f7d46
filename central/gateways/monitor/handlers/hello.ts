import type { Effect } from '../../../core/index.ts';
import type { MonitorHandler } from '../types.ts';

/**
 * `hello` (DESIGN §4.2) → `welcome` or `reject {BAD_SECRET | UNKNOWN_CP | DUPLICATE}`.
 * The secret is checked against the store first (scrypt, outside the queue); inside the
 * queue the verdict is confirmed, since another hello may have registered the CP meanwhile.
 * Registration open: an unknown CP is trusted on first use (the core emits `register-cp`);
 * closed: only CPs `evc central add-cp` created get in.
 */
export const hello: MonitorHandler<'hello'> = async (context, link, message) => {
  const { cpId } = message;
  const first = await context.secrets.check(cpId, message.secret);
  await context.submit(async (core) => {
    const verdict = first.stillValid() ? first : await context.secrets.recheck(cpId, message.secret);
    const effects: Effect[] = [];
    const stored = core.hasCp(cpId) ? undefined : context.secrets.storedConfig(cpId);
    // The operator's config (add-cp) wins over what the hello announces.
    if (stored) effects.push(...core.addCp(stored));
    effects.push(...core.monitorHello(link.id, message, verdict.result));
    return effects;
  }, `hello ${cpId} on ${link.id}`);
};
