/** TypeBox schemas of the admin API: request validation, response serialization and the OpenAPI document. */
import { Type } from 'typebox';
import { ADMIN_ERRORS, type AdminErrorCode } from './admin.errors.ts';

export { Type };

const Guid = Type.String({ format: 'uuid' });

export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

/** An error answer, described (with its headers) from its ADMIN_ERRORS entry. */
function errorResponse(code: AdminErrorCode) {
  const entry: { message: string; headers?: Readonly<Record<string, string>> } = ADMIN_ERRORS[code];
  const headers = Object.fromEntries(Object.entries(entry.headers ?? {}).map(([name, value]) => [name, { type: 'string', examples: [value] }]));
  return Type.Object(ErrorBody.properties, { description: `\`${code}\`: ${entry.message}`, ...(entry.headers !== undefined ? { headers } : {}) });
}

/** The error answers a route that takes input may give. */
export const ErrorResponses = {
  400: errorResponse('invalid_request'),
  401: errorResponse('unauthorized'),
  404: errorResponse('not_found'),
  409: errorResponse('conflict'),
  502: errorResponse('delivery_failed'),
};

export const IntegratorView = Type.Object({ integratorId: Guid, name: Type.String(), email: Type.String(), phone: Type.String(), createdAt: Type.String() });
export const ClientView = Type.Object({
  clientId: Guid,
  integratorId: Guid,
  status: Type.Union([Type.Literal('enabled'), Type.Literal('disabled')]),
  deliveryFailed: Type.Boolean({ description: 'The client never received credentials (delivery failed): it stays disabled until deleted' }),
  createdAt: Type.String(),
  disabledAt: Type.Union([Type.String(), Type.Null()]),
  lastTokenAt: Type.Union([Type.String(), Type.Null()], {
    description: 'When the client was last issued a token, to the minute (recorded at most once a minute per instance); null if never',
  }),
});
export const IntegratorDetail = Type.Object({ ...IntegratorView.properties, clients: Type.Array(ClientView) });
export const MerchantView = Type.Object({ vat: Type.String(), name: Type.String(), createdAt: Type.String(), grantedIntegrators: Type.Array(Type.String()) });
export const StoreView = Type.Object({
  storeId: Guid,
  vat: Type.String(),
  brandId: Type.String(),
  brandName: Type.String(),
  locationId: Type.String(),
  name: Type.String(),
  street: Type.String(),
  zipCode: Type.String(),
  city: Type.String(),
  createdAt: Type.String(),
});
export const IssuedCredentials = Type.Object({
  clientId: Guid,
  integratorId: Guid,
  delivery: Type.Object({ email: Type.String(), phone: Type.String(), mailVia: Type.String(), smsVia: Type.String() }),
  oldSecretsExpireAt: Type.Optional(Type.String()),
});
export const AuditEvent = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  outcome: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const NewIntegratorBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ maxLength: 254 }),
    phone: Type.String({ maxLength: 16, examples: ['+4520031801'] }),
  },
  { additionalProperties: false },
);
export const UpdateIntegratorBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 16, examples: ['+4520031801'] })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const RotateSecretBody = Type.Object(
  { overlapDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90, default: 7 })) },
  { additionalProperties: false },
);
export const NewMerchantBody = Type.Object(
  { vat: Type.String({ maxLength: 20 }), name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const NewStoreBody = Type.Object(
  {
    brandId: Type.String({ examples: ['MPPOS12345'] }),
    brandName: Type.String(),
    locationId: Type.String({ examples: ['00001'] }),
    name: Type.String(),
    street: Type.String(),
    zipCode: Type.String(),
    city: Type.String(),
  },
  { additionalProperties: false },
);

export const IntegratorParams = Type.Object({ integratorId: Type.String() });
export const ClientParams = Type.Object({ clientId: Type.String() });
export const StoreParams = Type.Object({ storeId: Type.String() });
export const VatParams = Type.Object({ vat: Type.String({ examples: ['DK12345678'] }) });
export const GrantParams = Type.Object({ vat: Type.String(), integratorId: Type.String() });
export const ClientsQuery = Type.Object({ integratorId: Type.Optional(Type.String()) });
export const StoresQuery = Type.Object({ vat: Type.Optional(Type.String()) });
export const AuditQuery = Type.Object({
  // No control characters: PostgreSQL cannot even compare text with a NUL in it.
  subject: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
