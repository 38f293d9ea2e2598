import {
  MESSAGES,
  PILOT_KINDS,
  pilotGovernmentName,
  pilotOrgCode,
  text as textSchema,
  type BatchImportResult,
  type PilotKind,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { appendAudit } from '../../audit/audit.js';
import { AppError, notFound } from '../../lib/errors.js';
import { both, buildTemplate, cellText, column, Problems, readSheet, readWorkbook } from '../../shared/xlsx/workbook.js';
import { batchRepository } from '../batches/batches.repository.js';
import { applicationRepository } from '../applications/applications.repository.js';
import { batchPilotsRepository } from './batch-pilots.repository.js';

/*
 * A new batch's pilots by the Ministry: names as published, province, kind, GB/T 2260 code where one exists. The
 * same upload is previewed (every row parsed and checked, nothing written) and then committed (checked again, all
 * pilots created in one transaction, each audited as pilot.import). Duplicates are refused: a name or division code
 * already in the registry (any batch), or repeated in the file.
 */

const name = textSchema(100);
const kinds = PILOT_KINDS.map((value) => ({ value, label: both((m) => m.pilotKind[value]) }));
const text = (v: Parameters<typeof cellText>[0]) => cellText(v).trim();
const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

async function specOf(ctx: Ctx) {
  const provinces = await batchPilotsRepository.provincesWithDepartment(ctx.db);
  // province names are Chinese in either language (names of places); the short name and the code are accepted too
  const options = provinces.map((p) => ({ value: p.code, label: { 'zh-CN': p.name, en: p.shortName } }));
  const spec = {
    name: both((m) => m.imports.sheets.pilots),
    columns: [
      column('publishedName', 'text', { width: 24 }),
      column('officialName', 'text', { width: 24 }),
      column('province', 'option', { options, width: 16 }),
      column('kind', 'option', { options: kinds }),
      column('adminCode', 'text', { width: 22 }),
    ],
  };
  return { spec, provinces };
}

async function batchOf(ctx: Ctx, year: number) {
  const batch = await batchRepository.byYear(ctx.db, year);
  if (!batch) throw notFound();
  return batch;
}

export async function batchPilotsTemplate(ctx: Ctx, year: number) {
  await batchOf(ctx, year);
  const { spec } = await specOf(ctx);
  const m = MESSAGES[ctx.lang].imports;
  return buildTemplate(ctx.lang, [{ spec, rows: [] }], m.notes.pilots);
}

export async function importBatchPilots(ctx: Ctx, year: number, data: Buffer, commit: boolean): Promise<BatchImportResult> {
  const batch = await batchOf(ctx, year);
  const { spec, provinces } = await specOf(ctx);
  const wb = await readWorkbook(data);
  const problems = new Problems();
  const sheet = readSheet(wb, spec, ctx.lang, problems);
  if (sheet.readable && sheet.rows.length === 0) throw new AppError(400, 'import_no_rows', 'file', { sheet: sheet.name });

  const registered = await batchPilotsRepository.registered(ctx.db);
  const byName = new Map(registered.map((p) => [key(p.publishedName), p]));
  const byCode = new Map(registered.filter((p) => p.adminCode).map((p) => [p.adminCode!, p]));
  const seenName = new Map<string, number>();
  const seenCode = new Map<string, number>();
  const items: BatchImportResult['items'] = [];
  for (const r of sheet.rows) {
    const v = r.values;
    let ok = true;
    const flag = (col: string, code: string, vars?: Record<string, string>) => {
      sheet.flag(r.row, col, code, vars);
      ok = false;
    };
    for (const k of ['publishedName', 'province', 'kind'] as const) if (!v[k]) flag(k, 'import_required');
    const published = name.safeParse(text(v.publishedName));
    if (v.publishedName && !published.success) flag('publishedName', published.error.issues[0]!.code);
    const official = text(v.officialName) || null;
    if (official !== null && !name.safeParse(official).success) flag('officialName', 'too_big');
    const code = text(v.adminCode) || null;
    const province = provinces.find((p) => p.code === v.province);
    if (code !== null && !/^\d{6}$/.test(code)) flag('adminCode', 'invalid_format');
    else if (code !== null && province && code.slice(0, 2) !== province.code.slice(0, 2)) flag('adminCode', 'import_province_mismatch');
    if (published.success) {
      const k = key(published.data);
      const there = byName.get(k);
      if (there) flag('publishedName', 'import_registered', { name: there.publishedName, batch: there.batchName });
      else if (seenName.has(k)) flag('publishedName', 'import_duplicate_row', { row: String(seenName.get(k)) });
      else seenName.set(k, r.row);
    }
    if (code !== null) {
      const there = byCode.get(code);
      if (there) flag('adminCode', 'import_registered', { name: there.publishedName, batch: there.batchName });
      else if (seenCode.has(code)) flag('adminCode', 'import_duplicate_row', { row: String(seenCode.get(code)) });
      else seenCode.set(code, r.row);
    }
    if (!ok || !province || !published.success) continue;
    items.push({
      row: r.row,
      publishedName: published.data,
      officialName: official,
      provinceCode: province.code,
      provinceName: province.name,
      kind: v.kind as PilotKind,
      adminCode: code,
    });
  }
  problems.throwIfAny(ctx.lang);
  if (!commit) return { batchYear: year, committed: false, items };

  await ctx.db.transaction(async (tx) => {
    let seq = await applicationRepository.nextPilotSeq(tx, batch.id);
    for (const p of items) {
      const province = provinces.find((x) => x.code === p.provinceCode)!;
      const organisationId = await batchPilotsRepository.createGovernment(tx, {
        code: pilotOrgCode(year, seq),
        name: pilotGovernmentName(p.kind, p.publishedName, p.officialName),
        provinceCode: p.provinceCode,
        parentId: province.departmentId,
      });
      // as a designation makes its pilot (applications.transitions.ts), numbered after the batch's last
      const id = await applicationRepository.createPilot(tx, {
        organisationId,
        supervisorOrgId: province.departmentId,
        batchId: batch.id,
        provinceCode: p.provinceCode,
        seq,
        publishedName: p.publishedName,
        officialName: p.officialName,
        adminCode: p.adminCode,
        kind: p.kind,
      });
      // one entry per pilot: its own history, and the search index follows the audit
      await appendAudit(
        tx,
        ctx.actor,
        { action: 'pilot.import', targetType: 'pilot', targetId: id, after: { batchYear: year, seq, ...p } },
        ctx.clock,
      );
      seq += 1;
    }
  });
  return { batchYear: year, committed: true, items };
}
