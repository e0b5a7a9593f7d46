import assert from 'node:assert/strict';
import { pino } from 'pino';
import { CoreInputs, EffectAbortedError, type EffectStore } from '../../../../central/app/core-inputs.ts';
import { CentralCore, type Effect, type TicketFields } from '../../../../central/core/index.ts';

const ticket: TicketFields = {
  sessionId: 'S1', cpId: 'CP1', driverId: 'D1', startedAt: 1, endedAt: 2, durationS: 1,
  kWh: 2, pricePerKwh: 0.5, amount: 1, currency: 'EUR', reason: 'unplugged',
};

/** A store whose session-end write finishes only when the test says so. */
function recordingRig(options: { failEnd?: boolean } = {}) {
  const log: string[] = [];
  let finishEnd!: () => void;
  const endWritten = new Promise<void>((resolve) => (finishEnd = resolve));
  const store: EffectStore = {
    registerCp: async (cp) => void log.push(`register ${cp.id}`),
    removeCp: async (cpId) => void log.push(`remove ${cpId}`),
    updateCp: async (cp) => void log.push(`update ${cp.id}`),
    saveDriver: async (driver) => void log.push(`driver ${driver.id}`),
    persistSession: async (session) => void log.push(`session ${session.id}`),
    persistSessionEnd: async (t) => {
      log.push(`end ${t.sessionId} started`);
      await endWritten;
      if (options.failEnd) throw new Error('disk full');
      log.push(`end ${t.sessionId} on disk`);
    },
    appendOperatorAction: async (line) => void log.push(`ledger ${line.action}`),
    holdTicket: async (driverId, held) => void log.push(`hold ${driverId} ${held.sessionId}`),
    releaseTicket: (driverId, sessionId) => log.push(`release ${driverId} ${sessionId}`) > 0,
  };
  const errors: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
  const core = new CentralCore({ now: () => 0, newId: () => 'id' });
  const inputs = new CoreInputs({
    core,
    store,
    outlets: {
      sendDevice: (cpId, message) => log.push(`device ${cpId} ${message.type}`),
      sendDriver: (driverId, message) => log.push(`driver ${driverId} ${message.type}`),
      sendMonitor: (linkId, message) => log.push(`monitor ${linkId} ${message.type}`),
      closeMonitorLink: (linkId) => log.push(`close ${linkId}`),
      scheduleTick: (atMs) => log.push(`tick ${atMs}`),
    },
    listener: {
      cpUpdated: (cpId) => log.push(`view ${cpId}`),
      cpRemoved: (cpId) => log.push(`removed ${cpId}`),
      pendingUpdated: () => log.push('pending'),
      sessionEnded: (t) => log.push(`ended ${t.sessionId}`),
      logged: (level, message) => log.push(`${level} ${message}`),
      rejected: (source, reason) => log.push(`rejected ${source} ${reason}`),
    },
    logger,
  });
  /** An input that emits `effects` as the core's handlers would. */
  const emitting = (effects: Effect[]) => (c: CentralCore) => effects.forEach((effect) => c.emit(effect));
  return { log, errors, inputs, finishEnd, emitting };
}

const sessionEndEffects: Effect[] = [
  { kind: 'cp-updated', cpId: 'CP1' },
  { kind: 'persist-session-end', ticket },
  { kind: 'send-device', cpId: 'CP1', message: { type: 'ack', id: 'a1', ts: 3, re: 'e1' } },
  { kind: 'send-driver', driverId: 'D1', message: { type: 'ticket', id: 't1', ts: 3, ...ticket } },
  { kind: 'cp-updated', cpId: 'CP1' },
  { kind: 'log', level: 'info', message: 'session S1 ended' },
];

