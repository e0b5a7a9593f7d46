import pc from 'picocolors';
import type { CpState } from '../../protocol/index.ts';
import { formatAmount, type CpView } from '../core/index.ts';
import type { CentralEventLine, CentralStatus } from '../operations.ts';
import { STATE_DISPLAY, formatClock, formatDurationMs, stateColour } from '../../protocol/display.ts';
import { fit, textWidth, type Colors, type Formatter } from './format.ts';

export interface PanelNotice {
  text: string;
  level: 'info' | 'warn';
}

/** Everything the panel shows; `renderPanel` is a pure function of it. */
export interface PanelState {
  cps: CpView[];
  status: CentralStatus;
  /** Oldest first; the last `EVENT_LINES` are shown. */
  events: CentralEventLine[];
  selectedId?: string;
  nowMs: number;
  /** Phase of the RESERVED blink (DESIGN §2). */
  blinkOn: boolean;
  /** The outcome of the last key command. */
  notice?: PanelNotice;
  /** Terminal rows; with more CPs than fit, the table scrolls to keep the selection in view. */
  height?: number;
  /** CPs waiting for an operator under registration approve (DESIGN §2 PENDING), oldest first; `a` accepts the first. */
  pending?: string[];
  /** IANA zone for event times; undefined = the machine's zone. */
  timeZone?: string;
}

export const EVENT_LINES = 6;
export const KEY_HELP = '↑/↓ select  s stop  r resume  S stop all  R resume all  q quit';
/** Shown only while a CP waits as PENDING, so the usual footer keeps its room. */
const ACCEPT_HELP = '  a accept';
/** Lines around the CP table besides the events: 3 header, rule, column titles, rule, rule, footer. */
const FRAME_LINES = 3 + 1 + 1 + 1 + 1 + 1;
const MIN_EVENT_LINES = 2;

type Segment = [text: string, format?: Formatter];

/** The panel shouts its state labels. */
const stateLabel = (state: CpState): string => STATE_DISPLAY[state].label.toUpperCase();

/** The whole panel as text, one line per row, no line wider than `width`. */
export function renderPanel(state: PanelState, width: number, colors: Colors = pc): string {
  const columns = columnWidths(state.cps, width);
  const eventRows = eventRowCount(state);
  const rule: Segment[] = [['─'.repeat(width), colors.dim]];
  const lines: Segment[][] = [
    ...header(state, colors),
    rule,
    tableHead(columns, colors),
    ...tableRows(state, eventRows, columns, colors),
    rule,
    ...eventLines(state, eventRows, columns, colors),
    rule,
    footer(state, colors),
  ];
  return lines.map((segments) => renderLine(segments, width)).join('\n');
}

/** PENDING is blue-grey (DESIGN §2): the panel's nearest is blue, dimmed. */
function pendingSegments(state: PanelState, colors: Colors): Segment[] {
  const pending = state.pending ?? [];
  if (pending.length === 0) return [];
  const shown = pending.slice(0, 3).join(', ') + (pending.length > 3 ? ', …' : '');
  return [[`${pending.length} pending: ${shown} (a accepts ${pending[0]})`, (text) => colors.blue(text)], ['  ']];
}

function header(state: PanelState, colors: Colors): Segment[][] {
  const { status } = state;
  const links = `${status.monitorLinks} monitor link${status.monitorLinks === 1 ? '' : 's'} on :${status.monitorPort}`;
  const counts: Segment[] = [];
  for (const cpState of COUNT_ORDER) {
    const count = state.cps.filter((cp) => cp.state === cpState).length;
    if (count === 0) continue;
    if (counts.length > 0) counts.push(['  ']);
    counts.push([`${count} ${stateLabel(cpState).toLowerCase()}`, stateColour(cpState, colors.isColorSupported)]);
  }
  return [
    [['EVC Central', (text) => colors.bold(colors.green(text))], [`  up ${formatDurationMs(state.nowMs - status.startedAtMs)} · ${links}`], ...(status.httpUrl ? [[` · ${status.httpUrl}`, colors.cyan] as Segment] : [])],
    [
      // Refused inputs (issue 9) first, so a narrow terminal never cuts them off the end of the long
      // bus labels: yellow once there is one, details in /metrics and the log.
      [`${status.rejected} refused`, status.rejected > 0 ? colors.yellow : colors.dim],
      [` · device bus ${status.deviceBus} · driver bus ${status.driverBus} · registration ${status.registration}`, colors.dim],
    ],
    // CPs waiting for the operator first: the counts after them may be cut off on a narrow terminal.
    [...pendingSegments(state, colors), ...(counts.length > 0 ? counts : [['no charging points registered', colors.dim] as Segment])],
  ];
}

interface Columns {
  id: number;
  location: number;
  driver: number;
}

const STATE_WIDTH = 14; // "● DISCONNECTED"
const KW_WIDTH = 5;
const KWH_WIDTH = 7;
const AMOUNT_WIDTH = 8;
/** Header counts in the order an operator cares about. */
const COUNT_ORDER: readonly CpState[] = ['CHARGING', 'RESERVED', 'AVAILABLE', 'STOPPED', 'FAULTED', 'DISCONNECTED'];

function columnWidths(cps: CpView[], width: number): Columns {
  const id = clamp(Math.max(2, ...cps.map((cp) => textWidth(cp.id))), 2, 12);
  const driver = clamp(Math.max(6, ...cps.map((cp) => textWidth(cp.driverId ?? ''))), 6, 12);
  const others = 2 + id + 2 + STATE_WIDTH + 2 + 2 + driver + 2 + KW_WIDTH + 2 + KWH_WIDTH + 2 + AMOUNT_WIDTH;
  const longest = Math.max(8, ...cps.map((cp) => textWidth(cp.location)));
  return { id, driver, location: clamp(width - others, 8, longest) };
}

