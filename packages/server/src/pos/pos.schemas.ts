/** Schemas every PoS area shares: the error body and the headers the guard reads. */
import { Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    code: Type.String({ examples: ['1234'] }),
    message: Type.String(),
    correlationId: Type.String({ examples: ['113568d5-68fc-4434-ad80-6e67402a3f93'] }),
  },
  { additionalProperties: false, description: 'An error: its code, a message and the correlation id of the request' },
);

/** Documented for the published OpenAPI; the guard reads them itself (to detect duplicates). */
export const PosHeaders = Type.Object({
  'x-mobilepay-client-system-version': Type.Optional(Type.String({ description: "Integrator's certified system version, Major.Minor.Build (required)" })),
  'x-mobilepay-merchant-vat-number': Type.Optional(Type.String({ description: "Merchant's VAT number with country prefix (DK12345678); required unless the token has a merchant_vat claim" })),
});

export const IdempotentPosHeaders = Type.Object({
  ...PosHeaders.properties,
  'x-mobilepay-idempotency-key': Type.Optional(Type.String({ description: 'Required: at most 36 valid characters; a retry with the same key and request returns the first answer' })),
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

export const Uuid = (description: string) => Type.String({ format: 'uuid', description });
