import { PENDING_DISPLAY, STATE_DISPLAY, type StateDisplay } from '../../../../protocol/display.ts';
import type { CpState } from '../../../../protocol/states.ts';
import { s } from './dom.ts';

/**
 * Each state's shape (protocol/display.ts), so a state reads without its colour: a check,
 * a clock, a bolt, a stop octagon, a warning triangle, a broken link; an hourglass for PENDING.
 */
const SHAPES: Record<StateDisplay['shape'], () => SVGElement[]> = {
  check: () => [s('circle', { cx: 12, cy: 12, r: 9 }), s('path', { d: 'M8 12.5l2.7 2.7L16.2 9.5' })],
  clock: () => [s('circle', { cx: 12, cy: 12, r: 9 }), s('path', { d: 'M12 7.5V12l3 2' })],
  bolt: () => [s('path', { d: 'M13.5 2.5 5 13.5h6l-1 8 8.5-11h-6z', fill: 'currentColor' })],
  octagon: () => [s('path', { d: 'M8.3 3h7.4L21 8.3v7.4L15.7 21H8.3L3 15.7V8.3z' }), s('path', { d: 'M8 12h8' })],
  triangle: () => [s('path', { d: 'M12 3.5 2.5 20h19z' }), s('path', { d: 'M12 10v4.5M12 17.2v.3' })],
  unplugged: () => [s('path', { d: 'M9 5v4M15 5v4M7 9h10v3a5 5 0 0 1-10 0zM12 17v4' }), s('path', { d: 'M3.5 3.5l17 17' })],
  hourglass: () => [s('path', { d: 'M6.5 3h11M6.5 21h11M7.5 3c0 5 9 6.5 9 9s-9 4-9 9M16.5 3c0 5-9 6.5-9 9s9 4 9 9' })],
};

export function stateIcon(state: CpState | 'PENDING', size = 16): SVGElement {
  const shape = state === 'PENDING' ? PENDING_DISPLAY.shape : (STATE_DISPLAY[state]?.shape ?? 'unplugged');
  return s(
    'svg',
    { viewBox: '0 0 24 24', width: size, height: size, fill: 'none', stroke: 'currentColor', 'stroke-width': 2.2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', class: 'icon' },
    ...SHAPES[shape](),
  );
}
