/**
 * The start page at `/`: what this instance is and where everything a newcomer looks for lives.
 * Links are relative, so they work whether the server is reached directly or behind a proxy that
 * mounts it under a path.
 */
import { html, type Html } from '../html.ts';
import type { Mode } from '../../config/config.ts';

export interface InstanceFacts {
  readonly version: string;
  readonly mode: Mode;
  readonly publicUrl: string;
  readonly issuer: string;
}

interface Link {
  readonly href: string;
  readonly label: string;
  readonly note?: string;
}

function list(links: readonly Link[]): Html {
  return html`<ul>
    ${links.map((l) => html`<li><a href="${l.href}">${l.label}</a>${l.note === undefined ? '' : html` — ${l.note}`}</li>`)}
  </ul>`;
}

export function landingPage(facts: InstanceFacts): string {
  const sandbox = facts.mode === 'sandbox';
  const apis: Link[] = [
    { href: 'pos/v10/docs/', label: 'PoS V10 API docs', note: 'interactive, from the route schemas' },
    { href: 'pos/v10/openapi.json', label: 'PoS V10 OpenAPI document' },
    { href: 'integrator-authentication/openapi.json', label: 'Integrator Authentication OpenAPI document', note: 'the token endpoint' },
    ...(sandbox ? [{ href: 'pos/app/usersimulation/openapi.json', label: 'User simulation OpenAPI document', note: "the sandbox's simulated customer" }] : []),
    { href: 'admin/v1/openapi.json', label: 'Admin API OpenAPI document', note: 'the operator API; calls need the admin token' },
    { href: 'integrator-authentication/.well-known/openid-configuration', label: 'Discovery document' },
    { href: 'integrator-authentication/.well-known/openid-configuration/jwks', label: 'Signing keys (JWKS)' },
  ];
  const pages: Link[] = [
    { href: 'console', label: 'Operator console' },
    ...(sandbox ? [{ href: 'sandbox/app', label: 'Sandbox app', note: 'plays the customer: check in, approve, cancel' }] : []),
    { href: 'certification', label: 'Certification', note: 'self-certification of a till integration' },
  ];
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>posv10 · ${facts.mode}</title>
        <link rel="stylesheet" href="landing/landing.css" />
        <link rel="icon" type="image/svg+xml" href="landing/icon.svg" />
      </head>
      <body>
        <main>
          <h1>posv10</h1>
          <p>The MobilePay PoS V10 platform: Integrator Authentication, onboarding and the PoS V10 API.</p>
          <dl>
            <dt>Version</dt>
            <dd>${facts.version}</dd>
            <dt>Mode</dt>
            <dd><span class="badge">${facts.mode}</span>${sandbox ? ' — test merchants and a simulated customer; no real money' : ''}</dd>
            <dt>Public URL</dt>
            <dd><code>${facts.publicUrl}</code></dd>
            <dt>Token issuer</dt>
            <dd><code>${facts.issuer}</code></dd>
          </dl>
          <h2>APIs</h2>
          ${list(apis)}
          <h2>Pages</h2>
          ${list(pages)}
          <p class="note">Health: <a href="healthz">healthz</a> · <a href="readyz">readyz</a></p>
        </main>
      </body>
    </html>`.text;
}
