import { errorMessage, MESSAGES, type Lang } from '@smartcity/domain';
import type { Rule } from 'antd/es/form';

interface Issue {
  code: string;
  message: string;
}
interface FieldSchema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: Issue[] } };
}

/** A zod issue in the user's language: refinements carry their code as the message (e.g. control_chars). */
export function issueMessage(lang: Lang, issue: Issue, field: string): string {
  const code = Object.hasOwn(MESSAGES[lang].errors, issue.message) ? issue.message : issue.code;
  return errorMessage(lang, code, { field });
}

/** Empty inputs mean "no value" (null) to the API. */
export function emptyToNull(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

/** An antd Form rule that validates one field with the shared zod schema for it. */
export function zodRule(schema: FieldSchema, lang: Lang, field: string): Rule {
  return {
    validator: async (_, value: unknown) => {
      const result = schema.safeParse(emptyToNull(value));
      if (!result.success) throw new Error(result.error.issues.map((i) => issueMessage(lang, i, field)).join('; '));
    },
  };
}
