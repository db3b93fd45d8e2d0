/**
 * Reading PoS request headers as sent. Node joins a repeated custom header into one value with
 * ", ", which would hide a duplicate; the raw header list still has every occurrence.
 */
import type { FastifyRequest } from 'fastify';

/** Every value sent for header `name` (case-insensitive), in order. */
export function headerValues(request: FastifyRequest, name: string): string[] {
  const raw = request.raw.rawHeaders;
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!);
  }
  return values;
}

export type SingleHeader = { readonly kind: 'missing' } | { readonly kind: 'duplicated' } | { readonly kind: 'one'; readonly value: string };

/** A header that must be sent at most once; an empty value counts as missing. */
export function singleHeader(request: FastifyRequest, name: string): SingleHeader {
  const values = headerValues(request, name).map((v) => v.trim());
  if (values.length > 1) return { kind: 'duplicated' };
  const value = values[0];
  if (value === undefined || value === '') return { kind: 'missing' };
  return { kind: 'one', value };
}
