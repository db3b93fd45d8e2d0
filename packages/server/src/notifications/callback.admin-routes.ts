/**
 * The admin API's callback aliases (`/admin/v1/integrators/{id}/callbacks`, `/admin/v1/callbacks`),
 * registered inside admin.routes.ts's scope so the admin token check and `{error, message}` errors
 * apply; every route goes through CallbackService, as `posv10 callback …` does.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponses } from '../admin/admin.schemas.ts';
import type { CallbackService } from './callback.service.ts';

/** No control characters: PostgreSQL cannot even compare text with a NUL in it. */
const PRINTABLE = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';
const Alias = Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE, examples: ['Example Alias'] });
const Url = Type.String({ minLength: 1, maxLength: 2048, pattern: PRINTABLE, examples: ['https://till.example.com/mobilepay/notify'] });

const CallbackView = Type.Object({ alias: Type.String(), integratorId: Type.String(), url: Type.String(), createdAt: Type.String(), updatedAt: Type.String() });
const AddedCallback = Type.Object({
  ...CallbackView.properties,
  delivery: Type.Object({ email: Type.String(), phone: Type.String(), mailVia: Type.String(), smsVia: Type.String() }),
});
const NotificationView = Type.Object({
  notificationId: Type.String(),
  alias: Type.String(),
  posId: Type.String(),
  merchantPosId: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Array(
    Type.Object({
      at: Type.String(),
      durationMs: Type.Integer(),
      status: Type.Union([Type.Integer(), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
const AliasParams = Type.Object({ alias: Alias });

export async function callbackAdminRoutes(plain: FastifyInstance, deps: { readonly callbacks: CallbackService; readonly actor: string }): Promise<void> {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { callbacks, actor } = deps;
  app.post(
    '/integrators/:integratorId/callbacks',
    {
      schema: {
        summary:
          "Add a callback alias for an integrator's notification endpoint; its signing secret is delivered to the integrator (zip by e-mail, password by SMS)",
        params: Type.Object({ integratorId: Type.String({ maxLength: 100, pattern: PRINTABLE }) }),
        body: Type.Object({ alias: Alias, url: Url }, { additionalProperties: false }),
        response: { 201: AddedCallback, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await callbacks.add(actor, request.params.integratorId, request.body)),
  );
  app.get(
    '/callbacks',
    {
      schema: {
        summary: 'List callback aliases',
        querystring: Type.Object({ integratorId: Type.Optional(Type.String({ maxLength: 100, pattern: PRINTABLE })) }),
        response: { 200: Type.Object({ callbacks: Type.Array(CallbackView) }), ...ErrorResponses },
      },
    },
    async (request) => ({ callbacks: await callbacks.list(request.query.integratorId) }),
  );
  app.put(
    '/callbacks/:alias',
    {
      schema: {
        summary: 'Move a callback alias to a new URL (time it with the integrator)',
        params: AliasParams,
        body: Type.Object({ url: Url }, { additionalProperties: false }),
        response: { 200: CallbackView, ...ErrorResponses },
      },
    },
    async (request) => callbacks.setUrl(actor, request.params.alias, request.body.url),
  );
  app.delete(
    '/callbacks/:alias',
    { schema: { summary: 'Remove a callback alias', params: AliasParams, response: { 204: Type.Null({ description: 'Done' }), ...ErrorResponses } } },
    async (request, reply) => {
      await callbacks.remove(actor, request.params.alias);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/callbacks/:alias/deliveries',
    {
      schema: {
        summary: "A callback alias's recent notifications, newest first, with every attempt",
        params: AliasParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }),
        response: { 200: Type.Object({ deliveries: Type.Array(NotificationView) }), ...ErrorResponses },
      },
    },
    async (request) => ({ deliveries: await callbacks.deliveries(request.params.alias, request.query.limit) }),
  );
  app.post(
    '/callbacks/notifications/:notificationId/resend',
    {
      schema: {
        summary: 'Send a failed (or delivered) notification again, with a fresh set of retries',
        params: Type.Object({ notificationId: Type.String({ maxLength: 100, pattern: PRINTABLE }) }),
        response: { 200: NotificationView, ...ErrorResponses },
      },
    },
    async (request) => callbacks.resend(actor, request.params.notificationId),
  );
}