function tableHead(columns: Columns, colors: Colors): Segment[] {
  const title = [
    '  ',
    fit('ID', columns.id),
    '  ',
    fit('STATE', STATE_WIDTH),
    '  ',
    fit('LOCATION', columns.location),
    '  ',
    fit('DRIVER', columns.driver),
    '  ',
    fit('kW', KW_WIDTH, 'right'),
    '  ',
    fit('kWh', KWH_WIDTH, 'right'),
    '  ',
    fit('€', AMOUNT_WIDTH, 'right'),
  ].join('');
  return [[title, colors.dim]];
}

/** On a short terminal the event log gives up lines (down to two) before the CP table scrolls. */
function eventRowCount(state: PanelState): number {
  if (state.height === undefined) return EVENT_LINES;
  const spare = state.height - FRAME_LINES - Math.max(1, state.cps.length);
  return Math.min(EVENT_LINES, Math.max(MIN_EVENT_LINES, spare));
}

function tableRows(state: PanelState, eventRows: number, columns: Columns, colors: Colors): Segment[][] {
  if (state.cps.length === 0) return [[['  No charging points yet: add one with  evc central add-cp CP1 --price 0.35 --location "Lab 1"', colors.dim]]];
  const selected = Math.max(0, state.cps.findIndex((cp) => cp.id === state.selectedId));
  const room = state.height === undefined ? Infinity : Math.max(2, state.height - FRAME_LINES - eventRows);
  if (state.cps.length <= room) return state.cps.map((cp) => cpRow(cp, cp.id === state.selectedId, state.blinkOn, columns, colors));
  const shown = room - 1;
  const start = clamp(selected - Math.floor(shown / 2), 0, state.cps.length - shown);
  const rows = state.cps.slice(start, start + shown).map((cp) => cpRow(cp, cp.id === state.selectedId, state.blinkOn, columns, colors));
  rows.push([[`  … ${start} above, ${state.cps.length - start - shown} below (↑/↓ scrolls)`, colors.dim]]);
  return rows;
}

function cpRow(cp: CpView, isSelected: boolean, blinkOn: boolean, columns: Columns, colors: Colors): Segment[] {
  const colour = stateColour(cp.state, colors.isColorSupported);
  // RESERVED blinks (DESIGN §2): the dot toggles, and dims with colour on.
  const blinking = cp.state === 'RESERVED' && !blinkOn;
  const stateCell = fit(`${blinking ? '○' : '●'} ${stateLabel(cp.state)}`, STATE_WIDTH);
  const figures = (value: number | undefined, digits: number, cellWidth: number) => fit(value === undefined ? '' : value.toFixed(digits), cellWidth, 'right');
  const start: Segment[] = [
    isSelected ? ['▸ ', colors.cyan] : ['  '],
    [fit(cp.id, columns.id), isSelected ? colors.bold : undefined],
    ['  '],
    [stateCell, blinking ? (text) => colors.dim(colour(text)) : colour],
    ['  '],
    [fit(cp.location || '—', columns.location)],
    ['  '],
  ];
  // Why a CP is not live ("Engine not on the device bus", "Monitor link lost") where its session's figures would be.
  if (cp.detail !== undefined && cp.driverId === undefined) return [...start, [cp.detail, colors.yellow]];
  return [
    ...start,
    [fit(cp.driverId ?? '', columns.driver)],
    ['  '],
    [figures(cp.kW, 1, KW_WIDTH)],
    ['  '],
    [figures(cp.kWh, 2, KWH_WIDTH)],
    ['  '],
    [fit(cp.amount === undefined ? '' : formatAmount(cp.amount), AMOUNT_WIDTH, 'right'), colors.green],
  ];
}

function eventLines(state: PanelState, eventRows: number, columns: Columns, colors: Colors): Segment[][] {
  const recent = state.events.slice(-eventRows);
  const lines: Segment[][] = recent.map((line) => [
    [formatClock(line.atMs, state.timeZone), colors.dim],
    ['  '],
    [fit(line.cpId ?? '', columns.id), colors.bold],
    ['  '],
    [line.text, line.level === 'warn' ? colors.yellow : undefined],
  ]);
  if (lines.length === 0) lines.push([['No events yet', colors.dim]]);
  while (lines.length < eventRows) lines.push([]);
  return lines;
}

function footer(state: PanelState, colors: Colors): Segment[] {
  const segments: Segment[] = [[(state.pending?.length ?? 0) > 0 ? KEY_HELP.replace('  q quit', `${ACCEPT_HELP}  q quit`) : KEY_HELP, colors.dim]];
  if (state.notice) segments.push(['   '], [state.notice.text, state.notice.level === 'warn' ? colors.yellow : colors.green]);
  return segments;
}

/** Cuts the segments at `width` columns, drops trailing blanks, then applies the colours. */
function renderLine(segments: Segment[], width: number): string {
  const kept: Segment[] = [];
  let used = 0;
  for (const [text, format] of segments) {
    const size = textWidth(text);
    if (used + size <= width) {
      kept.push([text, format]);
      used += size;
      continue;
    }
    if (width - used > 0) kept.push([fit(text, width - used), format]);
    break;
  }
  while (kept.length > 0 && kept.at(-1)![0].trim() === '') kept.pop();
  if (kept.length > 0) kept[kept.length - 1] = [kept.at(-1)![0].trimEnd(), kept.at(-1)![1]];
  return kept.map(([text, format]) => (format ? format(text) : text)).join('');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
