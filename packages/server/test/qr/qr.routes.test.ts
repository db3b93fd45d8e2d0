// @test-pass: once
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { addPosFixture, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { createTill } from '../helpers/payments.ts';
import { posCall } from '../helpers/pos.ts';
import { decodePng, decodeQr } from '../helpers/png.ts';
import { beaconIdFromScan, posQrUrl } from '../../src/qr/pos-qr.ts';

const PRODUCTION = {
  POSV10_MODE: 'production',
  POSV10_ADMIN_TOKEN: 'a'.repeat(40),
  POSV10_KEY_ENCRYPTION_SECRET: 'b'.repeat(40),
  // The till below has no self-certification certificate; admission is tested in test/certificates.
  POSV10_REQUIRE_CERTIFIED_CLIENTS: 'false',
};

describe('QR codes (sandbox)', () => {
  let t: TestPlatform;
  let f: PosFixture;
  before(async () => {
    t = await startTestPlatform();
    f = await addPosFixture(t);
  });
  after(() => t.close());

  it('the PNG of a PoS decodes to the documented mobilepaypos URL, lower case, with the beacon id and never the posId', async () => {
    const guid = 'CD851CD7-8398-4A03-83C1-391A2F5CB71C';
    const till = await createTill(t.app, f, { beaconId: guid });
    for (const asked of [guid, guid.toLowerCase()]) {
      const res = await t.app.inject({ method: 'GET', url: `/qr/${asked}.png` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'image/png');
      assert.equal(res.headers['cache-control'], 'public, max-age=300');
      const image = decodePng(res.rawPayload);
      assert.ok(Math.abs(image.width - 256) <= 40, `about 256 px wide: ${image.width}`);
      const decoded = decodeQr(image);
      assert.equal(decoded, `mobilepaypos://pos?id=${guid.toLowerCase()}&source=qr`);
      assert.ok(!decoded.includes(till.posId));
    }
  });

  it('the SVG is an image of the asked size; 15-digit beacon ids work; size is validated and bounded', async () => {
    await createTill(t.app, f, { beaconId: '123456789012345' });
    const svg = await t.app.inject({ method: 'GET', url: '/qr/123456789012345.svg?size=512' });
    assert.equal(svg.statusCode, 200, svg.body);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="512" height="512" viewBox=/);
    // The API-wide CSP stays on the image: an SVG opened directly can run nothing.
    assert.match(String(svg.headers['content-security-policy']), /default-src 'none'/);
    const big = decodePng((await t.app.inject({ method: 'GET', url: '/qr/123456789012345.png?size=512' })).rawPayload);
    assert.equal(decodeQr(big), 'mobilepaypos://pos?id=123456789012345&source=qr');
    for (const size of ['63', '2049', '99999', 'abc', '1.5', '-100', '']) {
      const res = await t.app.inject({ method: 'GET', url: `/qr/123456789012345.svg?size=${size}` });
      assert.equal(res.statusCode, 400, `size=${size}: ${res.body}`);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    for (const size of ['64', '2048']) assert.equal((await t.app.inject({ method: 'GET', url: `/qr/123456789012345.png?size=${size}` })).statusCode, 200);
  });

  it('an invalid beacon id is 400; an unknown one, or one whose PoS was deleted, is 404; other names are 404', async () => {
    const till = await createTill(t.app, f);
    assert.equal((await t.app.inject({ method: 'GET', url: `/qr/${till.beaconId}.svg` })).statusCode, 200);
    for (const bad of ['12345', '1234567890123456', 'not-a-guid', 'cd851cd7-8398-4a03-83c1-391a2f5cb71z']) {
      const res = await t.app.inject({ method: 'GET', url: `/qr/${bad}.png` });
      assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
      assert.match(res.json<{ message: string }>().message, /GUID or 15 digits/);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/qr/999999999999999.svg' })).statusCode, 404);
    const deleted = await posCall(t.app, f.headers, 'DELETE', `/pos/v10/pointofsales/${till.posId}`);
    assert.equal(deleted.statusCode, 200, deleted.body);
    const gone = await t.app.inject({ method: 'GET', url: `/qr/${till.beaconId}.svg` });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.headers['cache-control'], 'no-store');
    for (const url of [`/qr/${till.beaconId}.gif`, `/qr/${till.beaconId}`, '/qr/'])
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 404, url);
  });
});

test('QR codes are served in production too, where the sandbox app does not exist', async () => {
  const t = await startTestPlatform(PRODUCTION);
  try {
    const f = await addPosFixture(t);
    const till = await createTill(t.app, f, { beaconId: '123456789012345' });
    const png = await t.app.inject({ method: 'GET', url: `/qr/${till.beaconId}.png` });
    assert.equal(png.statusCode, 200);
    const image = decodePng(png.rawPayload);
    assert.equal(decodeQr(image), 'mobilepaypos://pos?id=123456789012345&source=qr');
    for (const url of ['/sandbox/app', '/sandbox/app/', '/sandbox/app/assets/app.js', '/sandbox/app/api/places']) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 404, url);
    }
  } finally {
    await t.close();
  }
});

test('beaconIdFromScan reads a beacon id, a mobilepaypos URL or a check-in link, and nothing else', () => {
  const guid = 'cd851cd7-8398-4a03-83c1-391a2f5cb71c';
  assert.equal(posQrUrl(guid.toUpperCase()), `mobilepaypos://pos?id=${guid}&source=qr`);
  assert.throws(() => posQrUrl('12345'), RangeError);
  assert.equal(beaconIdFromScan(' 123456789012345 '), '123456789012345');
  assert.equal(beaconIdFromScan(guid.toUpperCase()), guid);
  assert.equal(beaconIdFromScan(`mobilepaypos://pos?id=${guid}&source=qr`), guid);
  assert.equal(beaconIdFromScan('MOBILEPAYPOS://POS?id=123456789012345&source=qr'), '123456789012345');
  assert.equal(beaconIdFromScan(`http://192.168.1.20:8080/sandbox/app?beaconId=${guid}#token=x`), guid);
  for (const text of [
    '',
    '12345',
    'mobilepaypos://pos?id=12345&source=qr',
    `mobilepaypos://other?id=${guid}`,
    `https://example.com/?beaconId=${guid}`,
    'x'.repeat(3000),
  ]) {
    assert.equal(beaconIdFromScan(text), undefined, text);
  }
});
