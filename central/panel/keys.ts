export type PanelAction = 'up' | 'down' | 'stop' | 'resume' | 'stop-all' | 'resume-all' | 'accept' | 'quit';

const SEQUENCES: ReadonlyArray<readonly [string, PanelAction]> = [
  ['\x1b[A', 'up'],
  ['\x1bOA', 'up'],
  ['\x1b[B', 'down'],
  ['\x1bOB', 'down'],
  ['k', 'up'],
  ['j', 'down'],
  ['s', 'stop'],
  ['r', 'resume'],
  ['S', 'stop-all'],
  ['R', 'resume-all'],
  ['a', 'accept'],
  ['q', 'quit'],
  // Raw mode turns Ctrl-C into a byte instead of SIGINT; it still means quit.
  ['\x03', 'quit'],
];

/** The actions in one chunk of keyboard input (several keys may arrive together); other bytes are ignored. */
export function parseKeys(chunk: string): PanelAction[] {
  const actions: PanelAction[] = [];
  let rest = chunk;
  while (rest.length > 0) {
    const hit = SEQUENCES.find(([sequence]) => rest.startsWith(sequence));
    if (hit) {
      actions.push(hit[1]);
      rest = rest.slice(hit[0].length);
    } else if (rest.startsWith('\x1b[') || rest.startsWith('\x1bO')) {
      // An escape sequence we do not use (other arrows, function keys): skip it whole.
      const end = rest.slice(2).search(/[\x40-\x7e]/);
      rest = end < 0 ? '' : rest.slice(end + 3);
    } else {
      rest = rest.slice(1);
    }
  }
  return actions;
}
