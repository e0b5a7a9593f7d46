import assert from 'node:assert/strict';
import { ID_RULE, isValidId } from '../../../protocol/ids.ts';

describe('protocol/ids', () => {
  it('accepts 1-64 letters, digits, _ and -', () => {
    for (const id of ['a', 'CP-001', 'driver_7', 'x'.repeat(64), '0']) assert.equal(isValidId(id), true, id);
  });

  it('refuses anything that could reach outside its own MQTT topics or client id', () => {
    for (const id of ['', 'x'.repeat(65), 'cp.1', 'cp/1', 'cp+', 'cp#', 'cp 1', 'cé', 'cp\n']) assert.equal(isValidId(id), false, JSON.stringify(id));
  });

  it('states the rule in words for error messages', () => {
    assert.equal(ID_RULE, '1-64 letters, digits, _ or -');
  });
});
