import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, test } from 'node:test';
import { eitherSignal, sleep } from '../src/abort.ts';

describe('abort helpers', () => {
  test('eitherSignal aborts with the reason of whichever aborts first', () => {
    const a = new AbortController();
    const b = new AbortController();
    const { signal } = eitherSignal(a.signal, b.signal);
    b.abort(new Error('b went first'));
    a.abort(new Error('a'));
    assert.equal((signal.reason as Error).message, 'b went first');
  });

  test('a long-lived signal does not collect a listener per request', () => {
    const caller = new AbortController();
    for (let i = 0; i < 50; i += 1) eitherSignal(caller.signal, AbortSignal.timeout(60_000)).dispose();
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
  });

  test('sleep rejects with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await assert.rejects(sleep(10_000, controller.signal), /stop/);
    assert.ok(performance.now() - started < 1000);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
