import type { ErrorCode } from '@smartcity/domain';

/** An error the client should see: HTTP status, i18n code, optional field and template variables. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    readonly field?: string,
    readonly vars: Record<string, string> = {},
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = (code: string = 'forbidden') => new AppError(403, code);
