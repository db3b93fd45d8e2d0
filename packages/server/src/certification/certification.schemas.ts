/** Bodies of /certification/v1, for validation and the response serializer. */
import { Type } from 'typebox';
import { ERROR_RESPONSES } from '../pos/pos.schemas.ts';
import { FEATURES } from './cases.ts';

export const CreateRunRequest = Type.Object(
  {
    clientSystemName: Type.String({ minLength: 1, maxLength: 100 }),
    clientVersion: Type.String({ pattern: '^[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}$', description: 'Major.Minor.Build' }),
    productionClientId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    features: Type.Array(Type.Union(FEATURES.map((f) => Type.Literal(f))), { minItems: 1, maxItems: FEATURES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);

const CaseView = Type.Object({
  caseId: Type.String(),
  feature: Type.String(),
  title: Type.String(),
  instructions: Type.String(),
  status: Type.Union([Type.Literal('Pending'), Type.Literal('Active'), Type.Literal('Passed'), Type.Literal('Failed')]),
  failures: Type.Array(Type.String()),
});

export const RunView = Type.Object({
  runId: Type.String(),
  status: Type.Union([Type.Literal('InProgress'), Type.Literal('Passed')]),
  clientSystemName: Type.String(),
  clientVersion: Type.String(),
  productionClientId: Type.Union([Type.String(), Type.Null()]),
  features: Type.Array(Type.String()),
  createdAt: Type.String(),
  cases: Type.Array(CaseView),
});

const EvidenceCall = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  durationMs: Type.Integer(),
  method: Type.String(),
  route: Type.String(),
  path: Type.String(),
  headers: Type.Object({
    clientSystemVersion: Type.Optional(Type.String()),
    idempotencyKey: Type.Optional(Type.String()),
    merchantVat: Type.Optional(Type.String()),
    tokenId: Type.Optional(Type.String()),
  }),
  body: Type.Unknown(),
  status: Type.Integer(),
  response: Type.Unknown(),
  fault: Type.Union([Type.String(), Type.Null()]),
  acts: Type.Array(Type.Object({ act: Type.String(), ok: Type.Boolean(), detail: Type.Optional(Type.String()) })),
});

const RunParams = Type.Object({ runId: Type.String({ maxLength: 64 }) });
const CaseParams = Type.Object({ runId: Type.String({ maxLength: 64 }), caseId: Type.String({ maxLength: 100 }) });
const tags = ['Self-certification'];

export const createRunSchema = { tags, body: CreateRunRequest, response: { 201: RunView, ...ERROR_RESPONSES } };
export const getRunSchema = { tags, params: RunParams, response: { 200: RunView, ...ERROR_RESPONSES } };
export const startCaseSchema = { tags, params: CaseParams, response: { 200: RunView, ...ERROR_RESPONSES } };
export const certificateSchema = { tags, params: RunParams, response: { 200: Type.Object({ certificate: Type.String() }), ...ERROR_RESPONSES } };
export const evidenceSchema = { tags, params: CaseParams, response: { 200: Type.Object({ calls: Type.Array(EvidenceCall) }), ...ERROR_RESPONSES } };
