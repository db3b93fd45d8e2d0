import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { withStatementCache } from './create-db.ts';

describe('withStatementCache', () => {
  it('prepares each SQL text once and reuses the statement', () => {
    const db = withStatementCache(new SQLite(':memory:'));
    const first = db.prepare('select ? as x');
    assert.equal(db.prepare('select ? as x'), first);
    assert.deepEqual(first.all([1]), [{ x: 1 }]);
    assert.deepEqual(db.prepare('select ? as x').all([2]), [{ x: 2 }]);
    db.close();
  });

  it('keeps at most the given number of statements, dropping the oldest', () => {
    const db = withStatementCache(new SQLite(':memory:'), 2);
    const a = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 3');
    assert.notEqual(db.prepare('select 1'), a);
    db.close();
  });

  it('still sees a table a migration changed after the statement was prepared', () => {
    const db = withStatementCache(new SQLite(':memory:'));
    db.prepare('create table t (a integer)').run([]);
    db.prepare('insert into t (a) values (?)').run([1]);
    assert.deepEqual(db.prepare('select * from t').all([]), [{ a: 1 }]);
    db.prepare('alter table t add column b integer default 7').run([]);
    assert.deepEqual(db.prepare('select * from t').all([]), [{ a: 1, b: 7 }]);
    db.close();
  });
});
