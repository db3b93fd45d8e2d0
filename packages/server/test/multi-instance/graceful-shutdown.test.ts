import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { openDatabase } from '../../src/platform.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { basic, DIALECTS, testConfig } from '../helpers/platform.ts';
import { sharedTestDatabase, startInstance, type Instance } from '../helpers/instances.ts';

/** Opens a connection and sends a token request's headers and the first half of its body. */
async function startSlowTokenRequest(instance: Instance, authorization: string): Promise<{ socket: Socket; finish(): void; response: Promise<string> }> {
  const { hostname, port } = new URL(instance.url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const body = 'grant_type=client_credentials&scope=integrator_scope';
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /integrator-authentication/connect/token HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: ${authorization}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, half)}`,
  );
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  const response = new Promise<string>((resolve, reject) => {
    socket.once('close', () => resolve(received));
    socket.once('error', reject);
  });
  return { socket, finish: () => socket.write(body.slice(half)), response };
}

for (const dialect of DIALECTS) {
  describe(`posv10 serve on ${dialect}: graceful shutdown`, () => {
    const database = sharedTestDatabase(dialect);
    let authorization: string;

    before(async () => {
      const handle = await openDatabase(testConfig({ POSV10_DATABASE_URL: database.url }));
      const integrator = await addIntegrator(handle.db, systemClock, { name: 'Acme PoS', email: 'dev@acme.example', phone: '+4520031801' });
      const { client, secret } = await addClient(handle.db, systemClock, integrator.id);
      authorization = basic(client.id, secret.clientSecret);
      await handle.close();
    });
    after(() => database.drop());

    test('on SIGTERM a request in flight still completes, new connections are refused, and the process exits 0', async () => {
      const instance = await startInstance(database.url);
      const slow = await startSlowTokenRequest(instance, authorization);
      // The server has routed the request (it logs it) and now waits for the rest of the body.
      await instance.waitForOutput('incoming request');
      instance.child.kill('SIGTERM');
      await instance.waitForOutput('posv10 stopping');

      await assert.rejects(fetch(`${instance.url}/healthz`), 'a stopping instance accepts no new connections');
      slow.finish();
      const response = await slow.response;
      assert.match(response, /^HTTP\/1\.1 200 /);
      assert.match(response, /"access_token":"/);
      assert.equal(await instance.exited, 0, instance.output());
      assert.match(instance.output(), /posv10 stopped/);
    });

    test('SIGINT stops an idle instance at once with exit code 0', async () => {
      const instance = await startInstance(database.url);
      const res = await fetch(`${instance.url}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(await instance.kill('SIGINT'), 0);
    });
  });
}
