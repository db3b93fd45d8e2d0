// The sandbox app: sign in, choose a test user, scan (pick a point of sale, paste a beacon id or
// a QR link, or arrive by a check-in link), check in, then watch for the payment request and
// accept or cancel it. The page polls the platform as the phone would, at the delay the server
// gives, and only while the tab is visible.
import { ApiError, call, loadSession, saveSession, signIn, tokenClaims } from './api.js';
import { displayPhone, el, formatAmount, outcomeText, refusedText, restrictionLines, stateLabel, timeOf } from './render.js';

const $ = (id) => document.getElementById(id);

let session = loadSession(); // { token, expiresAt, clientId, user, beaconId }
let pollTimer = null;
let lastViewJson = '';
/** The payment request last shown, to tell the customer how it ended once it is gone. */
let lastOffer = null;
let busy = false;

function setStatus(text, isError = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function signedIn() {
  return typeof session.token === 'string' && typeof session.expiresAt === 'number' && session.expiresAt > Date.now();
}

function cardOf(phoneNumber) {
  return document.querySelector(`input[name="user"][value="${CSS.escape(phoneNumber ?? '')}"]`)?.dataset.card;
}

function store(changes) {
  session = { ...session, ...changes };
  for (const [key, value] of Object.entries(session)) if (value === undefined) delete session[key];
  saveSession(session);
}

/** A check-in link (`?beaconId=`), possibly from another device's QR code (`#token=…&user=…`). */
function readLink() {
  const url = new URL(location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const token = fragment.get('token');
  const user = fragment.get('user');
  if (token) {
    const claims = tokenClaims(token);
    store({ token, expiresAt: (claims.exp ?? 0) * 1000, clientId: claims.client_id ?? '' });
  }
  if (user && cardOf(user)) store({ user });
  const beaconId = url.searchParams.get('beaconId');
  // The sign-in must not stay in the address bar, the history or a bookmark.
  if (token || user || beaconId) history.replaceState(null, '', url.pathname);
  return beaconId;
}

function showSections() {
  const inSession = signedIn();
  const hasUser = inSession && typeof session.user === 'string';
  const atTill = hasUser && typeof session.beaconId === 'string';
  $('sign-in').hidden = inSession;
  $('who').hidden = !inSession;
  $('who-text').textContent = inSession ? `Client ${String(session.clientId ?? '').slice(0, 8)}…` : '';
  $('user').hidden = !inSession;
  $('user-form').hidden = hasUser;
  $('user-chosen').hidden = !hasUser;
  if (hasUser) {
    const card = cardOf(session.user);
    $('user-chosen-text').textContent = `Paying as ${displayPhone(session.user).replace(/ /g, '\u00a0')} (${card} card)`;
  }
  $('scan').hidden = !hasUser || atTill;
  $('till').hidden = !atTill;
  $('activity').hidden = !hasUser;
}

function stopPolling() {
  if (pollTimer !== null) clearTimeout(pollTimer);
  pollTimer = null;
}

function schedule(delayMs) {
  stopPolling();
  if (signedIn() && session.user) pollTimer = setTimeout(() => void refresh(), delayMs);
}

function signOut(message) {
  stopPolling();
  session = {};
  saveSession(session);
  lastOffer = null;
  lastViewJson = '';
  showSections();
  setStatus(message ?? 'Signed out.');
}

/** Handles a failed call; true when the session ended. */
function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    signOut('Your sign-in has expired. Sign in again.');
    return true;
  }
  setStatus(error.message, true);
  return false;
}

async function refresh() {
  if (!signedIn() || !session.user) return;
  if (document.hidden) return schedule(2000);
  const query = new URLSearchParams({ phoneNumber: session.user });
  if (session.beaconId) query.set('beaconId', session.beaconId);
  try {
    const view = await call(session.token, 'GET', `/phone?${query}`);
    renderView(view);
    schedule(view.pollDelayInMs);
  } catch (error) {
    if (failed(error)) return;
    if (error instanceof ApiError && error.status === 409 && session.beaconId) {
      // The point of sale is gone (deleted): back to scanning.
      store({ beaconId: undefined });
      showSections();
    }
    schedule(3000);
  }
}

