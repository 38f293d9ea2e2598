import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { AppError } from '../lib/errors.js';

// NUL (PostgreSQL text and jsonb cannot hold it) and a surrogate without its pair (no UTF-8 text can) are never input.
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (or object key) in `value` that cannot be stored, if any. */
function unstorableAt(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableAt(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k)) return [...path, k];
      const found = unstorableAt(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Every route's params, query, headers and body are schema-checked through this: before its own schema, any
 * string anywhere that no database could store is refused (400 control_chars, naming the field), so no schema —
 * an id, a code, a free text — can forget it.
 */
export const validatorCompiler: FastifySchemaCompiler<ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data) => {
    const at = unstorableAt(data);
    if (at) return { error: new AppError(400, 'control_chars', at.join('.') || route.httpPart || 'body') };
    return validate(data);
  };
};
