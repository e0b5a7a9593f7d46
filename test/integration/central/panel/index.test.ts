import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { startPanel, type PanelHandle } from '../../../../central/panel/index.ts';
import { FakeOperations, aChargingCpView, aCpView } from '../../../helpers/fake-operations.ts';

/** Everything the panel wrote, and a way to wait until some text shows up in it. */
class Terminal extends PassThrough {
  columns = 100;
  rows = 30;
  text = '';
  constructor() {
    super();
    this.on('data', (chunk: Buffer) => {
      this.text += chunk.toString();
      this.emit('grew');
    });
  }

  /** Resolves once `pattern` appears in what was written after `from`. */
  async waitFor(pattern: string | RegExp, from = 0): Promise<void> {
    const seen = () => (typeof pattern === 'string' ? this.text.slice(from).includes(pattern) : pattern.test(this.text.slice(from)));
    while (!seen()) await once(this, 'grew');
  }
}

describe('central/panel startPanel (PassThrough terminal, fake operations)', () => {
  let operations: FakeOperations;
  let input: PassThrough;
  let output: Terminal;
  let panel: PanelHandle;
  let quit: Promise<void>;

  beforeEach(() => {
    operations = new FakeOperations({ cps: [aChargingCpView({ id: 'CP1' }), aCpView({ id: 'CP2', state: 'STOPPED', location: 'Yard' })] });
    input = new PassThrough();
    output = new Terminal();
    let onQuit!: () => void;
    quit = new Promise<void>((resolve) => (onQuit = resolve));
    panel = startPanel({ operations, input, output, onQuit });
  });
  afterEach(() => panel.close());

  it('draws a row per CP at once', async () => {
    await output.waitFor('▸ CP1  ● CHARGING      Lab 1     D1');
    await output.waitFor('  CP2  ● OUT OF ORDER  Yard');
  });

  it('s stops the selected CP and the row turns Out of Order', async () => {
    await output.waitFor('CP1');
    const mark = output.text.length;
    const updated = once(operations, 'cp-updated');
    input.write('s');
    await updated;
    assert.deepEqual(operations.calls, [{ op: 'stopCp', cpId: 'CP1', reason: 'operator (panel)' }]);
    await output.waitFor('▸ CP1  ● OUT OF ORDER', mark);
    await output.waitFor('Stop CP1: done', mark);
  });

  it('↓ then r resumes the next CP', async () => {
    const updated = once(operations, 'cp-updated');
    input.write('\x1b[B');
    input.write('r');
    await updated;
    assert.deepEqual(operations.calls, [{ op: 'resumeCp', cpId: 'CP2' }]);
    await output.waitFor('▸ CP2  ● AVAILABLE');
  });

  it('S asks first: any key but y cancels, y stops every CP; R resumes all', async () => {
    input.write('S');
    await output.waitFor('y = yes, other = no');
    input.write('n');
    await output.waitFor('Stop all cancelled');
    assert.deepEqual(operations.calls, []);
    input.write('S');
    await output.waitFor('y = yes, other = no');
    input.write('y');
    await output.waitFor('Stop all: done');
    input.write('R');
    await output.waitFor('Resume all: done');
    assert.deepEqual(operations.calls, [{ op: 'stopAll', reason: 'operator (panel)' }, { op: 'resumeAll' }]);
  });

  it('follows cp-updated and event lines from the operations', async () => {
    await output.waitFor('CP1');
    const mark = output.text.length;
    operations.putCp(aCpView({ id: 'CP3', state: 'FAULTED', location: 'Roof' }));
    operations.log('KO pressed', { cpId: 'CP3', level: 'warn' });
    await output.waitFor('CP3  ● FAULTED       Roof', mark);
    await output.waitFor(/CP3  KO pressed/, mark);
  });

  it('shows CPs waiting as PENDING and a accepts the oldest (registration approve)', async () => {
    operations.pending.push({ id: 'CP9', state: 'PENDING', location: 'Lab 9', firstSeenMs: 1, lastSeenMs: 2, attempts: 2 });
    await output.waitFor('1 pending: CP9 (a accepts CP9)');
    input.write('a');
    await output.waitFor('Accept CP9: done');
    assert.deepEqual(operations.calls, [{ op: 'acceptCp', cpId: 'CP9' }]);
    input.write('a');
    await output.waitFor('No CP waits for acceptance');
  });

  it('counts refused inputs in the header as they happen (issue 9)', async () => {
    await output.waitFor('0 refused · device bus');
    const mark = output.text.length;
    operations.rejected('mqtt', 'bad-login');
    operations.rejected('http', 'bad-token');
    await output.waitFor('2 refused · device bus', mark);
  });

  it('q calls onQuit and leaves the process alone', async () => {
    input.write('q');
    await quit;
    assert.deepEqual(operations.calls, []);
  });

  it('stops listening and drawing once closed', async () => {
    await output.waitFor('CP1');
    panel.close();
    const mark = output.text.length;
    input.write('s');
    operations.putCp(aCpView({ id: 'CP9' }));
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(operations.calls, []);
    assert.equal(output.text.slice(mark), '');
    assert.equal(operations.listenerCount('cp-updated'), 0);
  });
});

describe('central/panel on a TTY', () => {
  it('puts the input in raw mode and restores it and the screen on close', async () => {
    const modes: boolean[] = [];
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (mode: boolean) => modes.push(mode) });
    const output = Object.assign(new Terminal(), { isTTY: true });
    const panel = startPanel({ operations: new FakeOperations({ cps: [aCpView()] }), input, output });
    await output.waitFor('\x1b[?1049h');
    panel.close();
    await output.waitFor('\x1b[?25h\x1b[?1049l');
    assert.deepEqual(modes, [true, false]);
  });
});
