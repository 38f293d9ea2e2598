import { createHash } from 'node:crypto';

/** Deterministic JSON: object keys sorted, no whitespace; Dates as ISO strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** SM3 (GB/T 32905) via OpenSSL in node:crypto. */
export const sm3 = (data: string): string => createHash('sm3').update(data, 'utf8').digest('hex');
export const sm3Bytes = (data: Buffer): string => createHash('sm3').update(data).digest('hex');

export const digestOf = (value: unknown): string | null => (value == null ? null : sm3(canonicalJson(value)));
