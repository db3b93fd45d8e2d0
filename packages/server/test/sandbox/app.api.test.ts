/** The sandbox app's page, assets and JSON API, without a browser: who may call it and what each call does. */
// @test-pass: once
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PAGE_CSP } from '../../src/http/html.ts';
import { addPosFixture, type PosFixture, type TestPlatform, startTestPlatform } from '../helpers/platform.ts';
import { USERS, createTill, initiateOk, statusOf } from '../helpers/payments.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';

describe('sandbox app API', () => {
  let t: TestPlatform;
  let f: PosFixture;
  let other: PosFixture;
  before(async () => {
    t = await startTestPlatform();
    f = await addPosFixture(t);
    other = await addPosFixture(t, { vat: 'DK87654321' });
  });
  after(() => t.close());

  const api = (fixture: PosFixture | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/sandbox/app/api${url}`,
      headers: fixture === null ? {} : { authorization: `Bearer ${fixture.token}` },
      ...(payload !== undefined ? { payload } : {}),
    });

  it('serves the page under the strict page CSP with no inline script, and its assets with ETags', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sandbox/app' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers['content-security-policy'], PAGE_CSP);
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script has a src');
    assert.doesNotMatch(page.body, /\sstyle=|<style/, 'no inline style');
    assert.match(page.body, /\+45 20 03 18 04/);
    const js = await t.app.inject({ method: 'GET', url: '/sandbox/app/assets/app.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    const again = await t.app.inject({ method: 'GET', url: '/sandbox/app/assets/app.js', headers: { 'if-none-match': String(js.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal((await t.app.inject({ method: 'GET', url: '/sandbox/app/assets/..%2Fapp.routes.ts' })).statusCode, 404);
  });

  it('requires a valid bearer token', async () => {
    const res = await api(null, 'GET', '/places');
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['www-authenticate']), /invalid_token/);
  });

  it('lists only the signed-in integrator’s points of sale, and checks in there by QR link through the check-in service', async () => {
    const mine = await createTill(t.app, f, { name: 'Mine' });
    const theirs = await createTill(t.app, other, { name: 'Theirs' });
    const places = (await api(f, 'GET', '/places')).json<{ places: { beaconId: string; posName: string; merchantVat: string }[] }>().places;
    assert.ok(places.some((p) => p.beaconId === mine.beaconId && p.posName === 'Mine' && p.merchantVat === f.vat));
    assert.ok(!places.some((p) => p.beaconId === theirs.beaconId));

    const res = await api(f, 'POST', '/checkin', { phoneNumber: USERS.loyalty, scanned: `mobilepaypos://pos?id=${mine.beaconId}&source=qr` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ checkedIn: boolean }>().checkedIn, true);
    const checkin = await posCall(t.app, f.headers, 'GET', `/pos/v10/pointofsales/${mine.posId}/checkin`);
    assert.deepEqual(checkin.json<{ isUserCheckedIn: boolean; loyaltyIds: string[] }>().loyaltyIds, ['450004']);

    assertPosError(await api(f, 'POST', '/checkin', { phoneNumber: USERS.credit, scanned: theirs.beaconId }), 403, '1400');
    assertPosError(await api(f, 'POST', '/checkin', { phoneNumber: USERS.credit, scanned: 'mobilepaypos://pos?id=12&source=qr' }), 400, '1100');
    assertPosError(await api(f, 'POST', '/checkin', { phoneNumber: USERS.credit, scanned: '999999999999999' }), 409, '1000');
    assertPosError(await api(f, 'POST', '/checkin', { phoneNumber: '+4512345678', scanned: mine.beaconId }), 400, '1099');
  });

  it('shows the payment issued to the user with its restrictions, and cancels only the user’s own payment', async () => {
    const till = await createTill(t.app, f);
    assertPosError(await api(f, 'POST', '/cancel', { phoneNumber: USERS.debit, beaconId: till.beaconId }), 409, '1001');
    assert.equal((await api(f, 'POST', '/checkin', { phoneNumber: USERS.debit, scanned: till.beaconId })).statusCode, 200);
    const paymentId = await initiateOk(t.app, f, till.posId, { amount: 7.25, restrictions: { debitCardDisallowed: true } });
    const view = await api(f, 'GET', `/phone?phoneNumber=${encodeURIComponent(USERS.debit)}&beaconId=${till.beaconId}`);
    const body = view.json<{ offer: { paymentId: string; amount: number; currency: string; cardAllowed: boolean; restrictions: object } }>();
    assert.deepEqual(
      { ...body.offer },
      {
        paymentId,
        status: 'IssuedToUser',
        amount: 7.25,
        currency: 'DKK',
        restrictions: { debitCardDisallowed: true, creditCardDisallowed: false },
        cardAllowed: false,
      },
    );
    // Another test user sees no offer there and cannot cancel it.
    const stranger = await api(f, 'GET', `/phone?phoneNumber=${encodeURIComponent(USERS.credit)}&beaconId=${till.beaconId}`);
    assert.equal(stranger.json<{ offer: unknown }>().offer, null);
    assertPosError(await api(f, 'POST', '/cancel', { phoneNumber: USERS.credit, beaconId: till.beaconId }), 409, '1001');
    // Another integrator cannot even look.
    assertPosError(await api(other, 'GET', `/phone?phoneNumber=${encodeURIComponent(USERS.debit)}&beaconId=${till.beaconId}`), 403, '1400');

    const accepted = await api(f, 'POST', '/accept', { phoneNumber: USERS.debit, beaconId: till.beaconId });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(await statusOf(t.app, f, paymentId), 'CancelledByMobilePay');
    const activity = accepted.json<{ offer: unknown; activity: { id: string; status: string; amount: number }[] }>();
    assert.equal(activity.offer, null);
    assert.deepEqual(
      activity.activity.filter((a) => a.id === paymentId).map((a) => [a.status, a.amount]),
      [['CancelledByMobilePay', 7.25]],
    );
    assert.deepEqual((await api(other, 'GET', `/phone?phoneNumber=${encodeURIComponent(USERS.debit)}`)).json<{ activity: unknown[] }>().activity, []);
  });

  it('makes a check-in link for a phone on the public URL, with the sign-in in its fragment', async () => {
    const till = await createTill(t.app, f);
    const res = await api(f, 'POST', '/phone-link', { phoneNumber: USERS.credit, beaconId: till.beaconId });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const link = res.json<{ link: string; qr: string; reachableFromPhone: boolean; expiresAt: string }>();
    const url = new URL(link.link);
    assert.equal(`${url.origin}${url.pathname}`, `${t.config.publicUrl}/sandbox/app`);
    assert.equal(url.searchParams.get('beaconId'), till.beaconId);
    assert.equal(new URLSearchParams(url.hash.slice(1)).get('token'), f.token);
    assert.match(link.qr, /^data:image\/png;base64,/);
    assert.equal(link.reachableFromPhone, false, 'localhost is not reachable from a phone');
    assert.ok(Date.parse(link.expiresAt) > Date.now());
  });
});
