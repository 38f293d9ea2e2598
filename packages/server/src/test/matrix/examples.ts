import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { DEMO_PASSWORD } from '../harness.js';

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
export function pdfUpload(
  file: { name: string; type: string; data: Buffer } = {
    name: 'matrix.pdf',
    type: 'application/pdf',
    data: Buffer.from('%PDF-1.4 matrix\n'),
  },
) {
  const boundary = '----smartcity-matrix';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The import templates' headers in Chinese, as a person reads them in the downloaded file (written out, not derived). */
export const TEMPLATE_HEADERS = {
  projects: [
    '项目名称',
    '建设内容',
    '总投资（万元）',
    '政府投资（万元）',
    '社会资本（万元）',
    '银行贷款（万元）',
    '其他资金（万元）',
    '责任部门',
    '开始年份',
    '结束年份',
    '关联指标',
  ],
  reportIndicators: ['编号', '名称', '单位', '目标值', '实际值', '数据来源', '数据质量'],
  reportProjects: [
    '编号',
    '名称',
    '进展状态',
    '完成比例（%）',
    '已支出政府投资（万元）',
    '已支出社会资本（万元）',
    '已支出银行贷款（万元）',
    '已支出其他资金（万元）',
  ],
  pilots: ['公布名称', '正式名称', '省份', '类型', '行政区划代码（GB/T 2260）'],
};

/** An .xlsx upload with the sheets given (rows of cells, the header first), built by hand as a person would fill it. */
export async function xlsxUpload(sheets: Record<string, ExcelJS.CellValue[][]>) {
  // made once per content: the matrix sends each example once per actor
  const key = JSON.stringify(sheets);
  let data = workbooks.get(key);
  if (!data) {
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
    data = Buffer.from(await wb.xlsx.writeBuffer());
    workbooks.set(key, data);
  }
  return pdfUpload({ name: 'matrix.xlsx', type: 'application/octet-stream', data });
}
const workbooks = new Map<string, Buffer>();

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
/** a signature request: the signatory's password entered again */
export const SIGNATURE_REQUEST = { password: DEMO_PASSWORD };
