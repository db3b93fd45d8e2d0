/**
 * The certification website's one page (issue 20): the four steps of MobilePay's self-certification
 * — Identification, Selection, Certification, Approval — as server-rendered sections that the
 * page's script (site.script.ts) reveals and fills from /certification/v1 as the run goes on.
 */
import { html, type Html } from '../http/html.ts';
import { FEATURES } from '../certification/cases.ts';
import { CERTIFICATION_MERCHANT_VATS, CERTIFICATION_STORE } from './site.constants.ts';

const FEATURE_LABELS: Readonly<Record<(typeof FEATURES)[number], string>> = {
  Onboarding: 'Onboarding',
  Payments: 'Payments',
  PreparedPayments: 'Prepared payments',
  PaymentsWithRestrictions: 'Payments with restrictions',
  PreparedPaymentsWithRestrictions: 'Prepared payments with restrictions',
  Refunds: 'Refunds',
};

export function certificationPage(publicUrl: string): Html {
  const features = FEATURES.map(
    (f) =>
      html`<li>
        <label><input type="checkbox" name="feature" value="${f}" ${f === 'Onboarding' ? html`checked` : ''} /> ${FEATURE_LABELS[f]}</label>
      </li>`,
  );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Self-certification · posv10</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/certification/assets/certification.css" />
        <script src="/certification/assets/certification.js" defer></script>
      </head>
      <body>
        <header>
          <h1>PoS V10 self-certification</h1>
          <p>
            Certify each Major.Minor version of your till before it may call production. Run your till against the self-certification API below; this page shows
            each case as your till calls.
          </p>
        </header>
        <main>
          <ol class="steps" aria-label="Steps">
            <li data-step="identification" aria-current="step">1. Identification</li>
            <li data-step="selection">2. Selection</li>
            <li data-step="certification">3. Certification</li>
            <li data-step="approval">4. Approval</li>
          </ol>

          <section id="identification" aria-labelledby="identification-title">
            <h2 id="identification-title">1. Identification</h2>
            <form id="signin">
              <p>Sign in with your <strong>sandbox</strong> client credentials.</p>
              <label for="client-id">Client id</label>
              <input id="client-id" name="clientId" autocomplete="username" required />
              <label for="client-secret">Client secret</label>
              <input id="client-secret" name="clientSecret" type="password" autocomplete="current-password" required />
              <button type="submit">Sign in</button>
              <p class="message" role="status" id="signin-status"></p>
            </form>
            <form id="identify" hidden>
              <label for="system-name">Client system name</label>
              <input id="system-name" name="clientSystemName" required maxlength="100" />
              <label for="version">Version (Major.Minor.Build)</label>
              <input id="version" name="clientVersion" required pattern="[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}" placeholder="1.4.0" />
              <label for="production-client-id">Production client id</label>
              <input id="production-client-id" name="productionClientId" maxlength="100" />
              <button type="submit">Next</button>
            </form>
          </section>

          <section id="selection" aria-labelledby="selection-title" hidden>
            <h2 id="selection-title">2. Selection</h2>
            <form id="select">
              <fieldset>
                <legend>Features to certify</legend>
                <ul class="features">
                  ${features}
                </ul>
              </fieldset>
              <button type="submit">Create run</button>
              <p class="message" role="status" id="select-status"></p>
            </form>
          </section>

          <section id="certification" aria-labelledby="certification-title" hidden>
            <h2 id="certification-title">3. Certification</h2>
            <dl class="config">
              <dt>Self-certification API</dt>
              <dd><code>${publicUrl}/pos-self-certification-api/pos/v10</code></dd>
              <dt>Integrator Authentication</dt>
              <dd><code>${publicUrl}/integrator-authentication</code></dd>
              <dt>Merchant VAT</dt>
              <dd><code>${CERTIFICATION_MERCHANT_VATS.join(' / ')}</code></dd>
              <dt>Brand / location</dt>
              <dd><code>${CERTIFICATION_STORE.brandId} / ${CERTIFICATION_STORE.locationId}</code></dd>
            </dl>
            <p>Start a case, then operate your till as its instructions say. Status and evidence update as your till calls.</p>
            <p class="message" role="status" id="run-status"></p>
            <ol id="cases" class="cases"></ol>
          </section>

          <section id="approval" aria-labelledby="approval-title" hidden>
            <h2 id="approval-title">4. Approval</h2>
            <table id="report">
              <caption>
                Report
              </caption>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Status</th>
                  <th scope="col">Failures</th>
                </tr>
              </thead>
              <tbody></tbody>
            </table>
            <button type="button" id="get-certificate" disabled>Get certificate</button>
            <p class="message" role="status" id="certificate-status"></p>
            <p><a id="download" hidden download="certificate.jws" href="#">Download certificate.jws</a></p>
            <p>Import it into production with <code>posv10 certificate import --file certificate.jws</code>.</p>
          </section>
        </main>
      </body>
    </html>`;
}
