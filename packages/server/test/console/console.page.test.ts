/**
 * The operator console in headless Chromium, as an operator uses it: signing in (a wrong token is
 * refused), every page with an axe-core check, adding an integrator and a client end to end (the
 * credentials reach the outbox and open with the texted password), rotating a secret and the
 * signing keys, merchants, grants and stores, the audit trail with actor `console`, payments,
 * CSRF refusal from the page itself, the cookie's flags, keyboard-only use of sign-in and of the
 * add-integrator and add-alias forms, and callback aliases end to end (added with the secret
 * delivered, a bad URL refused, moved, a check-in's notification listed and resent, removed).
 * Makes docs/screenshots/console.png and console-callbacks.png.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { withPage, seriousA11yViolations, screenshot } from '../helpers/browser.ts';
import { startListening } from '../helpers/server.ts';
import { addPosFixture, addTestClient, type PosFixture } from '../helpers/platform.ts';
import { createTill, initiateOk, cancel, simulateOk, USERS } from '../helpers/payments.ts';
import { outboxMails, outboxSms, passwordIn, zipAttachment, openWith7z, openZip } from '../helpers/onboarding.ts';
import { startReceiver } from '../helpers/receiver.ts';
import { CONSOLE_ADMIN_TOKEN } from '../helpers/console.ts';
import { verifySignature } from '../../src/notifications/signature.ts';

/** A callback alias with a space and a non-ASCII letter, as aliases may have: its links must encode it. */
const ALIAS = 'Nørrebro till 1';

async function assertAccessible(page: Page, what: string): Promise<void> {
  assert.deepEqual(await seriousA11yViolations(page), [], `axe on ${what}`);
}

// Page-side code is given as strings: the test compiles without the DOM library.

/** What has keyboard focus: its id, or its text. */
const focused = (page: Page) =>
  page.evaluate<string>(`(() => {
    const el = document.activeElement;
    return el === null ? '' : el.id !== '' ? '#' + el.id : (el.textContent ?? '').trim();
  })()`);

/**
 * What has keyboard focus once it has settled on `#id`, or after 5 s whatever has it: the browser
 * moves focus to an `autofocus` field at a rendering step after the page's text is there, so a
 * page whose error text is already readable may not have focused its field yet.
 */
async function focusSettled(page: Page, id: string): Promise<string> {
  await page.waitForFunction(`document.activeElement?.id === ${JSON.stringify(id.replace(/^#/, ''))}`, undefined, { timeout: 5000 }).catch(() => undefined);
  return focused(page);
}

/** Whether the focused element draws a focus outline. */
const focusVisible = (page: Page) => page.evaluate<boolean>(`getComputedStyle(document.activeElement).outlineStyle !== 'none'`);

/** The text of the cells in the column headed `header` of the page's first table. */
async function column(page: Page, header: string): Promise<string[]> {
  const table = page.locator('table').first();
  const index = (await table.locator('thead th').allInnerTexts()).findIndex((h) => h.trim().toLowerCase() === header.toLowerCase());
  assert.ok(index >= 0, `no column ${header}`);
  return (await table.locator(`tbody tr > :nth-child(${index + 1})`).allInnerTexts()).map((c) => c.trim());
}

