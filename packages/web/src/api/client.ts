import type { errorSchema, ExportFormat, ImportProblem, Lang } from '@smartcity/domain';

/** An API failure: `message` is already localised by the server (Accept-Language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** a bulk action's refused rows (nothing was done): their index in the request and the reason in words */
    readonly rows: { index: number; code: string; message: string }[] = [],
    /** an import refused: its problems by row and column, worded by the server */
    readonly problems?: ImportProblem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ErrorBody = (typeof errorSchema)['_output'];

let lang: Lang = 'zh-CN';
let csrfToken: string | null = null;

export function setApiLang(next: Lang): void {
  lang = next;
}
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
}

export function toSearch(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const json = (await res.json()) as { error?: Partial<ErrorBody['error']> };
    const e = json.error;
    if (e?.code) return new ApiError(res.status, e.code, e.message ?? e.code, e.field, e.rows, e.problems);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status, 'http_error', `${res.status} ${res.statusText}`);
}

/** The one way the web app talks to the server. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang, ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path + toSearch(options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Uploads one file as multipart/form-data (field `file`), with the CSRF token like every mutating request. */
export async function upload<T>(path: string, file: Blob, filename: string, query?: Query, extra: Record<string, string> = {}): Promise<T> {
  const body = new FormData();
  body.append('file', file, filename);
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang, ...extra };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path + toSearch(query), { method: 'POST', headers, credentials: 'same-origin', body });
  if (!res.ok) throw await toError(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A list's export (`<list>/export.xlsx` or `.csv`) with the list's filters and sort, as a plain link the browser streams
 * to disk; links cannot set Accept-Language, so the reader's language goes in the query.
 */
export const exportHref = (list: string, format: ExportFormat, query: Query) =>
  `${list}/export.${format}${toSearch({ ...query, lang: lang === 'en' ? 'en' : undefined })}`;
