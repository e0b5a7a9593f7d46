import assert from 'node:assert/strict';
import { BUS_TOPICS, kafkaTopicsFor, UnmappablePatternError } from '../../../../bus/kafka/topic-map.ts';

describe('bus/kafka/topic-map', function () {
  it('creates the six topics of DESIGN §4.4–4.5', function () {
    assert.deepEqual([...BUS_TOPICS].sort(), [
      'evc.cp.cmd',
      'evc.cp.events',
      'evc.cp.online',
      'evc.cp.telemetry',
      'evc.drivers.events',
      'evc.drivers.requests',
    ]);
  });

  it('maps a literal or owner-wildcard pattern to its one topic', function () {
    assert.deepEqual(kafkaTopicsFor('evc/cp/CP1/cmd'), ['evc.cp.cmd']);
    assert.deepEqual(kafkaTopicsFor('evc/cp/+/events'), ['evc.cp.events']);
    assert.deepEqual(kafkaTopicsFor('evc/drivers/+/requests'), ['evc.drivers.requests']);
  });

  it('maps multi-level wildcards to every topic they can reach', function () {
    assert.deepEqual(kafkaTopicsFor('evc/cp/CP1/#'), ['evc.cp.cmd', 'evc.cp.events', 'evc.cp.telemetry', 'evc.cp.online']);
    assert.deepEqual(kafkaTopicsFor('evc/+/X/events'), ['evc.cp.events', 'evc.drivers.events']);
    assert.deepEqual(kafkaTopicsFor('#'), [...BUS_TOPICS]);
  });

  it('maps a literal topic outside evc/ by replacing / with .', function () {
    assert.deepEqual(kafkaTopicsFor('lab/bench/status'), ['lab.bench.status']);
  });

  it('refuses a wildcard it cannot map, saying why', function () {
    assert.throws(() => kafkaTopicsFor('lab/+/status'), UnmappablePatternError);
    assert.throws(() => kafkaTopicsFor('evc/cp/+/unknown-kind'), /wildcards work only on evc\/cp\/… and evc\/drivers\/…/);
  });
});
