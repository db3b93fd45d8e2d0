/** Integrators (list, search, add, details) and their clients (add, rotate secret, disable, enable). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formValue, type FormFields } from '../console.form.ts';
import { noticeOf } from '../console.notices.ts';
import { CONSOLE_ACTOR, seeOther, sendPage, sessionOf, type ConsoleDeps } from '../console.context.ts';
import { fieldError, refused, STATUS_OF } from '../console.errors.ts';
import { DomainError } from '../../shared/errors.ts';
import { integratorPage, integratorsPage } from '../views/integrators.view.ts';
import type { FormState } from '../views/form-state.ts';

type IdParams = { Params: { id: string } };

const INTEGRATOR_FIELDS = { name: /^name /, email: /^email /, phone: /^phone / };

/** Whether an integrator matches a search: any of its fields contains the text, ignoring case. */
function matches(i: { name: string; email: string; phone: string; integratorId: string }, query: string): boolean {
  const q = query.toLowerCase();
  return [i.name, i.email, i.phone, i.integratorId].some((v) => v.toLowerCase().includes(q));
}

const WHOLE_DAYS = /^\d{1,3}$/;

export function integratorRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { operator } = deps;

  async function listPage(request: FastifyRequest, reply: FastifyReply, status: number, state?: FormState) {
    const query = formValue(request.query, 'q').trim().slice(0, 200);
    const all = await operator.listIntegrators();
    const integrators = query === '' ? all : all.filter((i) => matches(i, query));
    const notice = noticeOf(request.query);
    return sendPage(
      reply,
      status,
      integratorsPage({ csrfToken: sessionOf(request).csrfToken, integrators, query, ...(state ? { state } : {}), ...(notice ? { notice } : {}) }),
    );
  }

  async function detailPage(request: FastifyRequest, reply: FastifyReply, integratorId: string, status: number, state?: FormState) {
    const integrator = await operator.showIntegrator(integratorId);
    const merchants = (await operator.listMerchants()).filter((m) => m.grantedIntegrators.includes(integrator.integratorId));
    const callbacks = await deps.callbacks.list(integrator.integratorId);
    const notice = state === undefined ? noticeOf(request.query) : undefined;
    return sendPage(
      reply,
      status,
      integratorPage({ csrfToken: sessionOf(request).csrfToken, integrator, merchants, callbacks, ...(state ? { state } : {}), ...(notice ? { notice } : {}) }),
    );
  }

  /** The integrator a client belongs to (for the page that shows the client's forms). */
  async function integratorOfClient(clientId: string): Promise<string> {
    const client = (await operator.listClients()).find((c) => c.clientId === clientId);
    if (client === undefined) throw new DomainError('not_found', `client ${clientId} not found`);
    return client.integratorId;
  }

  /** The integrator page for a client, showing a refused action on one of its forms. */
  async function clientRefused(request: FastifyRequest, reply: FastifyReply, clientId: string, error: unknown, form: string, values: FormFields, fields = {}) {
    const state = refused(error, form, values, fields);
    if (state === undefined || !(error instanceof DomainError) || error.kind === 'not_found') throw error;
    return detailPage(request, reply, await integratorOfClient(clientId), STATUS_OF[error.kind], state);
  }

  app.get('/integrators', (request, reply) => listPage(request, reply, 200));

  app.post('/integrators', async (request, reply) => {
    const values = { name: formValue(request.body, 'name'), email: formValue(request.body, 'email').trim(), phone: formValue(request.body, 'phone').trim() };
    try {
      const added = await operator.addIntegrator(CONSOLE_ACTOR, values);
      return seeOther(reply, `/console/integrators/${added.integratorId}`, { code: 'integrator-added' });
    } catch (err) {
      const state = refused(err, 'add-integrator', values, INTEGRATOR_FIELDS);
      if (state === undefined || !(err instanceof DomainError)) throw err;
      return listPage(request, reply, STATUS_OF[err.kind], state);
    }
  });

  app.get<IdParams>('/integrators/:id', (request, reply) => detailPage(request, reply, request.params.id, 200));

  app.post<IdParams>('/integrators/:id/clients', async (request, reply) => {
    try {
      const issued = await operator.addClient(CONSOLE_ACTOR, request.params.id);
      return seeOther(reply, `/console/integrators/${issued.integratorId}`, { code: 'client-added', subject: issued.clientId });
    } catch (err) {
      if (!(err instanceof DomainError) || err.kind === 'not_found') throw err;
      return detailPage(request, reply, request.params.id, STATUS_OF[err.kind], refused(err, 'add-client', {}, {}));
    }
  });

  app.post<IdParams>('/clients/:id/rotate-secret', async (request, reply) => {
    const clientId = request.params.id;
    const form = `rotate-${clientId}`;
    const overlap = formValue(request.body, 'overlapDays').trim();
    const values = { overlapDays: overlap };
    if (!WHOLE_DAYS.test(overlap)) {
      const state = fieldError(form, values, 'overlapDays', 'Enter a whole number of days from 0 to 90.');
      return detailPage(request, reply, await integratorOfClient(clientId), 400, state);
    }
    try {
      const issued = await operator.rotateSecret(CONSOLE_ACTOR, clientId, Number(overlap));
      return seeOther(reply, `/console/integrators/${issued.integratorId}`, { code: 'secret-rotated', subject: issued.clientId });
    } catch (err) {
      return clientRefused(request, reply, clientId, err, form, values, { overlapDays: /overlap/ });
    }
  });

  for (const [verb, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post<IdParams>(`/clients/:id/${verb}`, async (request, reply) => {
      const clientId = request.params.id;
      try {
        const client = await operator.setClientEnabled(CONSOLE_ACTOR, clientId, enabled);
        return seeOther(reply, `/console/integrators/${client.integratorId}`, {
          code: enabled ? 'client-enabled' : 'client-disabled',
          subject: client.clientId,
        });
      } catch (err) {
        return clientRefused(request, reply, clientId, err, `toggle-${clientId}`, {});
      }
    });
  }
}
