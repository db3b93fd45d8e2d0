/** Schemas every part of the PoS API shares: the error body, the headers the guard reads, ids, money and media types. */
import { Type, type TSchema } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    // Null on a 404, for which the published error table gives no code.
    code: Type.Union([Type.String(), Type.Null()], { examples: ['1234'] }),
    message: Type.String(),
    correlationId: Type.String({ examples: ['113568d5-68fc-4434-ad80-6e67402a3f93'] }),
  },
  { additionalProperties: false, description: 'An error: its code, a message and the correlation id of the request' },
);

/** Documented for the published OpenAPI; the guard reads them itself (to detect duplicates). */
export const PosHeaders = Type.Object({
  'x-mobilepay-client-system-version': Type.Optional(Type.String({ description: "Integrator's certified system version, Major.Minor.Build (required)" })),
  'x-mobilepay-merchant-vat-number': Type.Optional(
    Type.String({ description: "Merchant's VAT number with country prefix (DK12345678); required unless the token has a merchant_vat claim" }),
  ),
});

export const IdempotentPosHeaders = Type.Object({
  ...PosHeaders.properties,
  'x-mobilepay-idempotency-key': Type.Optional(
    Type.String({ description: 'Required: at most 36 valid characters; a retry with the same key and request returns the first answer' }),
  ),
});

/** The error responses every guarded endpoint may give. */
export const ERROR_RESPONSES = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  500: ErrorResponse,
} as const;

/** A GUID, as the contract's `format: uuid` strings, with a description for the published OpenAPI when given. */
export const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description !== undefined ? { description } : {}) });

/** The contract's `nullable: true`. */
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * A request amount: a JSON number, as the contract has it (`"12.50"`, a string, is 400 1102, answered
 * by pos.json-types.ts before Ajv could coerce it); the route then checks it with `parseAmount`
 * (positive, at most 2 decimals), also 400 1102.
 */
export const RequestAmount = Type.Number({
  description: 'The monetary value, a decimal with at most 2 decimal places.',
});

export const CurrencyCode = Type.Enum(['DKK', 'EUR']);

/** An empty 200, as the contract has it for ready, capture, cancel and their refund counterparts. */
export const EmptyOk = Type.Unsafe<undefined>({ type: 'null', description: 'Done; no body' });

/** SPEC §3: the JSON media types real clients send (pos.surface.ts parses all of them). */
export const JSON_TYPES = ['application/json', 'application/*+json', 'application/json-patch+json', 'text/json'];
