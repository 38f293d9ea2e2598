import type { ErrorCode, ImportProblem } from '@smartcity/domain';

/** An error the client should see: HTTP status, i18n code, optional field and template variables. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    readonly field?: string,
    readonly vars: Record<string, string> = {},
    /**
     * Rows of a request it refuses, by kind: a bulk action's refused rows (index in the request and why, `rowRefusal`
     * in the catalogs), or an import's problems by sheet, row and column (already in the reader's language).
     */
    readonly details: { rows?: { index: number; code: string }[]; problems?: ImportProblem[] } = {},
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = (code: string = 'forbidden') => new AppError(403, code);
