/**
 * Where notifications may go. Production: https only, never loopback, private or link-local
 * addresses, checked when the alias is set and again on the addresses a name resolves to at
 * delivery (no SSRF through DNS); the sandbox: http or https to any host. Deliveries are made by the
 * real sender against a real receiver on loopback, which must receive nothing when refused.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../../src/shared/errors.ts';
import { checkCallbackUrl, checkResolvesPublic, isForbiddenAddress } from '../../src/notifications/url-policy.ts';
import { HttpNotificationSender } from '../../src/notifications/notification.sender.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

const refused = (url: string, mode: 'production' | 'sandbox', message: RegExp) =>
  assert.throws(
    () => checkCallbackUrl(url, mode),
    (err: unknown) => err instanceof DomainError && err.kind === 'invalid' && message.test(err.message),
    url,
  );

test('production accepts only https URLs on public hosts', () => {
  assert.equal(checkCallbackUrl('https://till.example.com/notify', 'production'), 'https://till.example.com/notify');
  assert.equal(checkCallbackUrl('https://93.184.216.34:8443/n', 'production'), 'https://93.184.216.34:8443/n');
  refused('http://till.example.com/notify', 'production', /https/);
  refused('ftp://till.example.com/', 'production', /https/);
  refused('https://user:pw@till.example.com/', 'production', /user name or password/);
  refused('https://till.example.com/#x', 'production', /fragment/);
  refused('not a url', 'production', /absolute URL/);
  for (const host of [
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.8',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '[::1]',
    '[fe80::1]',
    '[fd00::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:a9fe:a9fe]',
    'localhost',
    'localhost.',
    'api.localhost',
  ]) {
    refused(`https://${host}/notify`, 'production', /public host/);
  }
});

test('the sandbox accepts http and https to any host, an integrator laptop included', () => {
  for (const url of ['http://localhost:3000/notify', 'http://127.0.0.1/n', 'https://192.168.1.20/n', 'http://[::1]:8080/'])
    assert.equal(checkCallbackUrl(url, 'sandbox'), new URL(url).href);
  refused('ftp://localhost/', 'sandbox', /http/);
});

test('special-use addresses are refused, public ones not', () => {
  for (const ip of [
    '127.0.0.1',
    '10.1.2.3',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.1.1',
    '::1',
    '::',
    'fe80::abcd',
    'fc00::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::7f00:1',
    '224.0.0.1',
    '255.255.255.255',
  ]) {
    assert.ok(isForbiddenAddress(ip), ip);
  }
  for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '::ffff:8.8.8.8']) assert.ok(!isForbiddenAddress(ip), ip);
  assert.ok(isForbiddenAddress('not-an-ip'));
});

test('production refuses, when the alias is set, a name that resolves to a loopback address', async () => {
  // checkCallbackUrl refuses the name `localhost` itself; this is the resolution step on its own.
  await assert.rejects(checkResolvesPublic('https://localhost:8443/n', 'production'), /resolves to (127\.0\.0\.1|::1)/);
  await checkResolvesPublic('http://localhost/n', 'sandbox');
});

test('at delivery, production refuses a name that resolves to 127.0.0.1 and an address literal; nothing reaches the receiver', async () => {
  const sender = new HttpNotificationSender('production');
  try {
    // A name an alias was validated with and that resolves to loopback by the time of delivery.
    for (const url of [`https://localhost:${receiver.port}/notify`]) {
      const outcome = await sender.send({ url, body: '{}', headers: {} });
      assert.ok('error' in outcome && /resolves to (127\.0\.0\.1|::1)/.test(outcome.error), JSON.stringify(outcome));
    }
    const literal = await sender.send({ url: `https://127.0.0.1:${receiver.port}/notify`, body: '{}', headers: {} });
    assert.ok('error' in literal && /loopback/.test(literal.error), JSON.stringify(literal));
    const plain = await sender.send({ url: `http://example.com:${receiver.port}/notify`, body: '{}', headers: {} });
    assert.ok('error' in plain && /https only/.test(plain.error), JSON.stringify(plain));
    assert.equal(receiver.received.length, 0);
  } finally {
    sender.close();
  }
});

test('the sandbox sender posts to loopback and reports the status; a silent endpoint times out', async () => {
  const sender = new HttpNotificationSender('sandbox', 300);
  const silent: Server = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    receiver.statuses.push(404);
    assert.deepEqual(await sender.send({ url: receiver.url, body: '{"a":1}', headers: { 'x-test': '1' } }), { status: 404 });
    assert.deepEqual(await sender.send({ url: receiver.url, body: '{"a":2}', headers: {} }), { status: 200 });
    assert.equal(receiver.received[0]?.body, '{"a":1}');
    assert.equal(receiver.received[0]?.headers['x-test'], '1');
    const timedOut = await sender.send({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, body: '{}', headers: {} });
    assert.ok('error' in timedOut && /no answer within 300 ms/.test(timedOut.error), JSON.stringify(timedOut));
  } finally {
    sender.close();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});

test('an answer cut off mid-body, or a body that never ends, still ends the attempt: at once, or at its timeout', async () => {
  const sender = new HttpNotificationSender('sandbox', 300);
  // Headers promise 100 bytes; the first endpoint sends 2 and hangs up, the second sends 2 and waits.
  const endpoint = (hangUp: boolean) =>
    createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('ok');
        if (hangUp) setTimeout(() => res.socket?.destroy(), 20);
      });
    });
  const cut = endpoint(true);
  const stalled = endpoint(false);
  await Promise.all([cut, stalled].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
  try {
    let started = performance.now();
    const cutOff = await sender.send({ url: url(cut), body: '{}', headers: {} });
    assert.ok('error' in cutOff, JSON.stringify(cutOff));
    assert.ok(performance.now() - started < 250, 'a hang-up ends the attempt before its timeout');
    started = performance.now();
    const neverEnds = await sender.send({ url: url(stalled), body: '{}', headers: {} });
    assert.ok('error' in neverEnds && /no answer within 300 ms/.test(neverEnds.error), JSON.stringify(neverEnds));
    assert.ok(performance.now() - started < 2000);
  } finally {
    sender.close();
    for (const s of [cut, stalled]) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }
});
