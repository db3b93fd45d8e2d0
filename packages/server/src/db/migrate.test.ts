import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { droppedMeanwhile } from './migrate.ts';

describe('droppedMeanwhile', () => {
  it('retries when another schema vanished under Kysely\'s introspection', () => {
    assert.equal(droppedMeanwhile('schema "t_other" does not exist', 't_ours'), true);
    assert.equal(droppedMeanwhile('schema "t_other" does not exist', undefined), true);
  });

  it('does not retry when our own schema is missing, or for any other failure', () => {
    assert.equal(droppedMeanwhile('schema "t_ours" does not exist', 't_ours'), false);
    assert.equal(droppedMeanwhile('relation "payments" does not exist', 't_ours'), false);
    assert.equal(droppedMeanwhile('syntax error at or near "schema"', 't_ours'), false);
  });
});
