import { z } from 'zod';
import { MESSAGES, errorMessage, type Lang } from './i18n/index.js';
import { divisionCode } from './text.js';
import { PILOT_KINDS } from './pilot.js';

/**
 * Importing from .xlsx (issue 11): the limits every import checks before it reads a cell, and the shape of what it
 * says back. A file is refused whole when any row fails, with every problem by sheet, row and column (Excel's own
 * numbering: row 1 is the header, columns A, B, …).
 */
export const IMPORT_LIMITS = {
  /** the upload itself: a 1,000-row template is ~60 KB, so 5 MB is generous */
  uploadBytes: 5 * 1024 * 1024,
  /** everything inside the zip once inflated: the guard against a zip bomb, checked before the workbook is parsed */
  inflatedBytes: 20 * 1024 * 1024,
  /** files inside the zip */
  entries: 500,
  /** data rows per sheet (the header row not counted); counted while inflating, before parsing */
  rows: 1000,
  /** problems listed in one answer; the count says how many there were */
  problems: 200,
} as const;

export const importProblemSchema = z.object({
  sheet: z.string(),
  /** Excel's row number; null for a problem of the whole sheet (a missing column) */
  row: z.number().int().nullable(),
  /** Excel's column letter; null for a problem of the whole row */
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

/** A problem as it is found, before it is worded in the reader's language. */
export interface ImportIssue {
  sheet: string;
  row: number | null;
  column: string | null;
  /** the column's header as the file has it, to name the field in the message */
  header?: string | undefined;
  code: string;
  vars?: Record<string, string> | undefined;
}

/** `第 3 行 C 列：总投资（万元）：过长或过大` / `row 3, column C: Total investment (10k yuan): too long or too large`. */
export function importProblemOf(lang: Lang, issue: ImportIssue, sheets: number): ImportProblem {
  const m = MESSAGES[lang].imports;
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (_, k: string) => String({ ...issue, ...issue.vars }[k as 'sheet'] ?? ''));
  const at = issue.row === null ? '' : issue.column === null ? fill(m.atRow) : fill(m.atCell);
  const text = errorMessage(lang, issue.code, { ...issue.vars, field: issue.header ?? issue.column ?? m.file });
  const sheet = sheets > 1 ? fill(m.inSheet) : '';
  return { sheet: issue.sheet, row: issue.row, column: issue.column, code: issue.code, message: `${sheet}${at}${text}` };
}

/** A new batch's pilot as the Ministry's file lists it (names as published, 附件1-style). */
export const importedPilotSchema = z.object({
  row: z.number().int(),
  publishedName: z.string(),
  officialName: z.string().nullable(),
  provinceCode: divisionCode,
  provinceName: z.string(),
  kind: z.enum(PILOT_KINDS),
  adminCode: divisionCode.nullable(),
});
export const batchImportResultSchema = z.object({
  batchYear: z.number().int(),
  /** false: a preview, nothing written; true: the pilots were created */
  committed: z.boolean(),
  items: z.array(importedPilotSchema),
});
export type BatchImportResult = z.infer<typeof batchImportResultSchema>;

export const batchImportQuery = z.strictObject({ commit: z.enum(['true', 'false']).default('false') });

/** What a task-book section or annual-report import answers: the new version, and how many rows it read. */
export const importResultSchema = z.object({ version: z.number().int(), rows: z.number().int() });
