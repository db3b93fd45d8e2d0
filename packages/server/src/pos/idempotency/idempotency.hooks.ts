/**
 * Declarative idempotency: a route under the PoS scope sets `config: { idempotent: true }` and
 * these hooks require the key (1164/1163/1162), claim it before the handler, replay a stored
 * answer, and store the handler's answer afterwards.
 *
 * A handler that creates something stores its success answer itself, inside the transaction that
 * creates the resource (`answerInTransaction`): were the answer stored after the commit, a crash
 * in between would leave a resource whose key has no answer, and the client's retry would run the
 * request again (409 1200/1301, or a second refund) instead of getting the first answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { PosError } from '../pos.errors.ts';
import { singleHeader } from '../pos.headers.ts';
import { isValidPosText } from '../pos.text.ts';
import type { CreateQuery, Database, Db } from '../../db/database.ts';
import type { AnswerWriter, IdempotencyService } from './idempotency.service.ts';

export const IDEMPOTENCY_KEY_HEADER = 'x-mobilepay-idempotency-key';

interface Claim {
  readonly service: IdempotencyService;
  readonly scope: string;
  readonly key: string;
  /** True when the answer was replayed from storage: there is nothing to store. */
  replayed: boolean;
  /** The 200 body `answerInTransaction` stored, once it has: the reply that sends it needs no second store. */
  answered?: string;
}

const claims = new WeakMap<FastifyRequest, Claim>();
const keys = new WeakMap<FastifyRequest, string>();

/** Rule 5: the key header, once, at most 36 valid characters. */
export function idempotencyKey(request: FastifyRequest): string {
  const header = singleHeader(request, IDEMPOTENCY_KEY_HEADER);
  if (header.kind === 'missing') throw new PosError('idempotency_key_missing');
  if (header.kind === 'duplicated') throw new PosError('idempotency_key_duplicated');
  if (!isValidPosText(header.value)) throw new PosError('idempotency_key_invalid');
  return header.value;
}

/** A route's hooks of one kind as a list (Fastify takes one function or an array). */
const listOf = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

/**
 * Installs the hooks on a scope whose onRequest guard has already set `request.caller`, on the
 * idempotent routes only (so reads and other calls pay nothing for them): call it before the routes
 * are registered. Route hooks run after the scope's, so the key is checked after the guard.
 * Header checks run with the guard (before the body is read); the claim runs after validation,
 * so a malformed body never burns a key.
 */
export function installIdempotency(app: FastifyInstance, service: IdempotencyService): void {
  const requireKey: onRequestAsyncHookHandler = async (request) => {
    keys.set(request, idempotencyKey(request));
  };

  const claim: preHandlerAsyncHookHandler = async (request, reply) => {
    const key = keys.get(request);
    if (key === undefined) return;
    // SPEC §3 rule 5: keys are per integrator and merchant.
    const scope = `${request.caller.integratorId}|${request.caller.merchantId}`;
    const result = await service.claim({ scope, key, method: request.method, path: request.url, body: request.body });
    const claimed: Claim = { service, scope, key, replayed: result.kind === 'replay' };
    claims.set(request, claimed);
    if (result.kind === 'replay') {
      return reply
        .code(result.response.status)
        .type('application/json')
        .send(result.response.body === '' ? undefined : result.response.body);
    }
  };

  // After answerInTransaction committed, both calls below would match no row (they only touch a
  // key without an answer), so a reply that sends the very answer it stored skips them: a
  // statement fewer per create. A handler only replies with that answer once its transaction
  // committed (a rollback throws, and the error reply differs); after a rollback, the error answer
  // is stored as usual.
  const store: onSendAsyncHookHandler<unknown> = async (request, reply, payload) => {
    const claimed = claims.get(request);
    if (claimed === undefined || claimed.replayed) return payload;
    claims.delete(request);
    if (claimed.answered !== undefined && reply.statusCode === 200 && payload === claimed.answered) return payload;
    if (reply.statusCode >= 500) {
      await service.release(claimed.scope, claimed.key);
    } else {
      await service.complete(claimed.scope, claimed.key, { status: reply.statusCode, body: typeof payload === 'string' ? payload : '' });
    }
    return payload;
  };

  app.addHook('onRoute', (route) => {
    if (route.config?.idempotent !== true) return;
    route.onRequest = [...listOf(route.onRequest), requireKey];
    route.preHandler = [...listOf(route.preHandler), claim];
    route.onSend = [...listOf(route.onSend), store];
  });
}

/**
 * For the handler of an idempotent route: a function that stores `body` (serialized exactly as
 * the reply will send it) as the key's 200 answer, to be called inside the transaction that
 * creates the resource, so that the resource and its answer commit or roll back together.
 * @example
 * const pos = await createPos(db, clock, request.caller, request.body, answerInTransaction(request, reply, (id) => ({ posId: id })));
 */
export function answerInTransaction<T>(request: FastifyRequest, reply: FastifyReply, bodyOf: (id: string) => T): AnswerWriter {
  /** The claim to answer and the body for resource `id`; undefined when there is nothing to store (a replay). */
  const answerFor = (id: string) => {
    const claim = claims.get(request);
    if (claim === undefined || claim.replayed) return undefined;
    const serialized = reply.serialize(bodyOf(id));
    const body = typeof serialized === 'string' ? serialized : Buffer.from(serialized as ArrayBuffer).toString('utf8');
    return { claim, response: { status: 200, body } };
  };
  const write = async (trx: Db, id: string) => {
    const answer = answerFor(id);
    if (answer === undefined) return;
    await answer.claim.service.complete(answer.claim.scope, answer.claim.key, answer.response, trx);
    answer.claim.answered = answer.response.body;
  };
  const together = async <T extends keyof Database>(db: Db, create: CreateQuery<T>, id: string) => {
    const answer = answerFor(id);
    if (answer === undefined) return void (await create.execute());
    await answer.claim.service.completeWith(db, create, answer.claim.scope, answer.claim.key, answer.response);
    answer.claim.answered = answer.response.body;
  };
  return Object.assign(write, { together });
}
