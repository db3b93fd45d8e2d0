/** The read-mostly pages: signing keys (and their rotation), the audit log, payments. */
import type { FastifyInstance } from 'fastify';
import { displayText } from '../../shared/text.ts';
import type { AuditFilter } from '../../audit/audit.service.ts';
import type { LookupBy } from '../../pos/lookup/payment-lookup.service.ts';
import { DomainError } from '../../shared/errors.ts';
import { formValue } from '../console.form.ts';
import { noticeOf } from '../console.notices.ts';
import { CONSOLE_ACTOR, seeOther, sendPage, sessionOf, type ConsoleDeps } from '../console.context.ts';
import { refused, STATUS_OF } from '../console.errors.ts';
import { keysPage } from '../views/keys.view.ts';
import { auditPage } from '../views/audit.view.ts';
import { LOOKUP_OPTIONS, paymentsPage } from '../views/payments.view.ts';

const AUDIT_LIMIT = 200;
/** What a datetime-local input sends: minutes, optionally seconds; read as UTC. */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/** The audit filter a query asks for, or the message for each field it got wrong. */
function auditFilterOf(query: unknown): { filter: AuditFilter; values: Record<string, string>; errors: Record<string, string> } {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const filter: { -readonly [K in keyof AuditFilter]: AuditFilter[K] } = { limit: AUDIT_LIMIT };
  for (const name of ['actor', 'action', 'subject'] as const) {
    const raw = formValue(query, name);
    values[name] = raw;
    if (raw.trim() === '') continue;
    const text = displayText(raw, 200);
    if (text === undefined) errors[name] = 'Use at most 200 printable characters.';
    else filter[name] = text;
  }
  for (const [name, key] of [
    ['from', 'since'],
    ['to', 'until'],
  ] as const) {
    const raw = formValue(query, name).trim();
    values[name] = raw;
    if (raw === '') continue;
    const at = new Date(`${raw}Z`);
    if (!LOCAL_TIME.test(raw) || !Number.isFinite(at.getTime())) errors[name] = 'Enter a date and time, e.g. 2026-12-01T09:00.';
    else filter[key] = at;
  }
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) errors.to = 'Must be later than From.';
  return { filter, values, errors };
}

export function pageRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { operator } = deps;

  app.get('/keys', async (request, reply) => {
    const notice = noticeOf(request.query);
    return sendPage(reply, 200, keysPage({ csrfToken: sessionOf(request).csrfToken, keys: await operator.listKeys(), ...(notice ? { notice } : {}) }));
  });

  app.post('/keys/rotate', async (_request, reply) => {
    await operator.rotateKeys(CONSOLE_ACTOR);
    return seeOther(reply, '/console/keys', { code: 'keys-rotated' });
  });

  app.get('/audit', async (request, reply) => {
    const { filter, values, errors } = auditFilterOf(request.query);
    const valid = Object.keys(errors).length === 0;
    const events = valid ? await operator.listAudit(filter) : [];
    const state = { form: 'audit', values, errors };
    return sendPage(reply, valid ? 200 : 400, auditPage({ csrfToken: sessionOf(request).csrfToken, events, filter: state, limit: AUDIT_LIMIT }));
  });

  app.get('/payments', async (request, reply) => {
    const csrfToken = sessionOf(request).csrfToken;
    const rawBy = formValue(request.query, 'by');
    const by: LookupBy = LOOKUP_OPTIONS.find(([value]) => value === rawBy)?.[0] ?? 'id';
    const q = formValue(request.query, 'q');
    const values = { by, q };
    if (!('q' in (request.query as object)))
      return sendPage(reply, 200, paymentsPage({ csrfToken, search: { form: 'lookup', values, errors: {} }, results: undefined }));
    try {
      const results = await deps.lookup.find(by, q);
      return sendPage(reply, 200, paymentsPage({ csrfToken, search: { form: 'lookup', values, errors: {} }, results }));
    } catch (err) {
      const state = refused(err, 'lookup', values, { q: /./ });
      if (state === undefined || !(err instanceof DomainError)) throw err;
      return sendPage(reply, STATUS_OF[err.kind], paymentsPage({ csrfToken, search: state, results: undefined }));
    }
  });
}