function renderOffer(view) {
  const offer = view.offer;
  $('offer').hidden = offer === null;
  if (offer === null) return;
  const place = view.place;
  $('offer-merchant').textContent = place.merchantName;
  $('offer-amount').textContent = offer.amount === null ? 'Waiting for the amount…' : formatAmount(offer.amount, offer.currency);
  $('offer-restrictions').replaceChildren(...restrictionLines(offer.restrictions).map((line) => el('li', {}, line)));
  const refused = offer.cardAllowed === false;
  $('offer-refused').hidden = !refused;
  $('offer-refused').textContent = refused ? refusedText(cardOf(session.user)) : '';
  $('accept').disabled = offer.status !== 'IssuedToUser' || busy;
  $('cancel').disabled = busy;
  lastOffer = { paymentId: offer.paymentId, refusedCard: refused ? cardOf(session.user) : null };
}

function renderTill(view) {
  const place = view.place;
  if (place === null) return;
  $('place').replaceChildren(
    el('strong', {}, place.posName),
    el('span', {}, ` · ${place.storeName}`),
    el('br'),
    el('span', { class: 'muted' }, `${place.merchantName} (${place.merchantVat})`),
  );
  renderOffer(view);
  const ended = view.offer === null && lastOffer !== null ? view.activity.find((a) => a.kind === 'payment' && a.id === lastOffer.paymentId) : undefined;
  $('outcome').hidden = ended === undefined;
  if (ended !== undefined) {
    $('outcome').replaceChildren(outcomeText(ended, { refusedCard: lastOffer.refusedCard }), ' ', el('code', {}, ended.status));
    $('outcome').className = `outcome state-${ended.status}`;
  }
  $('waiting').hidden = !(view.checkedIn && view.offer === null);
  $('check-in-again').hidden = view.checkedIn || view.offer !== null;
  $('till-title').textContent = view.offer === null ? 'At the till' : 'Payment request';
}

function renderActivity(activity) {
  $('no-activity').hidden = activity.length > 0;
  $('activity-list').replaceChildren(
    ...activity.map((item) => {
      const title =
        item.kind === 'refund' ? `Refund · ${item.merchantName ?? 'a merchant'}` : [item.merchantName, item.posName].filter(Boolean).join(' · ') || 'Payment';
      const amount = item.amount === null ? '' : `${item.kind === 'refund' ? '+' : ''}${formatAmount(item.amount, item.currency)}`;
      return el(
        'li',
        { class: `item ${item.kind}` },
        el('span', { class: 'item-title' }, title),
        el('span', { class: 'item-amount' }, amount),
        el('span', { class: `state state-${item.status}`, title: item.status }, stateLabel(item.kind, item.status)),
        el('time', { datetime: item.updatedAt, class: 'muted' }, timeOf(item.updatedAt)),
      );
    }),
  );
}

function renderView(view) {
  const json = JSON.stringify(view);
  if (json === lastViewJson) return;
  lastViewJson = json;
  if (session.beaconId && view.place !== null) renderTill(view);
  renderActivity(view.activity);
}

