import pc from 'picocolors';
import type { CpView } from '../core/index.ts';
import type { CentralEventLine, CentralOperations } from '../operations.ts';
import { parseKeys, type PanelAction } from './keys.ts';
import { renderPanel, type PanelNotice, type PanelState } from './render.ts';
import { TerminalScreen } from './screen.ts';

export interface PanelOptions {
  operations: CentralOperations;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { columns?: number; rows?: number };
  now?: () => number;
  /** Called on `q` (or Ctrl-C); the caller decides how to shut down. */
  onQuit?: () => void;
}

export interface PanelHandle {
  close(): void;
}

/** At most this often (~10 redraws/s), however fast CPs change. */
const MIN_REDRAW_MS = 100;
/** RESERVED blinks and the uptime ticks at this pace (DESIGN §2). */
const TICK_MS = 500;
const KEPT_EVENTS = 50;

type TtyInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** Central's live terminal panel: a table of CPs redrawn in place, recent events, operator keys. */
export function startPanel(options: PanelOptions): PanelHandle {
  const { operations, output } = options;
  const input = options.input as TtyInput;
  const now = options.now ?? Date.now;
  const isTty = Boolean((output as { isTTY?: boolean }).isTTY);
  const colors = isTty ? pc : pc.createColors(false);
  const screen = new TerminalScreen(output, { fullScreen: isTty });

  let cps: CpView[] = operations.cpViews();
  const events: CentralEventLine[] = [];
  let selectedId = cps[0]?.id;
  let notice: PanelNotice | undefined;
  let blinkOn = true;
  let lastDrawMs = -Infinity;
  let redrawTimer: NodeJS.Timeout | undefined;
  let closed = false;

  /** Pending CPs not accepted yet, oldest first (an accepted one only waits for its next hello). */
  const waiting = () => operations.pendingViews().filter((cp) => cp.acceptedAtMs === undefined).sort((a, b) => a.firstSeenMs - b.firstSeenMs);
  const state = (): PanelState => {
    const pending = waiting().map((cp) => cp.id);
    const view: PanelState = { cps, status: operations.status(), events, nowMs: now(), blinkOn, pending };
    if (selectedId !== undefined) view.selectedId = selectedId;
    if (notice) view.notice = notice;
    if (output.rows) view.height = output.rows;
    return view;
  };
  const drawNow = () => {
    redrawTimer = undefined;
    if (closed) return;
    lastDrawMs = now();
    // One column short of the edge: writing the last column makes some terminals wrap.
    screen.draw(renderPanel(state(), Math.max(40, (output.columns ?? 100) - 1), colors));
  };
  const requestRedraw = () => {
    if (closed || redrawTimer) return;
    redrawTimer = setTimeout(drawNow, Math.max(0, lastDrawMs + MIN_REDRAW_MS - now()));
  };

  const onCp = (view: CpView) => {
    const index = cps.findIndex((cp) => cp.id === view.id);
    cps = index < 0 ? [...cps, view].sort((a, b) => a.id.localeCompare(b.id)) : cps.map((cp, i) => (i === index ? view : cp));
    selectedId ??= view.id;
    requestRedraw();
  };
  const onEvent = (line: CentralEventLine) => {
    events.push(line);
    if (events.length > KEPT_EVENTS) events.shift();
    requestRedraw();
  };
  const onResize = () => {
    screen.invalidate();
    requestRedraw();
  };

  const run = (label: string, command: () => Promise<boolean | void>) => {
    notice = { text: `${label}…`, level: 'info' };
    requestRedraw();
    command().then(
      (ok) => {
        notice = ok === false ? { text: `${label}: no such CP`, level: 'warn' } : { text: `${label}: done`, level: 'info' };
        requestRedraw();
      },
      (error: unknown) => {
        notice = { text: `${label} failed: ${error instanceof Error ? error.message : String(error)}`, level: 'warn' };
        requestRedraw();
      },
    );
  };
  /** `S` asks first, as the page does; the next key answers (y stops every CP, anything else cancels). */
  let confirmingStopAll = false;
  const act = (action: PanelAction) => {
    const index = cps.findIndex((cp) => cp.id === selectedId);
    switch (action) {
      case 'up':
      case 'down': {
        if (cps.length === 0) return;
        const step = action === 'up' ? -1 : 1;
        selectedId = cps[Math.min(cps.length - 1, Math.max(0, (index < 0 ? 0 : index) + step))]!.id;
        return requestRedraw();
      }
      case 'stop': {
        const id = selectedId;
        if (id !== undefined) run(`Stop ${id}`, () => operations.stopCp(id, 'operator (panel)'));
        return;
      }
      case 'resume': {
        const id = selectedId;
        if (id !== undefined) run(`Resume ${id}`, () => operations.resumeCp(id));
        return;
      }
      case 'stop-all':
        confirmingStopAll = true;
        notice = { text: 'Stop ALL CPs? y = yes, other = no', level: 'warn' };
        return requestRedraw();
      case 'resume-all':
        return run('Resume all', () => operations.resumeAll());
      case 'accept': {
        // The oldest pending CP: its Monitor is registered at its next hello.
        const first = waiting()[0];
        if (first) run(`Accept ${first.id}`, () => operations.acceptCp(first.id));
        else {
          notice = { text: 'No CP waits for acceptance', level: 'info' };
          requestRedraw();
        }
        return;
      }
      case 'quit':
        return options.onQuit?.();
    }
  };
  const onData = (chunk: Buffer | string) => {
    let text = chunk.toString();
    if (confirmingStopAll && text.length > 0) {
      confirmingStopAll = false;
      const answer = text[0]!;
      text = text.slice(1);
      if (answer === 'y' || answer === 'Y') run('Stop all', () => operations.stopAll('operator (panel)'));
      else if (answer === '\x03') return options.onQuit?.();
      else {
        notice = { text: 'Stop all cancelled', level: 'info' };
        requestRedraw();
      }
    }
    for (const action of parseKeys(text)) act(action);
  };

  const onRemoved = (cpId: string) => {
    cps = cps.filter((cp) => cp.id !== cpId);
    if (selectedId === cpId) selectedId = cps[0]?.id;
    requestRedraw();
  };
  operations.on('cp-updated', onCp);
  operations.on('cp-removed', onRemoved);
  operations.on('event', onEvent);
  // The header's refused count (issue 9) moves at once, not at the next blink.
  operations.on('rejected', requestRedraw);
  output.on('resize', onResize);
  input.on('data', onData);
  const rawMode = Boolean(input.isTTY && input.setRawMode);
  if (rawMode) input.setRawMode!(true);
  input.resume();
  const ticker = setInterval(() => {
    blinkOn = !blinkOn;
    requestRedraw();
  }, TICK_MS);
  ticker.unref();
  screen.open();
  drawNow();

  return {
    close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      if (redrawTimer) clearTimeout(redrawTimer);
      operations.off('cp-updated', onCp);
      operations.off('cp-removed', onRemoved);
      operations.off('event', onEvent);
      operations.off('rejected', requestRedraw);
      output.off('resize', onResize);
      input.off('data', onData);
      if (rawMode) input.setRawMode!(false);
      input.pause();
      screen.close();
    },
  };
}
