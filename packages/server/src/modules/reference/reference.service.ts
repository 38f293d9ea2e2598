import type { IndicatorNode, PilotKind, PublicPilot } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import { presentPublicRating } from '../acceptances/acceptances.presenter.js';
import { acceptanceRepository } from '../acceptances/acceptances.repository.js';
import { publicNoticesAbout } from '../notices/notices.service.js';
import { referenceRepository } from './reference.repository.js';

export const listProvinces = async (db: Queryable) => ({ items: await referenceRepository.provincesWithPublicCounts(db) });

export async function listIndicatorSystems(db: Queryable) {
  const [systems, counts] = await Promise.all([referenceRepository.indicatorSystems(db), referenceRepository.indicatorCountsByLevel(db)]);
  return {
    items: systems.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      version: s.version,
      issuedBy: s.issuedBy,
      counts: counts.filter((c) => c.systemId === s.id).map((c) => c.count),
    })),
  };
}

/** The indicator rows as a tree (level 1 → 2 → 3), in their published order. */
export async function indicatorTree(db: Queryable, idOrCode: string) {
  const system = await referenceRepository.indicatorSystem(db, idOrCode);
  if (!system) throw notFound();
  const rows = await referenceRepository.indicatorsOf(db, system.id);
  const nodes = new Map<string, IndicatorNode>();
  const roots: IndicatorNode[] = [];
  for (const r of rows) {
    const node: IndicatorNode = {
      id: r.id,
      code: r.code,
      name: r.name,
      level: r.level,
      uncertain: r.uncertain,
      qualitative: r.qualitative,
      children: [],
    };
    nodes.set(r.id, node);
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return { system: { id: system.id, code: system.code, name: system.name, version: system.version }, items: roots };
}

export async function publicPilotList(db: Queryable, year: number) {
  const batch = await referenceRepository.batchByYear(db, year);
  if (!batch) throw notFound();
  const rows = await referenceRepository.publishedPilots(db, batch.id);
  const groups: { provinceCode: string; heading: string; pilots: { id: string; publishedName: string; kind: PilotKind }[] }[] = [];
  for (const r of rows) {
    let group = groups.at(-1);
    if (group?.provinceCode !== r.provinceCode)
      groups.push((group = { provinceCode: r.provinceCode, heading: r.provinceName, pilots: [] }));
    group.pilots.push({ id: r.id, publishedName: r.publishedName, kind: r.kind });
  }
  return {
    batch: {
      year: batch.year,
      name: batch.name,
      title: batch.title,
      announcedOn: batch.announcedOn ?? '',
      documentNo: batch.documentNo ?? '',
    },
    batches: await referenceRepository.announcedBatches(db),
    total: rows.length,
    provinces: groups,
  };
}

/** A pilot's public page: the fields listed here and no others (its organisation, codes and records stay private). */
export async function publicPilot(db: Queryable, id: string): Promise<PublicPilot> {
  const p = await referenceRepository.publicPilot(db, id);
  if (!p) throw notFound();
  const [ratings, notices] = await Promise.all([acceptanceRepository.published(db, id), publicNoticesAbout(db, p)]);
  const rating = ratings.map(presentPublicRating).at(-1);
  return {
    id: p.id,
    publishedName: p.publishedName,
    provinceCode: p.provinceCode,
    provinceName: p.provinceName,
    kind: p.kind,
    batch: p.batch,
    status: p.status,
    rating: rating ? { stars: rating.stars, ratingLabel: rating.ratingLabel, publishedOn: rating.publishedOn } : null,
    notices,
  };
}