test('the operator console, end to end in Chromium', { timeout: 180_000 }, async (ctx: TestContext) => {
  const outbox = await mkdtemp(join(tmpdir(), 'posv10-console-'));
  const t = await startListening({ POSV10_ADMIN_TOKEN: CONSOLE_ADMIN_TOKEN, POSV10_OUTBOX_DIR: outbox });
  const { operator } = t.platform;
  const receiver = await startReceiver();
  // The PoS integrator whose alias the callbacks steps add, and the secret the console had sent it.
  let notified: PosFixture;
  let signingSecret = '';
  try {
    await withPage(ctx, async (page, problems) => {
      await page.setViewportSize({ width: 1280, height: 860 });
      const go = (path: string) => page.goto(`${t.baseUrl}${path}`);

      await ctx.test('signing in with the keyboard alone; a wrong token is refused', async () => {
        await go('/console/integrators');
        assert.equal(new URL(page.url()).pathname, '/console/sign-in', 'signed-out visitors go to sign in');
        await assertAccessible(page, 'sign-in');
        const order: string[] = [];
        for (let i = 0; i < 4; i += 1) {
          await page.keyboard.press('Tab');
          order.push(await focused(page));
          assert.ok(await focusVisible(page), `focus is visible on ${order.at(-1)}`);
        }
        assert.deepEqual(order, ['Skip to main content', 'posv10 console', '#sign-in-token', 'Sign in']);
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.type('not-the-admin-token');
        await page.keyboard.press('Enter');
        await page.waitForLoadState();
        assert.match(await page.locator('#sign-in-token-error').innerText(), /not the admin token/);
        assert.equal(await page.getByLabel('Admin token').getAttribute('aria-invalid'), 'true');
        assert.equal(await focusSettled(page, '#sign-in-token'), '#sign-in-token', 'focus returns to the field to fix');
        assert.equal((await page.context().cookies()).length, 0, 'no cookie after a wrong token');
        await assertAccessible(page, 'sign-in with an error');
        await page.keyboard.type(CONSOLE_ADMIN_TOKEN);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/console\/integrators$/);
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Integrators');
      });

      await ctx.test('the session cookie is HttpOnly, SameSite=Strict and expiring', async () => {
        const [cookie] = await page.context().cookies();
        assert.equal(cookie?.name, 'posv10_console');
        assert.equal(cookie.httpOnly, true);
        assert.equal(cookie.sameSite, 'Strict');
        assert.equal(cookie.path, '/console');
        assert.ok(cookie.expires > Date.now() / 1000 && cookie.expires <= Date.now() / 1000 + 12 * 3600 + 60);
        assert.equal(await page.evaluate<string>('document.cookie'), '', 'no script can read it');
      });

      let integratorId = '';
      await ctx.test('adding an integrator with the keyboard alone; bad input is shown next to its field', async () => {
        await assertAccessible(page, 'integrators');
        const order: string[] = [];
        for (let i = 0; i < 40 && order.at(-1) !== '#add-integrator-name'; i += 1) {
          await page.keyboard.press('Tab');
          order.push(await focused(page));
        }
        const at = (what: string) => order.indexOf(what);
        assert.ok(at('Integrators') >= 0 && at('Integrators') < at('#integrator-search'), `navigation comes before the search: ${order.join(' | ')}`);
        assert.ok(at('#integrator-search') < at('#add-integrator-name'), 'then the add form');
        assert.ok(await focusVisible(page));
        await page.keyboard.type('Kasse Systems ApS');
        await page.keyboard.press('Tab');
        await page.keyboard.type('tech@kasse.example');
        await page.keyboard.press('Tab');
        await page.keyboard.type('20031801');
        await page.keyboard.press('Enter');
        await page.waitForLoadState();
        assert.match(await page.locator('#add-integrator-phone-error').innerText(), /E\.164/);
        assert.equal(await focusSettled(page, '#add-integrator-phone'), '#add-integrator-phone');
        assert.equal(await page.getByLabel('Name').inputValue(), 'Kasse Systems ApS', 'what was typed is kept');
        assert.equal((await operator.listIntegrators()).filter((i) => i.name === 'Kasse Systems ApS').length, 0, 'nothing was added');
        await assertAccessible(page, 'integrators with an error');
        await page.keyboard.press('Control+A');
        await page.keyboard.type('+4520031801');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/console\/integrators\/[0-9a-f-]{36}\?notice=integrator-added/);
        integratorId = /integrators\/([0-9a-f-]{36})/.exec(page.url())![1]!;
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Kasse Systems ApS');
        await go('/console/integrators?q=kasse');
        assert.deepEqual(await column(page, 'Name'), ['Kasse Systems ApS']);
        await go('/console/integrators?q=nobody-by-this-name');
        assert.match(await page.locator('main').innerText(), /No integrator matches/);
      });

      let clientId = '';
      await ctx.test('adding a client delivers its credentials to the outbox and never shows the secret', async () => {
        await go(`/console/integrators/${integratorId}`);
        await page.getByRole('button', { name: 'Add a client' }).click();
        await page.waitForURL(/notice=client-added/);
        clientId = (await column(page, 'Client id'))[0]!;
        assert.match(clientId, /^[0-9a-f-]{36}$/);
        assert.match(await page.getByRole('status').innerText(), /credentials went to the integrator/);
        const [mail] = await outboxMails(outbox);
        const [sms] = await outboxSms(outbox);
        assert.equal(sms?.to, '+4520031801');
        const { credentials } = await openWith7z(zipAttachment(mail!), passwordIn(sms.body));
        assert.equal(credentials.client_id, clientId);
        assert.ok(!(await page.content()).includes(credentials.client_secret), 'the secret is not on the page');
        // The delivered credentials work, and the client's row then says when it last got a token.
        assert.deepEqual(await column(page, 'Last token issued'), ['never']);
        const token = await fetch(`${t.baseUrl}/integrator-authentication/connect/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: credentials.client_secret }),
        });
        assert.equal(token.status, 200);
        await page.reload();
        assert.match((await column(page, 'Last token issued'))[0]!, /^20\d\d-/);
        await assertAccessible(page, 'integrator details');
        await screenshot(page, 'console.png');
      });

      await ctx.test('rotating a secret with overlap, disabling and enabling a client', async () => {
        await page.getByLabel('Old secret works for (days)').fill('91');
        await page.getByRole('button', { name: 'Rotate secret' }).click();
        await page.waitForLoadState();
        assert.match(await page.locator('.field.invalid .error').innerText(), /overlap must be a whole number of days from 0 to 90/);
        assert.equal((await outboxMails(outbox)).length, 1, 'no new secret went out');
        await page.getByLabel('Old secret works for (days)').fill('3');
        await page.getByRole('button', { name: 'Rotate secret' }).click();
        await page.waitForURL(/notice=secret-rotated/);
        assert.equal((await outboxMails(outbox)).length, 2, 'the new secret went out');
        const rotation = (await operator.listAudit({ action: 'client.rotate-secret', subject: clientId }))[0];
        assert.equal(rotation?.actor, 'console');
        assert.equal(Date.parse(String(rotation.detail.oldSecretsExpireAt)) - Date.parse(rotation.at), 3 * 86_400_000);

        await page.getByRole('button', { name: 'Disable' }).click();
        await page.waitForURL(/notice=client-disabled/);
        assert.match((await column(page, 'Status'))[0]!, /^disabled\s+since 20/);
        await page.getByRole('button', { name: 'Enable' }).click();
        await page.waitForURL(/notice=client-enabled/);
        assert.deepEqual(await column(page, 'Status'), ['enabled']);
      });

      await ctx.test('merchants: add (bad VAT refused), grant and withdraw access; stores: add and list', async () => {
        await go('/console/merchants');
        await assertAccessible(page, 'merchants');
        const add = page.getByRole('region', { name: 'Add a merchant' });
        await add.getByLabel('VAT number').fill('SE123');
        await add.getByLabel('Name').fill('Café Nørrebro');
        await add.getByRole('button', { name: 'Add merchant' }).click();
        await page.waitForLoadState();
        assert.match(await page.locator('#add-merchant-vat-error').innerText(), /DK or FI followed by 8 digits/);
        await page.getByLabel('VAT number').fill('DK31313131');
        await page.getByRole('button', { name: 'Add merchant' }).click();
        await page.waitForURL(/notice=merchant-added/);

        const grant = page.getByRole('region', { name: 'Grant an integrator access' });
        await grant.getByLabel('Merchant').selectOption('DK31313131');
        await grant.getByLabel('Integrator').selectOption(integratorId);
        await grant.getByRole('button', { name: 'Grant access' }).click();
        await page.waitForURL(/notice=granted/);
        assert.ok((await operator.listMerchants()).find((m) => m.vat === 'DK31313131')?.grantedIntegrators.includes(integratorId));
        await go(`/console/integrators/${integratorId}`);
        assert.match(await page.getByRole('region', { name: 'Merchants', exact: true }).innerText(), /DK31313131/);
        await go('/console/merchants');
        await page.getByRole('button', { name: 'Withdraw access of Kasse Systems ApS' }).first().click();
        await page.waitForURL(/notice=revoked/);
        assert.ok(!(await operator.listMerchants()).find((m) => m.vat === 'DK31313131')?.grantedIntegrators.includes(integratorId));

        await go('/console/stores');
        const store = page.getByRole('region', { name: 'Add a store' });
        await store.getByLabel('Merchant').selectOption('DK31313131');
        for (const [label, value] of [
          ['Brand id', 'MPPOSCAFE1'],
          ['Brand name', 'Café'],
          ['Location id', '0001'],
          ['Store name', 'Nørrebro'],
          ['Street', 'Nørrebrogade 1'],
          ['Zip code', '2200'],
          ['City', 'København N'],
        ] as const) {
          await store.getByLabel(label, { exact: true }).fill(value);
        }
        await store.getByRole('button', { name: 'Add store' }).click();
        await page.waitForLoadState();
        assert.match(await page.locator('#add-store-locationId-error').innerText(), /exactly 5 characters/);
        await page.getByLabel('Location id').fill('00001');
        await page.getByRole('button', { name: 'Add store' }).click();
        await page.waitForURL(/notice=store-added/);
        await go('/console/stores?vat=DK31313131');
        assert.deepEqual(await column(page, 'Store'), ['Nørrebro']);
        await assertAccessible(page, 'stores');
      });

      await ctx.test('signing keys: list with state and rotate; a form without (or with a wrong) CSRF token changes nothing', async () => {
        await go('/console/keys');
        await assertAccessible(page, 'keys');
        const before = await operator.listKeys();
        const next = before.find((k) => k.state === 'next')!.kid;
        for (const tamper of ['remove', 'wrong'] as const) {
          const field = `document.querySelector('form[action="/console/keys/rotate"] input[name="_csrf"]')`;
          await page.evaluate(tamper === 'remove' ? `${field}.remove()` : `${field}.value = 'forged-token'`);
          const [response] = await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/console/keys/rotate')),
            page.getByRole('button', { name: 'Rotate signing keys' }).click(),
          ]);
          assert.equal(response.status(), 403, tamper);
          assert.match(await page.locator('main').innerText(), /nothing was changed/);
          assert.deepEqual(await operator.listKeys(), before, `keys unchanged (${tamper})`);
          await go('/console/keys');
        }
        await page.getByRole('button', { name: 'Rotate signing keys' }).click();
        await page.waitForURL(/notice=keys-rotated/);
        assert.equal((await operator.listKeys()).find((k) => k.state === 'current')?.kid, next, 'the next key became current');
        assert.match(await page.locator('table').innerText(), new RegExp(`current\\s+${next}`));
      });

      await ctx.test('the audit log shows every console action with actor console, filtered', async () => {
        await go('/console/audit');
        await page.getByLabel('Actor').fill('console');
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.waitForURL(/actor=console/);
        await assertAccessible(page, 'audit');
        assert.ok((await column(page, 'Actor')).every((a) => a === 'console'));
        const actions = new Set(await column(page, 'Action'));
        for (const action of [
          'integrator.add',
          'client.add',
          'client.rotate-secret',
          'client.disable',
          'client.enable',
          'merchant.add',
          'merchant.grant',
          'merchant.revoke',
          'store.add',
          'keys.rotate',
        ]) {
          assert.ok(actions.has(action), `${action} in ${[...actions].join(', ')}`);
        }
        await page.getByLabel('Action').fill('client.add');
        await page.getByLabel('Subject').fill(clientId);
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.waitForLoadState();
        assert.deepEqual(await column(page, 'Action'), ['client.add']);
        await go('/console/audit?from=2000-01-01T00:00&to=2000-01-02T00:00');
        assert.match(await page.locator('main').innerText(), /No events match/);
        await go('/console/audit?from=yesterday');
        assert.match(await page.locator('#audit-from-error').innerText(), /date and time/);
      });

      await ctx.test('payments and refunds: found by order id, PoS id or id, with their state history', async () => {
        const f = await addPosFixture(t);
        const till = await createTill(t.app, f);
        const paymentId = await initiateOk(t.app, f, till.posId, { amount: 42 }, 'CONSOLE-ORDER-1');
        assert.equal((await cancel(t.app, f, paymentId)).statusCode, 200);
        await go('/console/payments');
        await assertAccessible(page, 'payments');
        await page.getByLabel('Find by').selectOption('orderId');
        await page.getByLabel('Value').fill('CONSOLE-ORDER-1');
        await page.getByRole('button', { name: 'Find' }).click();
        await page.waitForURL(/q=CONSOLE-ORDER-1/);
        const card = page.getByRole('article');
        assert.match(await card.innerText(), new RegExp(paymentId));
        assert.match(await card.innerText(), /42\.00 DKK/);
        assert.deepEqual(
          (await card.locator('ol.history li .status').allInnerTexts()).map((s) => s.trim()),
          ['Created', 'CancelledByClient'],
        );
        await assertAccessible(page, 'payments with results');
        await go(`/console/payments?by=posId&q=${till.posId}`);
        assert.equal(await page.getByRole('article').count(), 1);
        await go(`/console/payments?by=id&q=not-an-id`);
        assert.match(await page.locator('#lookup-q-error').innerText(), /not a payment or refund id/);
      });

      await ctx.test('callbacks: adding an alias with the keyboard alone; a bad URL or a taken alias is refused next to its field', async () => {
        notified = await addPosFixture(t, { client: await addTestClient(t.platform, 'Nørrebro Tills ApS') });
        const { integratorId: owner } = notified.client;
        await go('/console/callbacks');
        assert.match(await page.locator('main').innerText(), /never shown here/, 'the page says the signing secret is never shown');
        const mailsBefore = (await outboxMails(outbox)).length;
        await page.locator('main').focus();
        const order: string[] = [];
        for (let i = 0; i < 20 && order.at(-1) !== '#add-callback-integratorId'; i += 1) {
          await page.keyboard.press('Tab');
          order.push(await focused(page));
        }
        assert.ok(
          order.indexOf('#callbacks-filter-integrator') < order.indexOf('#add-callback-integratorId'),
          `the filter, then the add form: ${order.join(' | ')}`,
        );
        assert.ok(await focusVisible(page));
        // A closed select takes type-ahead: typing the name chooses the integrator.
        await page.keyboard.type('Nørrebro Tills');
        assert.equal(await page.getByLabel('Integrator', { exact: true }).inputValue(), owner);
        await page.keyboard.press('Tab');
        await page.keyboard.type(ALIAS);
        await page.keyboard.press('Tab');
        await page.keyboard.type('ftp://till.example/notify');
        const [refusedUrl] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
        await page.waitForLoadState();
        assert.equal(refusedUrl.status(), 400);
        assert.match(await page.locator('#add-callback-url-error').innerText(), /^Url must be http:\/\/ or https:\/\//);
        assert.equal(await focusSettled(page, '#add-callback-url'), '#add-callback-url', 'focus lands on the field to fix');
        assert.equal(await page.getByLabel('Alias', { exact: true }).inputValue(), ALIAS, 'what was typed is kept');
        assert.deepEqual(await t.platform.notifications.callbacks.list(), [], 'nothing was added');
        assert.equal((await outboxMails(outbox)).length, mailsBefore, 'no secret went out');
        await assertAccessible(page, 'callbacks with an error');
        await page.keyboard.press('Control+A');
        await page.keyboard.type(receiver.url);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/console\/callbacks\?notice=callback-added/);
        assert.match(await page.getByRole('status').innerText(), /signing secret went to the integrator/);
        assert.deepEqual(await column(page, 'Alias'), [ALIAS]);
        assert.deepEqual(await column(page, 'Integrator'), ['Nørrebro Tills ApS']);

        // The integrator reads the secret as from `posv10 callback add`: the zip e-mailed, opened with the texted password.
        const mails = await outboxMails(outbox);
        assert.equal(mails.length, mailsBefore + 1);
        const sms = (await outboxSms(outbox)).at(-1)!;
        // The outbox names files by the (frozen) clock, so the signing secret's e-mail is found by its attachment.
        const mail = mails.find((m) => m.attachments.some((a) => a.filename?.startsWith('posv10-signing-secret-') === true));
        assert.ok(mail !== undefined, 'the signing secret was e-mailed');
        assert.equal(sms.to, '+4520031801');
        const files = await openZip(zipAttachment(mail), passwordIn(sms.body));
        const sent = JSON.parse(files.get('signing-secret.json')!) as { callback_alias: string; url: string; signing_secret: string };
        assert.equal(sent.callback_alias, ALIAS);
        assert.equal(sent.url, receiver.url);
        signingSecret = sent.signing_secret;
        assert.ok(!(await page.content()).includes(signingSecret), 'the secret is not on the page');
        await screenshot(page, 'console-callbacks.png');

        const add = page.getByRole('region', { name: 'Add a callback alias' });
        await add.getByLabel('Integrator').selectOption(owner);
        await add.getByLabel('Alias').fill(ALIAS);
        await add.getByLabel('URL').fill(receiver.url);
        const [taken] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          add.getByRole('button', { name: 'Add alias' }).click(),
        ]);
        await page.waitForLoadState();
        assert.equal(taken.status(), 409);
        assert.match(await page.locator('#add-callback-alias-error').innerText(), /exists \(aliases are never reused\)/);
        await go('/console/callbacks?integrator=not-an-integrator');
        assert.match(await page.locator('#callbacks-filter-integrator-error').innerText(), /not found/);
      });

      await ctx.test('callbacks: moving an alias, a check-in delivered to it, its deliveries and a resend', async () => {
        await go('/console/callbacks');
        const move = page.getByRole('form', { name: `Change the URL of ${ALIAS}` });
        await move.getByLabel('New URL').fill('http://user:secret@till.example/notify');
        await move.getByRole('button', { name: 'Change URL' }).click();
        await page.waitForLoadState();
        assert.match(await move.locator('.field.invalid .error').innerText(), /must not carry a user name or password/);
        assert.equal((await t.platform.notifications.callbacks.list())[0]?.url, receiver.url, 'nothing changed');
        const moved = `${receiver.url}?till=2`;
        await move.getByLabel('New URL').fill(moved);
        await move.getByRole('button', { name: 'Change URL' }).click();
        await page.waitForURL(/notice=callback-url-set/);
        assert.deepEqual(await column(page, 'URL'), [moved]);

        const till = await createTill(t.app, notified, { callbackAlias: ALIAS, merchantPosId: 'console-till-1' });
        await simulateOk(t.app, notified, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
        assert.equal(await t.platform.notifications.deliverer.runOnce(), 1);
        const got = receiver.received[0]!;
        const now = Math.floor(t.clock.now().getTime() / 1000);
        assert.ok(verifySignature(signingSecret, String(got.headers['x-posv10-signature']), got.body, now), 'signed with the secret the console had sent');

        await page.getByRole('link', { name: `Deliveries of ${ALIAS}` }).click();
        await page.waitForURL(/\/console\/callbacks\/N%C3%B8rrebro%20till%201\/deliveries$/);
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Deliveries of ${ALIAS}`);
        assert.deepEqual(await column(page, 'PoS id'), [till.posId]);
        assert.deepEqual(await column(page, 'Merchant PoS id'), ['console-till-1']);
        assert.deepEqual(await column(page, 'State'), ['delivered']);
        assert.match((await column(page, 'Attempts'))[0]!, /^20\d\d-\d\d-\d\d\s+\d\d:\d\d:\d\dZ\s+200 · \d+ ms$/);
        await assertAccessible(page, 'deliveries');

        const [notificationId] = await column(page, 'Notification');
        await page.getByRole('button', { name: `Resend notification ${notificationId}` }).click();
        await page.waitForURL(/notice=notification-resent/);
        assert.deepEqual(await column(page, 'State'), ['pending']);
        assert.equal(await t.platform.notifications.deliverer.runOnce(), 1);
        await page.reload();
        assert.deepEqual(await column(page, 'State'), ['delivered']);
        assert.equal(await page.locator('ol.attempts li').count(), 2, 'both attempts are listed');
        assert.equal(receiver.received.length, 2);
      });

      await ctx.test('callbacks: the integrator page lists its aliases; removing one; the audit log has it all with actor console', async () => {
        const { integratorId: owner } = notified.client;
        await go(`/console/integrators/${owner}`);
        const section = page.getByRole('region', { name: 'Callback aliases', exact: true });
        assert.match(await section.innerText(), new RegExp(`${ALIAS}\\s+${receiver.url.replace(/[.?]/g, '\\$&')}\\?till=2`));
        assert.equal(
          await section.getByRole('link', { name: `Deliveries of ${ALIAS}` }).getAttribute('href'),
          '/console/callbacks/N%C3%B8rrebro%20till%201/deliveries',
        );
        await section.getByRole('link', { name: /on the Callbacks page/ }).click();
        await page.waitForURL(/\/console\/callbacks\?integrator=/);
        assert.equal(await page.getByLabel('Show aliases of').inputValue(), owner);
        assert.deepEqual(await column(page, 'Alias'), [ALIAS]);

        await page.getByRole('button', { name: `Remove ${ALIAS}` }).click();
        await page.waitForURL(/notice=callback-removed/);
        assert.match(await page.locator('main').innerText(), /No callback aliases yet/);
        assert.deepEqual(await t.platform.notifications.callbacks.list(), []);
        await go('/console/callbacks/N%C3%B8rrebro%20till%201/deliveries');
        assert.match(await page.locator('main').innerText(), /This alias was removed/);
        assert.deepEqual(await column(page, 'State'), ['delivered'], 'its notifications stay listed');

        await go(`/console/audit?actor=console&subject=${encodeURIComponent(ALIAS)}`);
        assert.deepEqual(new Set(await column(page, 'Action')), new Set(['callback.add', 'callback.set-url', 'callback.resend', 'callback.remove']));
      });

      await ctx.test('signing out ends the session', async () => {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(/sign-in\?notice=signed-out/);
        await go('/console/integrators');
        assert.equal(new URL(page.url()).pathname, '/console/sign-in');
      });

      // Only the answers the test provoked: the wrong token (401), refused input (400, 404, 409) and the forged forms (403).
      assert.deepEqual(
        problems.filter((p) => !/status of (400|401|403|404|409)/.test(p)),
        [],
      );
    });
  } finally {
    await t.close();
    await receiver.close();
    await rm(outbox, { recursive: true, force: true });
  }
});