async function loadPlaces() {
  try {
    const { places } = await call(session.token, 'GET', '/places');
    $('no-places').hidden = places.length > 0;
    $('places').replaceChildren(
      ...places.map((place) =>
        el(
          'li',
          {},
          el(
            'button',
            { type: 'button', class: 'place-button', 'data-beacon-id': place.beaconId },
            el('img', { src: `/qr/${encodeURIComponent(place.beaconId)}.svg?size=96`, width: 64, height: 64, alt: `QR code of ${place.posName}` }),
            el(
              'span',
              { class: 'place-text' },
              el('strong', {}, place.posName),
              el('span', {}, `${place.storeName} · ${place.merchantName}`),
              el('span', { class: 'muted mono' }, place.beaconId),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    failed(error);
  }
}

async function act(path, body, doneMessage) {
  if (busy) return;
  busy = true;
  $('accept').disabled = true;
  $('cancel').disabled = true;
  try {
    const view = await call(session.token, 'POST', path, body);
    if (view.place) store({ beaconId: view.place.beaconId });
    showSections();
    lastViewJson = '';
    busy = false;
    renderView(view);
    setStatus(doneMessage(view));
    schedule(view.pollDelayInMs);
  } catch (error) {
    busy = false;
    if (!failed(error)) void refresh();
  }
}

function checkIn(scanned) {
  lastOffer = null;
  return act('/checkin', { phoneNumber: session.user, scanned }, (view) => `Checked in at ${view.place.posName}.`);
}

async function openPhoneLink() {
  const body = $('phone-link-body');
  body.replaceChildren(el('p', { class: 'muted' }, 'Making the code…'));
  try {
    const link = await call(session.token, 'POST', '/phone-link', { phoneNumber: session.user, beaconId: session.beaconId });
    const publicUrl = document.querySelector('main').dataset.publicUrl;
    body.replaceChildren(
      el('img', { src: link.qr, width: 240, height: 240, alt: 'QR code of this check-in link, for a phone' }),
      el('p', {}, `Scan it with a phone's camera to carry on in its browser, signed in and checked in here. `, el('a', { href: link.link }, 'The link')),
      el(
        'p',
        { class: 'muted' },
        `It carries your sign-in until ${timeOf(link.expiresAt)}: anyone who scans it can act as your integrator in the sandbox until then.`,
      ),
      link.reachableFromPhone
        ? null
        : el(
            'p',
            { class: 'warning' },
            `The public URL is ${publicUrl}, which a phone cannot reach. Start the server with POSV10_HOST=0.0.0.0 and POSV10_PUBLIC_URL=http://<this computer's address>:8080.`,
          ),
    );
  } catch (error) {
    body.replaceChildren();
    failed(error);
  }
}

function wire() {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const clientId = $('client-id').value.trim();
    try {
      setStatus('Signing in…');
      store(await signIn(clientId, $('client-secret').value));
      $('client-secret').value = '';
      showSections();
      setStatus('Signed in. Choose who is paying.');
      await start();
    } catch (error) {
      setStatus(error.message, true);
    }
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('user-form').addEventListener('change', (event) => {
    store({ user: event.target.value });
    lastViewJson = '';
    showSections();
    setStatus(`Paying as ${displayPhone(session.user)}. Scan a point of sale.`);
    void start();
  });
  $('change-user').addEventListener('click', () => {
    store({ user: undefined, beaconId: undefined });
    stopPolling();
    showSections();
  });
  $('scan-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void checkIn($('scan-input').value);
  });
  $('places').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-beacon-id]');
    if (button) void checkIn(button.dataset.beaconId);
  });
  $('accept').addEventListener('click', () => void act('/accept', { phoneNumber: session.user, beaconId: session.beaconId }, () => 'Accepted.'));
  $('cancel').addEventListener('click', () => void act('/cancel', { phoneNumber: session.user, beaconId: session.beaconId }, () => 'Cancelled.'));
  $('check-in-again').addEventListener('click', () => void checkIn(session.beaconId));
  $('leave').addEventListener('click', () => {
    store({ beaconId: undefined });
    lastOffer = null;
    lastViewJson = '';
    showSections();
    void loadPlaces();
    void refresh();
  });
  $('phone-link').addEventListener('toggle', () => {
    if ($('phone-link').open) void openPhoneLink();
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void refresh();
  });
}

async function start() {
  if (!signedIn() || !session.user) return;
  const checked = document.querySelector(`input[name="user"][value="${CSS.escape(session.user)}"]`);
  if (checked) checked.checked = true;
  await loadPlaces();
  await refresh();
}

async function main() {
  const linkedBeacon = readLink();
  if (!signedIn() && session.token) signOut('Your sign-in has expired. Sign in again.');
  wire();
  showSections();
  if (linkedBeacon) {
    $('scan-input').value = linkedBeacon;
    // A check-in link checks in at once when the page knows who is paying.
    if (signedIn() && session.user) {
      await checkIn(linkedBeacon);
      await loadPlaces();
      return;
    }
    setStatus('Sign in and choose who is paying, then check in.');
  }
  await start();
}

void main();
