import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';

/*
 * Valid request parts shared by the fixtures' examples, which the access matrix sends as they are and the bad-input
 * sweep spoils one field at a time.
 */

/** If-Match with the record's current version, so that a save is refused only for who asks, not for a stale ETag. */
export async function ifMatchOf(db: Db, table: PgTable & { id: PgColumn; version: PgColumn }, id: string | undefined) {
  const [row] = id
    ? ((await db
        .select({ v: table.version })
        .from(table as PgTable)
        .where(eq(table.id, id))) as { v: number }[])
    : [];
  return { 'if-match': `"${row?.v ?? 1}"` };
}

/** A one-file multipart body, as the web app uploads. */
export function pdfUpload() {
  const boundary = '----smartcity-matrix';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="matrix.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    Buffer.from('%PDF-1.4 matrix\n'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const matrixCallBody = (year: number) => ({
  year,
  title: `矩阵测试批次${year}申报`,
  opensOn: '2013-01-01',
  closesOn: '2013-12-31',
  quotaPerProvince: 2,
});

export const matrixApplicationBody = {
  name: '矩阵市',
  kind: 'prefectureCity',
  adminCode: null,
  summary: '',
  declarations: { inLocalPlan: true, fundingChannel: true, leaderInCharge: true },
  contact: { name: '', phone: '' },
};

export const AGREEMENT_TEXT = { goals: '矩阵', ministryDuties: '矩阵', provinceDuties: '矩阵', support: '矩阵', term: '矩阵' };

export const SIGNER = { name: '矩阵', title: '测试' };
