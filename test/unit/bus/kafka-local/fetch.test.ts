import { strict as assert } from 'node:assert';
import { describeMavenLine } from '../../../../bus/kafka-local/fetch.ts';

describe('bus/kafka-local fetch', function () {
  it('shows Maven jar downloads and errors, nothing else', function () {
    const line = '[INFO] Downloaded from central: https://repo/x/kafka_2.13-4.3.1.jar (6.6 MB at 3.4 MB/s)';
    assert.equal(describeMavenLine(line), '  downloaded kafka_2.13-4.3.1.jar (6.6 MB)');
    assert.equal(describeMavenLine('[INFO] Downloaded from central: https://repo/x/a.pom (2 kB at 1 MB/s)'), undefined);
    assert.equal(describeMavenLine('[ERROR] boom'), '[ERROR] boom');
    assert.equal(describeMavenLine('[INFO] BUILD SUCCESS'), undefined);
  });
});
