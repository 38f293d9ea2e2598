import { audited, type Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { referenceRepository } from '../reference/reference.repository.js';
import { batchRepository } from './batches.repository.js';

/** Level-3 codes of the batch's indicator system, and the default 规定项 (all under 保障体系与基础设施). */
// '1.2.10' after '1.2.9': codes compare part by part, as numbers
const byCode = new Intl.Collator('en', { numeric: true }).compare;

async function level3Codes(db: Queryable, systemCode: string) {
  const system = await referenceRepository.indicatorSystem(db, systemCode);
  const rows = system ? await referenceRepository.indicatorsOf(db, system.id) : [];
  return rows.filter((r) => r.level === 3).map((r) => r.code);
}

/** The default 规定项 among a system's level-3 codes, in code order. */
export const defaultRequiredCodes = (codes: string[]) => codes.filter((c) => c.startsWith('1.')).sort(byCode);

export async function listBatches(db: Queryable) {
  const rows = await batchRepository.list(db);
  const items = [];
  for (const b of rows) {
    items.push({
      year: b.year,
      name: b.name,
      title: b.title,
      documentNo: b.documentNo,
      announcedOn: b.announcedOn,
      taskBookDeadline: b.taskBookDeadline,
      indicatorSystemCode: b.indicatorSystemCode,
      requiredIndicatorCodes: b.requiredIndicatorCodes ?? defaultRequiredCodes(await level3Codes(db, b.indicatorSystemCode)),
      requiredIsDefault: b.requiredIndicatorCodes === null,
    });
  }
  return { items };
}

/** The Ministry decides which indicators every task book of a batch must carry (规定项). */
export async function setRequiredIndicators(ctx: Ctx, year: number, codes: string[]) {
  const batch = await batchRepository.byYear(ctx.db, year);
  if (!batch) throw notFound();
  const known = new Set(await level3Codes(ctx.db, batch.indicatorSystemCode));
  codes.forEach((c, i) => {
    if (!known.has(c)) throw new AppError(400, 'unknown_indicator', `codes.${i}`);
  });
  const unique = [...new Set(codes)];
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    await batchRepository.setRequiredIndicators(tx, batch.id, unique);
    return {
      result: null,
      audit: {
        action: 'batch.setRequiredIndicators',
        targetType: 'batch',
        targetId: String(year),
        before: batch.requiredIndicatorCodes,
        after: unique,
      },
    };
  });
  return listBatches(ctx.db);
}
