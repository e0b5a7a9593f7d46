import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromKafka, parseTopic, patterns, toKafka, topicMatches, topics } from '../../../protocol/topics.ts';

const ownerId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const builders = Object.entries(topics);
/** MQTT-style names outside evc/…: segments without dots (the Kafka mapping turns / into .). */
const otherTopic = fc
  .array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 6 })
  .map((segments) => segments.join('/'))
  .filter((topic) => parseTopic(topic) === undefined);

describe('protocol/topics (DESIGN §4.4–4.5)', () => {
  it('names every topic of the contract', () => {
    assert.equal(topics.cpCommands('CP1'), 'evc/cp/CP1/cmd');
    assert.equal(topics.cpEvents('CP1'), 'evc/cp/CP1/events');
    assert.equal(topics.cpTelemetry('CP1'), 'evc/cp/CP1/telemetry');
    assert.equal(topics.cpOnline('CP1'), 'evc/cp/CP1/online');
    assert.equal(topics.driverRequests('D1'), 'evc/drivers/D1/requests');
    assert.equal(topics.driverEvents('D1'), 'evc/drivers/D1/events');
  });

  it('maps to the Kafka names of DESIGN §4.5 with the owner as key', () => {
    assert.deepEqual(toKafka('evc/drivers/D1/requests'), { topic: 'evc.drivers.requests', key: 'D1' });
    assert.deepEqual(toKafka('evc/drivers/D1/events'), { topic: 'evc.drivers.events', key: 'D1' });
    assert.deepEqual(toKafka('evc/cp/CP1/cmd'), { topic: 'evc.cp.cmd', key: 'CP1' });
  });

  it('parseTopic splits evc names and refuses other shapes', () => {
    assert.deepEqual(parseTopic('evc/cp/CP1/events'), { scope: 'cp', owner: 'CP1', kind: 'events' });
    for (const other of ['evc/cp/CP1', 'evc/cp//cmd', 'evc/x/CP1/cmd', 'foo/cp/CP1/cmd', 'evc/cp/CP1/cmd/extra', '']) {
      assert.equal(parseTopic(other), undefined, other);
    }
  });

  it('property: fromKafka(toKafka(t)) = t for every contract topic and any id', () => {
    fc.assert(
      fc.property(fc.constantFrom(...builders), ownerId, ([, build], id) => {
        const topic = build(id);
        const kafka = toKafka(topic);
        assert.equal(kafka.key, id);
        assert.equal(fromKafka(kafka.topic, kafka.key), topic);
      }),
    );
  });

  it('property: topics outside evc/… round-trip too, without a key', () => {
    fc.assert(
      fc.property(otherTopic, (topic) => {
        const kafka = toKafka(topic);
        assert.equal(kafka.key, undefined);
        assert.equal(fromKafka(kafka.topic, kafka.key), topic);
      }),
    );
  });

  it('property: every contract topic matches its own pattern and no other', () => {
    const patternOf: Record<string, string> = {
      cpCommands: patterns.allCpCommands,
      cpEvents: patterns.allCpEvents,
      cpTelemetry: patterns.allCpTelemetry,
      cpOnline: patterns.allCpOnline,
      driverRequests: patterns.allDriverRequests,
      driverEvents: patterns.allDriverEvents,
    };
    fc.assert(
      fc.property(fc.constantFrom(...builders), ownerId, ([name, build], id) => {
        const topic = build(id);
        for (const [other, pattern] of Object.entries(patternOf)) assert.equal(topicMatches(pattern, topic), other === name, `${pattern} ${topic}`);
        assert.ok(topicMatches(topic, topic));
        assert.ok(topicMatches('#', topic));
        assert.ok(topicMatches(`evc/${topic.split('/')[1]}/${id}/#`, topic));
      }),
    );
  });

  it('topicMatches follows MQTT wildcard rules', () => {
    assert.ok(topicMatches('evc/#', 'evc'), '# also matches the parent level');
    assert.ok(topicMatches('evc/+/CP1/cmd', 'evc/cp/CP1/cmd'));
    assert.equal(topicMatches('evc/+', 'evc'), false, '+ needs a level');
    assert.equal(topicMatches('evc/+', 'evc/cp/CP1'), false, '+ is one level only');
    assert.equal(topicMatches('evc/cp/CP1', 'evc/cp/CP1/cmd'), false);
    assert.equal(topicMatches('evc/cp/CP1/cmd', 'evc/cp/CP1'), false);
    assert.equal(topicMatches('evc/cp/CP1/cmd', 'evc/cp/CP2/cmd'), false);
  });
});
