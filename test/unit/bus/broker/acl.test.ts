import assert from 'node:assert/strict';
import { mayPublish, maySubscribe, mayUseClientId, type Role } from '../../../../bus/broker/acl.ts';
import { topics } from '../../../../protocol/index.ts';

const cp: Role = { kind: 'cp', id: 'CP1' };
const driver: Role = { kind: 'driver', id: 'D1' };
const central: Role = { kind: 'central', id: 'central' };

describe('bus/broker/acl (DESIGN §4.4–4.5)', function () {
  describe('a CP', function () {
    it('publishes its own events, telemetry and online', function () {
      for (const topic of [topics.cpEvents('CP1'), topics.cpTelemetry('CP1'), topics.cpOnline('CP1')]) {
        assert.equal(mayPublish(cp, topic), true, topic);
      }
    });

    it('may retain only its online flag', function () {
      assert.equal(mayPublish(cp, topics.cpOnline('CP1'), true), true);
      assert.equal(mayPublish(cp, topics.cpEvents('CP1'), true), false);
    });

    it('never publishes commands, another CP\'s topics or anything else', function () {
      for (const topic of [
        topics.cpCommands('CP1'),
        topics.cpEvents('CP2'),
        topics.cpOnline('CP2'),
        topics.driverEvents('CP1'),
        topics.driverRequests('D1'),
        'evc/cp/CP1/events/extra',
        'evc/cp/CP1/',
        'evc/cp/CP10/events',
        'other/topic',
      ]) {
        assert.equal(mayPublish(cp, topic), false, topic);
      }
    });

    it('subscribes to its own commands only, never with wildcards', function () {
      assert.equal(maySubscribe(cp, topics.cpCommands('CP1')), true);
      for (const pattern of ['evc/cp/CP2/cmd', 'evc/cp/+/cmd', 'evc/cp/CP1/#', 'evc/cp/CP1/+', '#', topics.cpEvents('CP1')]) {
        assert.equal(maySubscribe(cp, pattern), false, pattern);
      }
    });
  });

  describe('a driver', function () {
    it('publishes its own requests, not retained', function () {
      assert.equal(mayPublish(driver, topics.driverRequests('D1')), true);
      assert.equal(mayPublish(driver, topics.driverRequests('D1'), true), false);
    });

    it('never publishes another driver\'s requests, events or CP topics', function () {
      for (const topic of [topics.driverRequests('D2'), topics.driverEvents('D1'), topics.cpCommands('D1'), topics.cpEvents('CP1')]) {
        assert.equal(mayPublish(driver, topic), false, topic);
      }
    });

    it('reads its own events and no one else\'s', function () {
      assert.equal(maySubscribe(driver, topics.driverEvents('D1')), true);
      for (const pattern of [topics.driverEvents('D2'), 'evc/drivers/+/events', 'evc/drivers/#', topics.driverRequests('D1')]) {
        assert.equal(maySubscribe(driver, pattern), false, pattern);
      }
    });
  });

  it('central may publish and subscribe to everything', function () {
    assert.equal(mayPublish(central, topics.cpCommands('CP1')), true);
    assert.equal(mayPublish(central, topics.driverEvents('D9'), true), true);
    assert.equal(maySubscribe(central, '#'), true);
  });

  it('an id with wildcard or separator characters gets nothing', function () {
    const sneaky: Role = { kind: 'cp', id: '+' };
    assert.equal(maySubscribe(sneaky, 'evc/cp/+/cmd'), false);
    assert.equal(mayPublish({ kind: 'driver', id: 'a/b' }, 'evc/drivers/a/b/requests'), false);
    assert.equal(mayUseClientId({ kind: 'cp', id: 'CP.1' }, 'CP.1'), false);
  });

  it('a CP or driver must use its own id as client id, optionally with a .suffix', function () {
    assert.equal(mayUseClientId(cp, 'CP1'), true);
    assert.equal(mayUseClientId(cp, 'CP1.engine'), true);
    assert.equal(mayUseClientId(cp, 'CP10'), false);
    assert.equal(mayUseClientId(cp, 'CP2'), false);
    assert.equal(mayUseClientId(driver, 'CP1'), false);
    assert.equal(mayUseClientId(central, 'anything-at-all'), true);
  });
});