describe('central/app CoreInputs', () => {
  describe('carrying out effects', () => {
    it('sends the ack and the ticket only after the session end is on disk (DESIGN §5)', async () => {
      const { log, inputs, finishEnd } = recordingRig();
      const running = inputs.carryOut(sessionEndEffects);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(log, ['end S1 started'], 'nothing after the write runs while it is pending');
      finishEnd();
      await running;
      assert.deepEqual(log, ['end S1 started', 'end S1 on disk', 'ended S1', 'device CP1 ack', 'driver D1 ticket', 'info session S1 ended', 'view CP1']);
    });

    it('skips what follows a failed durable write, and still refreshes the views', async () => {
      const { log, inputs, finishEnd } = recordingRig({ failEnd: true });
      finishEnd();
      await assert.rejects(inputs.carryOut(sessionEndEffects), (error: unknown) => error instanceof EffectAbortedError && /disk full/.test(error.message));
      assert.deepEqual(log, ['end S1 started', 'view CP1']);
    });

    it('tells the views of pending CPs once per input, after its effects (issue 14)', async () => {
      const { log, inputs } = recordingRig();
      await inputs.carryOut([{ kind: 'pending-updated' }, { kind: 'send-monitor', linkId: 'L1', message: { type: 'reject', id: 'r', ts: 1, code: 'PENDING', message: 'wait' } }, { kind: 'pending-updated' }]);
      assert.deepEqual(log, ['monitor L1 reject', 'pending']);
    });

    it('a failed durable write fails only its input: logged, and the next input runs', async () => {
      const { log, errors, inputs, finishEnd, emitting } = recordingRig({ failEnd: true });
      finishEnd();
      await inputs.submit(emitting(sessionEndEffects), 'session-ended S1');
      await inputs.submit(emitting([{ kind: 'schedule-tick', atMs: 7, reason: 'r' }]), 'next');
      assert.deepEqual(log, ['end S1 started', 'view CP1', 'tick 7']);
      assert.match(errors.join(''), /"input":"session-ended S1".*"msg":"input failed"/);
    });

    it('runs the other kinds in order, coalesced writes without waiting', async () => {
      const { log, inputs } = recordingRig();
      await inputs.carryOut([
        { kind: 'ledger-append', line: { kind: 'operator', action: 'stop', cpId: 'CP1', atMs: 1, scope: 'one' } },
        { kind: 'persist-cp', cp: { id: 'CP1', location: { label: 'L' }, pricePerKwh: 1, lastState: 'STOPPED', operatorStopped: true } },
        { kind: 'send-monitor', linkId: 'link-1', message: { type: 'reject', id: 'r', ts: 1, code: 'DUPLICATE', message: 'x' } },
        { kind: 'close-monitor-link', linkId: 'link-1', reason: 'rejected' },
        { kind: 'schedule-tick', atMs: 42, reason: 'r' },
        { kind: 'log', level: 'debug', message: 'not for the feed' },
      ]);
      assert.deepEqual(log, ['ledger stop', 'update CP1', 'monitor link-1 reject', 'close link-1', 'tick 42']);
    });
  });

  describe('the input queue', () => {
    it('the next input runs while a write is pending; its effects wait for that write, in order', async () => {
      const { log, inputs, finishEnd, emitting } = recordingRig();
      const first = inputs.submit(emitting(sessionEndEffects), 'session-ended S1');
      const second = inputs.submit(emitting([
        { kind: 'persist-session', session: { id: 'S2', cpId: 'CP2', driverId: 'D2', status: 'reserved', requestId: 'r', authorizedAt: 1, expiresAt: 2, pricePerKwh: 1, currency: 'EUR', kW: 0, kWh: 0 } },
        { kind: 'send-driver', driverId: 'D2', message: { type: 'accepted', id: 'x', ts: 1, re: 'r' } },
      ]), 'charge D2');
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(log, ['end S1 started', 'session S2'], "the second input's write started without waiting for the first");
      finishEnd();
      await Promise.all([first, second]);
      assert.deepEqual(log.slice(2), ['end S1 on disk', 'ended S1', 'device CP1 ack', 'driver D1 ticket', 'info session S1 ended', 'view CP1', 'driver D2 accepted']);
    });


    it('runs inputs one at a time in submit order, even when earlier ones are slower', async () => {
      const { inputs } = recordingRig();
      const log: string[] = [];
      const slow = inputs.submit(async () => {
        log.push('a start');
        await new Promise((resolve) => setImmediate(resolve));
        log.push('a end');
      }, 'a');
      const fast = inputs.submit(() => void log.push('b'), 'b');
      assert.equal(inputs.pending, 2);
      await Promise.all([slow, fast]);
      assert.deepEqual(log, ['a start', 'a end', 'b']);
      assert.equal(inputs.pending, 0);
    });

    it('a failing input is logged and does not stop the next; its half-emitted effects are dropped', async () => {
      const { log, errors, inputs } = recordingRig();
      await inputs.submit((c) => {
        c.emit({ kind: 'schedule-tick', atMs: 1, reason: 'r' });
        throw new Error('boom');
      }, 'bad input');
      await inputs.submit((c) => c.emit({ kind: 'schedule-tick', atMs: 2, reason: 'r' }), 'next');
      assert.deepEqual(log, ['tick 2']);
      assert.match(errors.join(''), /boom/);
    });

    it('after close, waits for queued inputs and refuses new ones', async () => {
      const { log, inputs, emitting } = recordingRig();
      const queued = inputs.submit(emitting([{ kind: 'schedule-tick', atMs: 3, reason: 'r' }]), 'queued');
      await inputs.close();
      await queued;
      assert.deepEqual(log, ['tick 3']);
      await assert.rejects(inputs.submit(() => undefined, 'late'), /closing; late was not handled/);
    });
  });
});
