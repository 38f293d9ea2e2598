import { createHash } from 'node:crypto';
import {
  BASIC_DATABASE_INDICATOR,
  BASIC_DATABASES,
  platformValues,
  type PlatformFigures,
  type PlatformHealth,
  type PlatformYear,
  type Trace,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { beijingDate } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { EVERYTHING } from '../../tenancy/scope.js';
import { healthRepository, type HealthWindow, type LinkedResourceRow } from './health.repository.js';
import { usageSince } from './metering.repository.js';

const days = (d: number | null) => (d === null ? null : Math.round(d * 10) / 10);

const yearStart = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);
/** The window's bound is exclusive: up to and including `now` is before the next millisecond. */
const justAfter = (now: Date) => new Date(now.getTime() + 1);

type HealthRow = Awaited<ReturnType<typeof healthRepository.byPilot>>[number];
const figuresOf = ({ resources: res, requests: req, served, departments }: HealthRow): PlatformFigures => ({
  departments,
  connected: res.connected,
  published: { unconditional: res.unconditional, conditional: res.conditional, none: res.none },
  fresh: res.fresh,
  waiting: req.waiting,
  overdue: req.overdue,
  answerDays: { median: days(req.median), p90: days(req.p90) },
  calls: served.calls,
  consumers: served.consumers,
  rowsServed: served.rows,
});

/** 平台运行情况 of every platform the reader sees: its own city's, its province's pilots', or all of them. */
export async function platformHealth(ctx: Ctx): Promise<{ items: PlatformHealth[] }> {
  const now = ctx.clock.now();
  const w: HealthWindow = { asOf: justAfter(now), day: beijingDate(now), usageFrom: usageSince(now), decidedFrom: null, history: false };
  const rows = await healthRepository.byPilot(ctx.db, ctx.scope, w);
  return { items: rows.map((r) => ({ pilot: { id: r.pilotId, name: r.pilotName }, ...figuresOf(r) })) };
}

const iso = (d: Date | string) => new Date(d).toISOString();

const linkedOf = (r: LinkedResourceRow) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  indicatorCodes: r.indicatorCodes,
  basicDatabase: r.indicatorCodes.includes(BASIC_DATABASE_INDICATOR) ? (BASIC_DATABASES.find((d) => r.themes.includes(d)) ?? null) : null,
  fresh: r.fresh,
  load: r.loadId && r.loadedAt && r.loadDigest ? { id: r.loadId, at: iso(r.loadedAt), digest: r.loadDigest, rowsAfter: r.rowsAfter } : null,
});

/**
 * The pilot's platform figures of `year` (Beijing time): the platform at the year's end (or now, for the year in
 * progress), the requests answered and the data served within the year; null when the pilot had no department then.
 * The figures are digested as the exact JSON text returned beside them, so a reader checks them with OpenSSL.
 */
export async function platformYear(db: Queryable, pilotId: string, year: number, now: Date): Promise<PlatformYear | null> {
  const from = yearStart(year);
  if (from > now) return null; // a year to come has no figures yet
  const end = yearStart(year + 1);
  const complete = end <= now;
  const asOf = complete ? end : now;
  const w: HealthWindow = {
    asOf: complete ? end : justAfter(now),
    day: beijingDate(complete ? new Date(end.getTime() - 1) : now),
    usageFrom: from,
    decidedFrom: from,
    history: true,
  };
  const [[row], linked] = await Promise.all([
    healthRepository.byPilot(db, EVERYTHING, w, pilotId),
    healthRepository.linked(db, pilotId, w),
  ]);
  if (!row || row.departments === 0) return null;
  const pilot = { id: row.pilotId, name: row.pilotName };
  const figures = figuresOf(row);
  const canonical = JSON.stringify({ pilot: pilot.id, year, from: from.toISOString(), asOf: asOf.toISOString(), figures });
  return {
    pilot,
    year,
    from: from.toISOString(),
    asOf: asOf.toISOString(),
    complete,
    figures,
    canonical,
    digest: createHash('sm3').update(canonical).digest('hex'),
    linked: linked.map(linkedOf),
  };
}

async function visiblePilot(ctx: Ctx, pilotId: string) {
  const pilot = await healthRepository.pilot(ctx.db, ctx.scope, pilotId);
  if (!pilot) throw notFound();
  return pilot;
}

/** A platform's figures for every year since its first department joined, oldest first: the dashboard over time. */
export async function platformYears(ctx: Ctx, pilotId: string) {
  await visiblePilot(ctx, pilotId);
  const now = ctx.clock.now();
  const first = await healthRepository.firstYear(ctx.db, pilotId);
  const last = Number(beijingDate(now).slice(0, 4));
  const years = first === null ? [] : Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const items = await Promise.all(years.map((y) => platformYear(ctx.db, pilotId, y, now)));
  return { items: items.filter((y): y is PlatformYear => y !== null) };
}

/** One year's figures with their evidence: where the annual report's platform values link to. */
export async function platformYearOf(ctx: Ctx, pilotId: string, year: number) {
  await visiblePilot(ctx, pilotId);
  const y = await platformYear(ctx.db, pilotId, year, ctx.clock.now());
  if (!y) throw notFound();
  return y;
}

/**
 * Traceability of the pilot's signed task book: each key project → the indicators it moves → the resources linked to
 * them → the values the platform gives each creation year (with the loads behind them). Unscoped reads: the caller
 * checked the pilot.
 */
export async function traceOf(
  db: Queryable,
  pilot: { id: string; name: string },
  book: {
    years: number[];
    indicators: { id: string; indicatorCode: string | null; name: string }[];
    projects: { id: string; name: string; indicatorIds: string[] }[];
  },
  now: Date,
): Promise<Trace> {
  const years = await Promise.all(book.years.map((y) => platformYear(db, pilot.id, y, now)));
  const byId = new Map(book.indicators.map((i) => [i.id, i]));
  return {
    pilot,
    years: book.years,
    projects: book.projects.map((p) => ({
      id: p.id,
      name: p.name,
      indicators: p.indicatorIds.flatMap((id) => {
        const i = byId.get(id);
        if (!i) return [];
        const resources = new Map<string, { id: string; code: string; name: string }>();
        for (const y of years)
          for (const r of y?.linked ?? [])
            if (i.indicatorCode !== null && r.indicatorCodes.includes(i.indicatorCode))
              resources.set(r.id, { id: r.id, code: r.code, name: r.name });
        return [
          {
            id: i.id,
            code: i.indicatorCode,
            name: i.name,
            resources: [...resources.values()],
            values: book.years.map((year, k) => ({ year, value: (years[k] && platformValues(years[k], [i])[0]) ?? null })),
          },
        ];
      }),
    })),
  };
}
