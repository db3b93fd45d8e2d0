/**
 * The certification page's script, served as /certification/assets/certification.js (the page's
 * CSP allows scripts from this origin only, none inline). It signs in at the token endpoint with
 * the client's sandbox credentials (the token stays in this page's memory), creates the run, and
 * polls the run and the active case's evidence once a second so status and calls show live.
 * Kept as a string in a module so the bundled `posv10` command serves it without reading files.
 */
export const SITE_SCRIPT = String.raw`'use strict';
(function () {
  var state = { clientId: '', secret: '', token: '', tokenExpires: 0, identity: null, run: null, shown: null, timer: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function step(name) {
    document.querySelectorAll('.steps li').forEach(function (li) {
      if (li.getAttribute('data-step') === name) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    });
  }

  function say(id, text, isError) {
    var node = $(id);
    node.textContent = text;
    node.classList.toggle('error', !!isError);
  }

  async function token() {
    if (state.token && Date.now() < state.tokenExpires - 60000) return state.token;
    // client_secret_post, not Basic: a refused Basic sign-in carries a Basic challenge, which would
    // make the browser ask for a password itself.
    var form = new URLSearchParams({ grant_type: 'client_credentials', client_id: state.clientId, client_secret: state.secret });
    var res = await fetch('/integrator-authentication/connect/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString()
    });
    var body = await res.json().catch(function () { return {}; });
    if (res.status !== 200) throw new Error(body.error_description || body.error || 'Sign-in failed (' + res.status + ')');
    state.token = body.access_token;
    state.tokenExpires = Date.now() + body.expires_in * 1000;
    return state.token;
  }

  async function api(method, path, body) {
    var headers = { authorization: 'Bearer ' + (await token()) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    var res = await fetch('/certification/v1' + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    var json = await res.json().catch(function () { return {}; });
    if (!res.ok) { var err = new Error(json.message || 'HTTP ' + res.status); err.status = res.status; throw err; }
    return json;
  }

  $('signin').addEventListener('submit', async function (event) {
    event.preventDefault();
    state.clientId = $('client-id').value.trim();
    state.secret = $('client-secret').value;
    state.token = '';
    say('signin-status', 'Signing in…');
    try {
      await token();
      say('signin-status', 'Signed in as ' + state.clientId + '.');
      $('identify').hidden = false;
      $('system-name').focus();
    } catch (err) {
      say('signin-status', err.message, true);
    }
  });

  $('identify').addEventListener('submit', function (event) {
    event.preventDefault();
    state.identity = {
      clientSystemName: $('system-name').value.trim(),
      clientVersion: $('version').value.trim(),
      productionClientId: $('production-client-id').value.trim()
    };
    $('selection').hidden = false;
    step('selection');
    $('selection-title').scrollIntoView();
  });

  $('select').addEventListener('submit', async function (event) {
    event.preventDefault();
    var features = Array.prototype.map.call(document.querySelectorAll('input[name=feature]:checked'), function (i) { return i.value; });
    if (features.length === 0) { say('select-status', 'Select at least one feature.', true); return; }
    var body = { clientSystemName: state.identity.clientSystemName, clientVersion: state.identity.clientVersion, features: features };
    if (state.identity.productionClientId) body.productionClientId = state.identity.productionClientId;
    try {
      state.run = await api('POST', '/runs', body);
      say('select-status', 'Run ' + state.run.runId + ' created.');
      $('certification').hidden = false;
      $('approval').hidden = false;
      step('certification');
      render();
      schedule();
    } catch (err) {
      say('select-status', err.message, true);
    }
  });

  async function start(caseId) {
    try {
      state.run = await api('POST', '/runs/' + state.run.runId + '/cases/' + caseId + '/start');
      state.shown = caseId;
      render();
      await evidence();
    } catch (err) {
      say('run-status', err.message, true);
    }
  }

  function render() {
    var run = state.run;
    var passed = run.cases.filter(function (c) { return c.status === 'Passed'; }).length;
    say('run-status', passed + ' of ' + run.cases.length + ' cases passed.');
    var list = $('cases');
    run.cases.forEach(function (c) {
      var id = 'case-' + c.caseId.replace(/[^a-z0-9-]/gi, '-');
      var item = document.getElementById(id);
      if (!item) {
        var button = el('button', { type: 'button', class: 'start' });
        button.addEventListener('click', function () { start(c.caseId); });
        item = el('li', { id: id, class: 'case' }, [
          el('h3', { text: c.title }),
          el('p', { class: 'case-id' }, [el('code', { text: c.caseId }), document.createTextNode(' · ' + c.feature)]),
          el('p', { class: 'status', 'aria-live': 'polite' }),
          el('p', { class: 'instructions', text: c.instructions }),
          el('ul', { class: 'failures' }),
          button,
          el('details', { class: 'evidence' }, [el('summary', { text: 'Evidence' }), el('ol', { class: 'calls' })])
        ]);
        list.appendChild(item);
      }
      var status = item.querySelector('.status');
      status.textContent = c.status;
      status.className = 'status status-' + c.status.toLowerCase();
      item.querySelector('.start').textContent = c.status === 'Pending' ? 'Start' : 'Re-run';
      item.querySelector('.start').setAttribute('aria-label', (c.status === 'Pending' ? 'Start ' : 'Re-run ') + c.title);
      var failures = item.querySelector('.failures');
      failures.replaceChildren.apply(failures, c.failures.map(function (f) { return el('li', { text: f }); }));
    });
    var rows = run.cases.map(function (c) {
      return el('tr', {}, [el('td', { text: c.title }), el('td', { text: c.status }), el('td', { text: c.failures.join('; ') })]);
    });
    var tbody = $('report').querySelector('tbody');
    tbody.replaceChildren.apply(tbody, rows);
    $('get-certificate').disabled = run.status !== 'Passed';
    if (run.status === 'Passed') step('approval');
  }

  async function evidence() {
    var active = state.run.cases.find(function (c) { return c.status === 'Active'; });
    var caseId = active ? active.caseId : state.shown;
    if (!caseId) return;
    var body = await api('GET', '/runs/' + state.run.runId + '/cases/' + caseId + '/evidence');
    var item = document.getElementById('case-' + caseId.replace(/[^a-z0-9-]/gi, '-'));
    if (!item) return;
    var calls = item.querySelector('.calls');
    calls.replaceChildren.apply(calls, body.calls.map(function (call) {
      var text = call.at.slice(11, 23) + '  ' + call.method + ' ' + call.path + ' → ' + call.status + (call.fault ? ' (fault: ' + call.fault + ')' : '');
      return el('li', {}, [el('code', { text: text })]);
    }));
    if (body.calls.length > 0) item.querySelector('.evidence').open = true;
  }

  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(async function () {
      try {
        // Evidence first, then the status: a case never shows Passed with its calls still missing.
        state.run = await api('GET', '/runs/' + state.run.runId);
        await evidence();
        render();
      } catch (err) {
        say('run-status', err.message, true);
      }
      schedule();
    }, 1000);
  }

  $('get-certificate').addEventListener('click', async function () {
    try {
      var body = await api('GET', '/runs/' + state.run.runId + '/certificate');
      var link = $('download');
      link.href = URL.createObjectURL(new Blob([body.certificate + '\n'], { type: 'application/jose' }));
      link.hidden = false;
      say('certificate-status', 'Certificate issued for version ' + state.identity.clientVersion.split('.').slice(0, 2).join('.') + '.');
    } catch (err) {
      say('certificate-status', err.message, true);
    }
  });
})();
`;
