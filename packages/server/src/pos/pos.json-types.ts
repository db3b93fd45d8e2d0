/**
 * Fastify's validator coerces types (`"12.50"` becomes 12.5, `123` becomes "123", a lone value
 * becomes a one-element array), so a body the contract refuses would pass. This finds the first
 * field whose JSON type is not one its schema allows, before the validator runs, so the PoS surface
 * can refuse it (the contract's types are JSON types: `amount` is a number, not a string).
 */

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

interface Schema {
  readonly type?: JsonType | readonly JsonType[];
  readonly properties?: Record<string, Schema>;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly enum?: readonly unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonTypeOf(value: unknown): JsonType | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

/** The JSON types a schema admits, or undefined when it says nothing about types (the validator judges). */
function admittedTypes(schema: Schema): Set<JsonType> | undefined {
  if (schema.anyOf !== undefined) {
    const all = new Set<JsonType>();
    for (const branch of schema.anyOf) {
      const types = admittedTypes(branch);
      if (types === undefined) return undefined;
      for (const t of types) all.add(t);
    }
    return all;
  }
  if (schema.type !== undefined) return new Set(typeof schema.type === 'string' ? [schema.type] : schema.type);
  if (schema.enum !== undefined) {
    const types = new Set<JsonType>();
    for (const v of schema.enum) {
      const t = jsonTypeOf(v);
      if (t !== undefined) types.add(t);
    }
    return types;
  }
  return undefined;
}

function admits(types: Set<JsonType>, actual: JsonType): boolean {
  return types.has(actual) || (actual === 'integer' && types.has('number'));
}

/** The object schema for `value` among a schema and its union branches. */
function objectSchema(schema: Schema): Schema | undefined {
  if (schema.properties !== undefined) return schema;
  for (const branch of schema.anyOf ?? []) {
    const found = objectSchema(branch);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The path of the first field of `value` whose JSON type `schema` does not admit (nested objects
 * and arrays included), or undefined.
 * @example wrongType(PaymentCaptureRequest, { amount: '12.50' }) // 'amount'
 */
export function wrongType(schema: unknown, value: unknown, path = ''): string | undefined {
  if (!isRecord(schema)) return undefined;
  const s = schema as Schema;
  const actual = jsonTypeOf(value);
  const types = admittedTypes(s);
  if (path !== '' && types !== undefined && actual !== undefined && !admits(types, actual)) return path;
  if (isRecord(value)) {
    const object = objectSchema(s);
    for (const [key, inner] of Object.entries(value)) {
      const property = object?.properties?.[key];
      const found = property === undefined ? undefined : wrongType(property, inner, path === '' ? key : `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  if (Array.isArray(value) && s.items !== undefined) {
    for (const [i, inner] of value.entries()) {
      const found = wrongType(s.items, inner, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
