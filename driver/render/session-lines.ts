import type { ChargeView } from '../core/charge-tracker.ts';
import type { RenderContext } from './colors.ts';
import { formatClock, formatDurationSeconds } from '../../protocol/display.ts';
import { formatEnergy, formatMoney, formatPower } from './format.ts';

type Charging = Extract<ChargeView, { kind: 'charging' }>;

/** The live line while charging, redrawn in place on a terminal: kW, kWh, €, elapsed. */
export function renderProgressLine(view: Charging, { colors }: RenderContext, currency = 'EUR'): string {
  const figures = [
    formatPower(view.powerKw),
    formatEnergy(view.energyKwh),
    colors.bold(formatMoney(view.amount, currency)),
    formatDurationSeconds(view.elapsedS ?? 0),
  ].join('  ');
  const stopping = view.stop?.kind === 'sent' || view.stop?.kind === 'accepted' ? colors.yellow('  stopping…') : '';
  return `${colors.bold(view.cpId)} ${colors.green('charging')}  ${figures}${stopping}`;
}

/** One line per step of a charge, printed once when the step is reached. */
export function renderPhaseLine(view: ChargeView, { colors, timeZone }: RenderContext): string | undefined {
  switch (view.kind) {
    case 'requested':
      return `Asking Central for a charge at ${colors.bold(view.cpId)}…`;
    case 'accepted':
      return view.sessionId === undefined
        ? `${colors.green('✔ Accepted')} at ${view.cpId}`
        : `${colors.green('✔ Accepted')}: session ${view.sessionId} at ${view.cpId}`;
    case 'reserved':
      return `Reserved until ${colors.bold(formatClock(view.plugInByMs, timeZone))} — plug in at ${colors.bold(view.cpId)} now`;
    case 'charging':
      return `${colors.green('⚡ Charging')} at ${view.cpId}`;
    case 'denied':
      return `${colors.red('✖ Denied')} at ${view.cpId}: ${view.reason}`;
    case 'ended':
      return undefined;
  }
}

export function renderStopSent(sessionId: string, { colors }: RenderContext): string {
  return colors.yellow(`Stopping session ${sessionId}…`);
}

/** `commandPrefix` is how this driver was invoked, e.g. `evc driver --id D1`. */
export function renderDetached(commandPrefix: string, view: { cpId: string; sessionId: string }, { colors }: RenderContext): string {
  return [
    `Detached: session ${view.sessionId} at ${view.cpId} goes on without you watching.`,
    `  follow it: ${colors.bold(`${commandPrefix} watch`)}   stop it: ${colors.bold(`${commandPrefix} stop`)}`,
  ].join('\n');
}
