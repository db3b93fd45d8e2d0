/**
 * The sandbox app's page, server-rendered: every section is in the markup from the start (the
 * script only shows, hides and fills them), so the page reads sensibly before the script runs and
 * screen readers meet real headings, labels and a live status line.
 */
import { html, type Html } from '../../http/html.ts';
import { TEST_USERS, type TestUser } from '../test-users.ts';

const ASSETS = '/sandbox/app/assets';

/** "+45 20 03 18 01": grouped as people read phone numbers. */
export function displayPhone(phoneNumber: string): string {
  const [, country, rest] = /^(\+45|\+358)(\d+)$/.exec(phoneNumber) ?? [];
  if (country === undefined || rest === undefined) return phoneNumber;
  return `${country} ${rest.replace(/(\d\d)(?=\d)/g, '$1 ').trim()}`;
}

function features(user: TestUser): string[] {
  return [
    `${user.cardType === 'debit' ? 'Debit' : 'Credit'} card`,
    ...(user.loyaltyIds.length > 0 ? [`Loyalty member ${user.loyaltyIds[0]!}`] : []),
    ...(user.partialCapturePossible ? ['Partial capture'] : []),
  ];
}

function userChoice(user: TestUser): Html {
  const id = `user-${user.phoneNumber.slice(1)}`;
  return html`<li>
    <input type="radio" name="user" id="${id}" value="${user.phoneNumber}" data-card="${user.cardType}" />
    <label for="${id}">
      <span class="phone-number">${displayPhone(user.phoneNumber)}</span>
      <span class="country">${user.country === 'DK' ? 'Denmark' : 'Finland'}</span>
      <span class="features">${features(user).map((f) => html`<span class="tag">${f}</span>`)}</span>
    </label>
  </li>`;
}

export function renderAppPage(input: { publicUrl: string }): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>MobilePay sandbox app · posv10</title>
        <!-- No favicon request: the page needs none. -->
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${ASSETS}/app.css" />
        <script type="module" src="${ASSETS}/app.js"></script>
      </head>
      <body>
        <div class="phone">
          <header class="bar">
            <p class="brand">MobilePay <span class="badge">Sandbox</span></p>
            <p id="who" class="who" hidden>
              <span id="who-text"></span>
              <button type="button" id="sign-out" class="link">Sign out</button>
            </p>
          </header>
          <main data-public-url="${input.publicUrl}">
            <h1 class="visually-hidden">MobilePay sandbox app</h1>
            <p id="status" class="status" role="status" aria-live="polite"></p>

            <section id="sign-in" aria-labelledby="sign-in-title" class="card">
              <h2 id="sign-in-title">Sign in as an integrator</h2>
              <p class="hint">
                With a client id and secret of your integrator (from <code>credentials.json</code>). The app then acts with your token, as the user simulation
                API does, and shows your own points of sale.
              </p>
              <form id="sign-in-form" class="stack">
                <label for="client-id">Client id</label>
                <input id="client-id" name="client_id" autocomplete="username" spellcheck="false" required />
                <label for="client-secret">Client secret</label>
                <input id="client-secret" name="client_secret" type="password" autocomplete="current-password" required />
                <button type="submit" class="primary">Sign in</button>
              </form>
            </section>

            <section id="user" aria-labelledby="user-title" class="card" hidden>
              <h2 id="user-title">Who is paying?</h2>
              <form id="user-form">
                <fieldset>
                  <legend>Test user</legend>
                  <ul class="choices">
                    ${TEST_USERS.map(userChoice)}
                  </ul>
                </fieldset>
              </form>
              <p id="user-chosen" class="chosen" hidden>
                <span id="user-chosen-text"></span>
                <button type="button" id="change-user" class="link">Change user</button>
              </p>
            </section>

            <section id="till" aria-labelledby="till-title" class="card till" hidden>
              <h2 id="till-title">At the till</h2>
              <p id="place" class="place"></p>
              <p id="waiting" class="waiting">Checked in. Waiting for the till to send a payment…</p>
              <div id="offer" class="offer" hidden>
                <p class="offer-merchant" id="offer-merchant"></p>
                <p class="amount" id="offer-amount"></p>
                <ul id="offer-restrictions" class="restrictions"></ul>
                <p id="offer-refused" class="refused" role="alert" hidden></p>
                <div class="actions">
                  <button type="button" id="accept" class="primary">Accept</button>
                  <button type="button" id="cancel" class="secondary">Cancel</button>
                </div>
              </div>
              <p id="outcome" class="outcome" hidden></p>
              <div class="actions">
                <button type="button" id="check-in-again" class="secondary" hidden>Check in again</button>
                <button type="button" id="leave" class="link">Scan another point of sale</button>
              </div>
              <details id="phone-link" class="phone-link">
                <summary>Open on a real phone</summary>
                <div id="phone-link-body"></div>
              </details>
            </section>

            <section id="scan" aria-labelledby="scan-title" class="card" hidden>
              <h2 id="scan-title">Scan a point of sale</h2>
              <ul id="places" class="places" aria-label="Your points of sale"></ul>
              <p id="no-places" class="hint" hidden>
                You have no points of sale yet. Create one with <code>POST /pos/v10/pointofsales</code> (see the README), then it shows here.
              </p>
              <form id="scan-form" class="stack">
                <label for="scan-input">Beacon id or QR link</label>
                <input id="scan-input" name="scanned" spellcheck="false" autocomplete="off" placeholder="mobilepaypos://pos?id=…" required />
                <button type="submit" class="primary">Check in</button>
              </form>
            </section>

            <section id="activity" aria-labelledby="activity-title" class="card" hidden>
              <h2 id="activity-title">Activity</h2>
              <ul id="activity-list" class="activity"></ul>
              <p id="no-activity" class="hint">No payments yet.</p>
            </section>
          </main>
        </div>
      </body>
    </html>`;
}
