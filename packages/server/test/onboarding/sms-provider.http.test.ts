import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSmsSender } from '../../src/onboarding/sms-sender.ts';
import { startSmsProvider, type TestSmsProvider } from '../helpers/onboarding.ts';

let provider: TestSmsProvider;
before(async () => {
  provider = await startSmsProvider();
});
after(() => provider.close());

test('posts the text as JSON with the bearer token', async () => {
  await new HttpSmsSender(provider.url, 'provider-token').send('+4520031801', 'hello');
  assert.deepEqual(provider.received.at(-1)!.body, { to: '+4520031801', body: 'hello' });
  assert.equal(provider.received.at(-1)!.headers.authorization, 'Bearer provider-token');
  assert.equal(provider.received.at(-1)!.headers['content-type'], 'application/json');
});

test('a provider error fails the send without quoting the message', async () => {
  provider.fail = true;
  try {
    await assert.rejects(new HttpSmsSender(provider.url, undefined).send('+4520031801', 'password 2345-ABCD'), (err: Error) => {
      assert.equal(err.message, 'SMS provider answered HTTP 503');
      return true;
    });
  } finally {
    provider.fail = false;
  }
});

test('an unreachable provider fails the send with the network error code', async () => {
  const closed = await startSmsProvider();
  await closed.close();
  await assert.rejects(new HttpSmsSender(closed.url, undefined).send('+4520031801', 'x'), /SMS provider unreachable \(ECONNREFUSED\)/);
});
