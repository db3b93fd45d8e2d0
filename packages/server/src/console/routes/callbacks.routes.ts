/**
 * Callback aliases (list, filter by integrator, add, change URL, remove) and their deliveries (list,
 * resend), through the Notification Service's CallbackService, as `posv10 callback …` and the admin
 * API: the same checks (the URL policy against SSRF, never-reused aliases) and the same audit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/errors.ts';
import { formValue } from '../console.form.ts';
import { noticeOf } from '../console.notices.ts';
import { CONSOLE_ACTOR, seeOther, sendPage, sessionOf, type ConsoleDeps } from '../console.context.ts';
import { changeOrRefuse, fieldError, refused, STATUS_OF } from '../console.errors.ts';
import { ADD_FORM, aliasPath, callbacksPage, deliveriesPage, FILTER_FORM, removeFormOf, resendFormOf, urlFormOf } from '../views/callbacks.view.ts';
import type { FormState } from '../views/form-state.ts';

type AliasParams = { Params: { alias: string } };
type ResendParams = { Params: { alias: string; id: string } };

/** CallbackService's messages name their field first: "alias must be…", "callback alias X exists…", "url must…", "integrator X not found". */
const ADD_FIELDS = { integratorId: /^integrator /, alias: /^(?:callback )?alias /, url: /^url/ };
const URL_FIELDS = { url: /^url/ };

/** The deliveries page lists this many notifications unless the query asks for another number (1–500). */
const DELIVERIES_SHOWN = 50;

export function callbackRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { callbacks, operator } = deps;

  /** The Callbacks page, filtered on `?integrator=` when given; an unknown integrator is an error next to the filter. */
  async function listPage(request: FastifyRequest, reply: FastifyReply, status: number, state?: FormState) {
    const integrator = formValue(request.query, 'integrator').trim();
    let filter: FormState = { form: FILTER_FORM, values: { integrator }, errors: {} };
    let aliases: Awaited<ReturnType<typeof callbacks.list>> = [];
    try {
      aliases = await callbacks.list(integrator === '' ? undefined : integrator);
    } catch (err) {
      const refusal = refused(err, FILTER_FORM, { integrator }, { integrator: /./ });
      if (refusal === undefined || !(err instanceof DomainError)) throw err;
      [filter, status] = [refusal, STATUS_OF[err.kind]];
    }
    const notice = state === undefined ? noticeOf(request.query) : undefined;
    const integrators = await operator.listIntegrators();
    return sendPage(
      reply,
      status,
      callbacksPage({
        csrfToken: sessionOf(request).csrfToken,
        callbacks: aliases,
        integrators,
        filter,
        ...(state ? { state } : {}),
        ...(notice ? { notice } : {}),
      }),
    );
  }

  async function deliveryPage(request: FastifyRequest, reply: FastifyReply, alias: string, status: number, state?: FormState) {
    const raw = formValue(request.query, 'limit');
    // A limit that is not a whole number from 1 to 500 is refused by the service (400 page).
    const limit = raw === '' ? DELIVERIES_SHOWN : Number(raw);
    const notifications = await callbacks.deliveries(alias, limit);
    const [live, integrators] = await Promise.all([callbacks.list(), operator.listIntegrators()]);
    const notice = state === undefined ? noticeOf(request.query) : undefined;
    return sendPage(
      reply,
      status,
      deliveriesPage({
        csrfToken: sessionOf(request).csrfToken,
        alias,
        callback: live.find((c) => c.alias === alias),
        integrators,
        notifications,
        limit,
        ...(state ? { state } : {}),
        ...(notice ? { notice } : {}),
      }),
    );
  }

  app.get('/callbacks', (request, reply) => listPage(request, reply, 200));

  app.post('/callbacks', (request, reply) => {
    const values = {
      integratorId: formValue(request.body, 'integratorId'),
      alias: formValue(request.body, 'alias'),
      url: formValue(request.body, 'url').trim(),
    };
    if (values.integratorId === '')
      return listPage(request, reply, 400, fieldError(ADD_FORM, values, 'integratorId', 'Choose the integrator the alias belongs to.'));
    return changeOrRefuse(
      async () => {
        const added = await callbacks.add(CONSOLE_ACTOR, values.integratorId, { alias: values.alias, url: values.url });
        return seeOther(reply, '/console/callbacks', { code: 'callback-added', subject: added.alias });
      },
      { form: ADD_FORM, values, fields: ADD_FIELDS, show: (status, state) => listPage(request, reply, status, state) },
    );
  });

  app.post<AliasParams>('/callbacks/:alias/url', (request, reply) => {
    const { alias } = request.params;
    const values = { url: formValue(request.body, 'url').trim() };
    return changeOrRefuse(
      async () => {
        const moved = await callbacks.setUrl(CONSOLE_ACTOR, alias, values.url);
        return seeOther(reply, '/console/callbacks', { code: 'callback-url-set', subject: moved.alias });
      },
      // An alias that is gone (removed meanwhile) has no row left to show the message on: the 404 page says so.
      { form: urlFormOf(alias), values, fields: URL_FIELDS, show: (status, state) => listPage(request, reply, status, state), elsewhere: ['not_found'] },
    );
  });

  app.post<AliasParams>('/callbacks/:alias/remove', (request, reply) => {
    const { alias } = request.params;
    return changeOrRefuse(
      async () => {
        await callbacks.remove(CONSOLE_ACTOR, alias);
        return seeOther(reply, '/console/callbacks', { code: 'callback-removed', subject: alias });
      },
      { form: removeFormOf(alias), values: {}, fields: {}, show: (status, state) => listPage(request, reply, status, state), elsewhere: ['not_found'] },
    );
  });

  app.get<AliasParams>('/callbacks/:alias/deliveries', (request, reply) => deliveryPage(request, reply, request.params.alias, 200));

  app.post<ResendParams>('/callbacks/:alias/notifications/:id/resend', (request, reply) => {
    const { alias, id } = request.params;
    return changeOrRefuse(
      async () => {
        const resent = await callbacks.resend(CONSOLE_ACTOR, id);
        return seeOther(reply, `${aliasPath(resent.alias)}/deliveries`, { code: 'notification-resent', subject: resent.notificationId });
      },
      // "Still being delivered" shows on the notification's row; an unknown notification is the 404 page.
      { form: resendFormOf(id), values: {}, fields: {}, show: (status, state) => deliveryPage(request, reply, alias, status, state), elsewhere: ['not_found'] },
    );
  });
}
