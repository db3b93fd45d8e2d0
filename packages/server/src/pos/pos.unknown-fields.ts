/**
 * The contract closes every PoS request body (`additionalProperties: false`), and so do our route
 * schemas; Fastify's validator would silently drop an unknown field instead of refusing it. This
 * finds the first field a body has that its schema does not, so the surface can answer 400 1099
 * as the contract implies, except for the fields real clients still send after the contract
 * dropped them (docs/payments.md, "Unknown body fields").
 */

/** Sent by tills certified before the field was removed from InitiatePayment/PaymentReady: accepted and ignored. */
const TOLERATED_FIELDS: ReadonlySet<string> = new Set(['userMinimumAge']);

interface ObjectSchema {
  readonly properties?: Record<string, unknown>;
  readonly additionalProperties?: unknown;
  readonly anyOf?: readonly unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The closed object schema `schema` is, or allows as one branch of a union (the contract's nullable objects). */
function closedObject(schema: unknown): ObjectSchema | undefined {
  if (!isRecord(schema)) return undefined;
  const s = schema as ObjectSchema;
  if (s.properties !== undefined && s.additionalProperties === false) return s;
  for (const branch of s.anyOf ?? []) {
    const found = closedObject(branch);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The path of the first field of `value` that the closed object `schema` does not name, nested
 * objects included; undefined when there is none (or `value` is not an object: the validator judges that).
 * @example unknownField(InitiatePaymentRequest, { posId, orderId, amount, colour: 'red' }) // 'colour'
 */
export function unknownField(schema: unknown, value: unknown, path = ''): string | undefined {
  const closed = closedObject(schema);
  if (closed === undefined || !isRecord(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const where = path === '' ? key : `${path}.${key}`;
    const property = closed.properties?.[key];
    if (property === undefined) {
      if (path === '' && TOLERATED_FIELDS.has(key)) continue;
      return where;
    }
    const nested = unknownField(property, inner, where);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
