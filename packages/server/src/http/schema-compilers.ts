/**
 * Fastify compiles every route's schemas (Ajv validators, fast-json-stringify serializers) each
 * time an app is built, and with posv10's contract that is most of an app's start (measured:
 * about two thirds of `buildApp`'s CPU). Route schemas are module constants, so one process that
 * builds several apps (the test suite builds hundreds; several instances in one process) need
 * compile each only once:
 * - validators: one Ajv for the process (the compiler pool keys it by options), and Ajv keeps each
 *   compiled schema by its object;
 * - serializers: kept here by schema object, status and content type, for the same options.
 * What is compiled is unchanged: the same default compilers Fastify would make, shared.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

const validators = AjvCompiler();
const serializers = SerializerSelector();
/** schema object → "options|status|content type" → its serializer. */
const compiled = new WeakMap<object, Map<string, Serializer>>();

const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = serializers(externalSchemas, options);
  // Shared schemas (app.addSchema) would make a serializer depend on more than its own schema.
  if (typeof externalSchemas === 'object' && externalSchemas !== null && Object.keys(externalSchemas).length > 0) return compile;
  const optionsKey = JSON.stringify(options ?? {});
  return (route) => {
    const { schema } = route;
    if (typeof schema !== 'object' || schema === null) return compile(route);
    // Fastify passes the content type too (a response schema per type); its types omit it.
    const key = `${optionsKey}|${route.httpStatus}|${(route as { contentType?: string }).contentType ?? ''}`;
    let bySchema = compiled.get(schema);
    if (bySchema === undefined) compiled.set(schema, (bySchema = new Map<string, Serializer>()));
    let serializer = bySchema.get(key);
    if (serializer === undefined) bySchema.set(key, (serializer = compile(route)));
    return serializer;
  };
};

/** For `Fastify({ schemaController: { compilersFactory } })`. */
export const compilersFactory = { buildValidator: validators, buildSerializer };
