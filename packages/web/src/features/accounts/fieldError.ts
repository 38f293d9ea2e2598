import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/**
 * Shows a server refusal beside the field it names, when the form has that field; returns whether it did (otherwise
 * the form shows the message above its button).
 */
export function showFieldError(form: FormInstance, err: unknown, fields: readonly string[]): boolean {
  if (!(err instanceof ApiError) || !err.field) return false;
  const field = fields.find((f) => f === err.field || err.field!.startsWith(`${f}.`));
  if (field) form.setFields([{ name: field, errors: [err.message] }]);
  return field !== undefined;
}
