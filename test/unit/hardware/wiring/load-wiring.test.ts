import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvcError } from '../../../../protocol/index.ts';
import { knownWiringProfiles, loadWiring, parseWiring } from '../../../../wiring/index.ts';

// wiring/ lives next to hardware/; its tests sit here with the hardware tests.
const aProfile = (override: Record<string, unknown> = {}) => ({ ...loadWiring('uno'), ...override });

describe('wiring/load-wiring', () => {
  it('loads every shipped profile', () => {
    for (const name of knownWiringProfiles) assert.equal(loadWiring(name).name, name);
  });

  it('has the Uno on the documented pins with internal pull-ups', () => {
    const uno = loadWiring('uno');
    assert.deepEqual(uno.leds, { green: 5, amber: 6, red: 7 });
    assert.deepEqual(uno.relay, { pin: 8, activeLevel: 'high' });
    assert.deepEqual(uno.buttons, { ko: { pin: 2, pullUp: true }, plug: { pin: 3, pullUp: true } });
    assert.equal(loadWiring('nano').relay.activeLevel, 'low');
    assert.equal(loadWiring('raspberry-pi').leds.green, 'GPIO17');
  });

  it('lists the known profiles for an unknown name (usage error)', () => {
    assert.throws(
      () => loadWiring('mega'),
      (error: unknown) =>
        error instanceof EvcError && error.code === 'UNKNOWN_WIRING' && error.exitCode === 2 && /uno, nano, raspberry-pi/.test(error.message),
    );
  });

  it('names the field that is wrong', () => {
    assert.throws(() => parseWiring(aProfile({ relay: { pin: 8, activeLevel: 'sideways' } })), /field "relay\.activeLevel"/);
    assert.throws(() => parseWiring(aProfile({ leds: { green: 5, amber: 6 } })), /field "leds\.red"/);
    assert.throws(() => parseWiring(aProfile({ extra: 1 })), /field "\(root\)".*extra/);
  });

  it('refuses two parts on one pin, naming both', () => {
    assert.throws(() => parseWiring(aProfile({ relay: { pin: 5, activeLevel: 'high' } })), /field "relay\.pin": pin 5 is already used by leds\.green/);
  });

  it('loads a profile from a file path, and says when the file is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evc-wiring-'));
    const good = join(dir, 'bench.json');
    writeFileSync(good, JSON.stringify(aProfile({ name: 'bench' })));
    assert.equal(loadWiring(good).name, 'bench');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "name": ');
    assert.throws(() => loadWiring(bad), (error: unknown) => error instanceof EvcError && error.code === 'BAD_WIRING' && error.message.includes('bad.json'));
    assert.throws(() => loadWiring(join(dir, 'missing.json')), /cannot read wiring profile/);
  });
});
