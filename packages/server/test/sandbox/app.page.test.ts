/**
 * The sandbox app in headless Chromium, as a developer at a till uses it: sign in with the
 * integrator's client, choose a test user, check in by beacon id, and answer payments the till
 * starts through the PoS API (over HTTP, with a real token) — the page shows each within two
 * seconds, and Accept and Cancel change what the PoS API reports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, seriousA11yViolations, withPage } from '../helpers/browser.ts';
import { decodeQr } from '../helpers/png.ts';
import { addPosFixture, newIdempotencyKey, type PosFixture } from '../helpers/platform.ts';
import { createTill, terms, type Terms, type Till } from '../helpers/payments.ts';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';

const BEACON = '123456789012345';

/** The parts of the DOM the QR reader below uses (the test program is typed for Node, without DOM types). */
interface ImageElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly src: string;
  addEventListener(type: 'load' | 'error', listener: () => void): void;
}
interface Canvas2d {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: ImageElement, x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
}
interface CanvasElement {
  width: number;
  height: number;
  getContext(kind: '2d'): Canvas2d;
}
type BrowserGlobals = { document: { createElement(tag: 'canvas'): CanvasElement } };

describe('sandbox app (browser)', () => {
  let s: ListeningPlatform;
  let f: PosFixture;
  let till: Till;
  let order = 0;

  before(async () => {
    s = await startListening();
    f = await addPosFixture(s);
    till = await createTill(s.app, f, { name: 'Till 1', beaconId: BEACON });
  });
  after(() => s.close());

  /** POST /pos/v10/payments over HTTP, as the till would; returns the payment id. */
  async function initiate(t: Terms = {}): Promise<string> {
    order += 1;
    const res = await fetch(`${s.baseUrl}/pos/v10/payments`, {
      method: 'POST',
      headers: { ...f.headers, 'content-type': 'application/json', 'x-mobilepay-idempotency-key': newIdempotencyKey() },
      body: JSON.stringify({ posId: till.posId, orderId: `PAGE-${order}`, ...terms(t) }),
    });
    const body = (await res.json()) as { paymentId: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    return body.paymentId;
  }

  async function statusOf(paymentId: string): Promise<string> {
    const res = await fetch(`${s.baseUrl}/pos/v10/payments/${paymentId}`, { headers: f.headers });
    assert.equal(res.status, 200);
    return ((await res.json()) as { status: string }).status;
  }

  /** The QR code an <img> on the page shows, drawn on a canvas in the browser and decoded with jsQR. */
  async function decodeImage(page: Page, alt: string): Promise<string | undefined> {
    const image = page.getByRole('img', { name: alt });
    await image.waitFor();
    const pixels = await image.evaluate(async (img: ImageElement) => {
      // Loaded (or failed) within five seconds; HTMLImageElement.decode() can wait forever in headless Chromium.
      if (!img.complete || img.naturalWidth === 0) {
        await new Promise<void>((resolve, reject) => {
          img.addEventListener('load', () => resolve());
          img.addEventListener('error', () => reject(new Error(`image failed: ${img.src.slice(0, 80)}`)));
          setTimeout(() => reject(new Error('image not loaded within 5 s')), 5000);
        });
      }
      // Whole pixels per PNG pixel (scaling a PNG blurs its modules); an SVG scales crisply anyway.
      const side = img.naturalWidth * Math.max(1, Math.ceil(300 / img.naturalWidth));
      const canvas = (globalThis as unknown as BrowserGlobals).document.createElement('canvas');
      canvas.width = side + 40;
      canvas.height = side + 40;
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(img, 20, 20, side, side);
      return { width: canvas.width, height: canvas.height, data: Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) };
    });
    return decodeQr({ data: Uint8ClampedArray.from(pixels.data), width: pixels.width, height: pixels.height });
  }

  /** Starts a payment and waits for the page to show it; asserts it appeared within two seconds. */
  async function paymentAppears(page: Page, t: Terms, amountText: string): Promise<string> {
    const started = Date.now();
    const paymentId = await initiate(t);
    await page.getByRole('region', { name: 'Payment request' }).getByText(amountText, { exact: true }).waitFor({ timeout: 2000 });
    assert.ok(Date.now() - started < 2000, `shown after ${Date.now() - started} ms`);
    return paymentId;
  }

  it('signs in, checks in by beacon id, and accepts, cancels and is refused payments the till starts', async (ctx) => {
    await withPage(ctx, async (page, problems) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${s.baseUrl}/sandbox/app`);
      assert.deepEqual(await seriousA11yViolations(page), [], 'sign-in form');

      await page.getByLabel('Client id').fill(f.client.clientId);
      await page.getByLabel('Client secret').fill('not the secret');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Unknown client id or wrong secret.').waitFor();
      await page.getByLabel('Client secret').fill(f.client.clientSecret);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // Ten test users, each with card type and features.
      await page.getByRole('heading', { name: 'Who is paying?' }).waitFor();
      assert.equal(await page.getByRole('radio').count(), 10);
      await page.getByText('Loyalty member 450004').waitFor();
      assert.deepEqual(await seriousA11yViolations(page), [], 'user choice');
      await page.getByRole('radio', { name: /\+45 20 03 18 01/ }).check();

      // The scan list shows the integrator's PoS with a QR code that decodes to the documented URL.
      await page.getByRole('button', { name: /Till 1/ }).waitFor();
      assert.equal(await decodeImage(page, 'QR code of Till 1'), `mobilepaypos://pos?id=${BEACON}&source=qr`);

      await page.getByLabel('Beacon id or QR link').fill(BEACON);
      await page.getByRole('button', { name: 'Check in' }).click();
      await page.getByText('Checked in. Waiting for the till').waitFor();

      // Accept → Reserved.
      const accepted = await paymentAppears(page, { amount: 12.5 }, '12,50 kr.');
      await page.getByText('All cards accepted').waitFor();
      await screenshot(page, 'sandbox-app.png');
      assert.deepEqual(await seriousA11yViolations(page), [], 'payment request');
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.getByText('Paid: 12,50 kr. reserved.').waitFor();
      assert.equal(await statusOf(accepted), 'Reserved');

      // The check-in ended with the payment; check in again, then Cancel → CancelledByUser.
      await page.getByRole('button', { name: 'Check in again' }).click();
      await page.getByText('Checked in. Waiting for the till').waitFor();
      const cancelled = await paymentAppears(page, { amount: 99.95 }, '99,95 kr.');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByText('You cancelled the payment.').waitFor();
      assert.equal(await statusOf(cancelled), 'CancelledByUser');

      // A credit card under a no-credit-cards restriction: the page says so; accepting ends CancelledByMobilePay.
      await page.getByRole('button', { name: 'Check in again' }).click();
      await page.getByText('Checked in. Waiting for the till').waitFor();
      const refused = await paymentAppears(page, { amount: 40, restrictions: { creditCardDisallowed: true } }, '40,00 kr.');
      await page.getByText('Credit cards not accepted').waitFor();
      await page.getByRole('alert').getByText("Your credit card can't be used for this purchase").waitFor();
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.getByText("MobilePay declined the payment: your credit card can't be used for this purchase.").waitFor();
      assert.equal(await statusOf(refused), 'CancelledByMobilePay');

      // The activity list, updated live: the till captures the reservation and the page shows it paid.
      const activity = page.getByRole('list').filter({ has: page.getByText('Cancelled by you') });
      await activity.getByText('Declined').waitFor();
      const capture = await fetch(`${s.baseUrl}/pos/v10/payments/${accepted}/capture`, {
        method: 'POST',
        headers: { ...f.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 12.5 }),
      });
      assert.equal(capture.status, 200);
      await activity.getByText('Paid', { exact: true }).waitFor({ timeout: 2000 });

      // The page's own check-in link for a phone: its QR code decodes to a link that opens signed in and checks in.
      await page.getByRole('button', { name: 'Check in again' }).click();
      await page.getByText('Open on a real phone').click();
      const link = await decodeImage(page, 'QR code of this check-in link, for a phone');
      assert.ok(link !== undefined && link.startsWith(`${s.baseUrl}/sandbox/app?beaconId=${BEACON}#token=`), link);
      // Another browser context: a phone with no session of its own.
      const phone = await page.context().browser()!.newPage();
      await phone.goto(link);
      await phone.getByText('Checked in. Waiting for the till').waitFor();
      assert.doesNotMatch(phone.url(), /token=/, 'the sign-in leaves the address bar');
      await phone.close();

      // The one failed request is the wrong secret's 401 from the token endpoint, which Chromium logs.
      assert.deepEqual(problems, ['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    });
  });
});
