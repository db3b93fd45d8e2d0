/**
 * Contract checks: validates a JSON body our PoS endpoints returned against the published PoS V10
 * contract (`pos-v10.openapi.yaml`, OpenAPI 3.0). OpenAPI 3.0 schemas are turned into JSON Schema
 * for ajv: `nullable: true` becomes a union with null, `$ref`s to `#/components/schemas/...`
 * resolve against the document's components.
 *
 * The contract is not ours to copy into the repository. It is read from POSV10_CONTRACT when set
 * (CI sets it; a path that does not exist fails every file that checks against it), else from
 * `../shared/reference/pos-v10.openapi.yaml` beside the repository. Without it, the tests that are
 * about the contract skip themselves (`test(name, NEEDS_CONTRACT, fn)`), the other PoS tests run
 * without their contract checks, and each file that would have made them reports one skipped
 * test saying so: a fresh clone passes and shows what it did not check.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const BESIDE_REPOSITORY = fileURLToPath(new URL('../../../../../shared/reference/pos-v10.openapi.yaml', import.meta.url));
const DOC_ID = 'pos-v10-contract';

/** The contract's path, or why there is none. */
function findContract(): { path: string } | { missing: string } {
  const given = process.env.POSV10_CONTRACT;
  if (given !== undefined && given !== '') {
    if (!existsSync(given)) throw new Error(`POSV10_CONTRACT=${given}: no such file (the published PoS V10 OpenAPI contract)`);
    return { path: given };
  }
  if (existsSync(BESIDE_REPOSITORY)) return { path: BESIDE_REPOSITORY };
  return { missing: `the published PoS V10 contract is not at ${BESIDE_REPOSITORY}; set POSV10_CONTRACT to its path to check against it` };
}

const found = findContract();

/** Whether the contract was found; without it, `assertMatchesContract` checks nothing. */
export const HAS_CONTRACT = 'path' in found;

/**
 * Options for a test that cannot run without the contract: skipped, with the reason, where it is missing.
 * @example test('the status enums are the contract’s', NEEDS_CONTRACT, () => { … })
 */
export const NEEDS_CONTRACT: { skip: string | false } = { skip: 'missing' in found ? found.missing : false };

if ('missing' in found) test('responses are checked against the published PoS V10 contract', { skip: found.missing }, () => {});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** OpenAPI 3.0 schema → JSON Schema (draft 7 as ajv reads it). */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable' || k === 'example' || k === 'readOnly' || k === 'writeOnly') continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = `${DOC_ID}${v}`;
    else out[k] = toJsonSchema(v);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.$ref !== undefined || out.allOf !== undefined) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

let contract: { paths: Record<string, Record<string, Operation>>; components: Json } | undefined;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** The published contract, parsed once; only for tests run with `NEEDS_CONTRACT`. */
export function contractDocument(): unknown {
  return load().contract;
}

function load() {
  if (!('path' in found)) throw new Error(`${found.missing} (a test that needs it must be declared with NEEDS_CONTRACT)`);
  if (contract === undefined || ajv === undefined) {
    contract = parse(readFileSync(found.path, 'utf8')) as NonNullable<typeof contract>;
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: DOC_ID, components: toJsonSchema(contract.components) });
  }
  return { contract, ajv };
}

function validatorFor(id: string, schema: Json): ValidateFunction {
  let v = validators.get(id);
  if (v === undefined) {
    v = load().ajv.compile(toJsonSchema(schema) as object);
    validators.set(id, v);
  }
  return v;
}

/**
 * Asserts that `body` is what the contract allows for `method pathTemplate` answering `status`.
 * An error status the contract does not list, or lists without a body, must still be a valid
 * `ErrorResponse`, the shape every PoS error has. Without the contract, checks nothing.
 * @example assertMatchesContract('GET', '/pos/v10/pointofsales/{posid}', 200, res.json())
 */
export function assertMatchesContract(method: string, pathTemplate: string, status: number, body: unknown): void {
  if (!HAS_CONTRACT) return;
  const { contract: doc } = load();
  const operation = doc.paths[pathTemplate]?.[method.toLowerCase()];
  assert.ok(operation !== undefined, `the contract has no ${method} ${pathTemplate}`);
  const schema = operation.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (schema !== undefined) {
    const validate = validatorFor(`${method} ${pathTemplate} ${status}`, schema);
    assert.ok(validate(body), `${method} ${pathTemplate} ${status} body breaks the contract: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body)}`);
    return;
  }
  if (status >= 400) {
    const validate = validatorFor('ErrorResponse', { $ref: '#/components/schemas/ErrorResponse' });
    assert.ok(validate(body), `${status} error body is not an ErrorResponse: ${JSON.stringify(validate.errors)}`);
    return;
  }
  assert.ok(operation.responses?.[String(status)] !== undefined, `the contract does not list ${status} for ${method} ${pathTemplate}`);
  assert.ok(body === undefined || body === '', `the contract has no body for ${method} ${pathTemplate} ${status}`);
}

/**
 * The statuses the contract lists for `method pathTemplate`.
 * @example documentedStatuses('GET', '/pos/v10/stores') // [200, 400, 401, 500]
 */
export function documentedStatuses(method: string, pathTemplate: string): number[] {
  const operation = load().contract.paths[pathTemplate]?.[method.toLowerCase()];
  assert.ok(operation !== undefined, `the contract has no ${method} ${pathTemplate}`);
  return Object.keys(operation.responses ?? {}).map(Number);
}
