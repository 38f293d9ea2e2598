import { z } from 'zod';

/*
 * 平台运行情况: how each city's platform is doing, for its government, its province and the Ministry — who provides
 * data, how much of it is shared and fresh, whether requests are answered in time, and how much is used. The
 * figures' definitions are in docs/platform.md.
 */

const count = z.number().int().min(0);

export const platformHealthSchema = z.object({
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  /** departments (委办局) on the platform, and those that provide at least one published resource */
  departments: count,
  connected: count,
  /** published resources by sharing class */
  published: z.object({ unconditional: count, conditional: count, none: count }),
  /** published resources loaded within their update cycle */
  fresh: count,
  /** sharing requests waiting for an answer, and those of them past their answer date */
  waiting: count,
  overdue: count,
  /** days from request to answer over the requests answered, median and 90th percentile (null: none answered) */
  answerDays: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
  /** the last 30 days: calls answered for departments other than the provider, how many departments, rows served */
  calls: count,
  consumers: count,
  rowsServed: count,
});
export type PlatformHealth = z.infer<typeof platformHealthSchema>;
export const platformHealthListSchema = z.object({ items: z.array(platformHealthSchema) });

/*
 * The platform's figures of a year, and the indicator values they offer the annual self-evaluation report
 * (docs/platform.md, "Platform figures and the indicators"): 1.3.2 城市公共信息平台 is the share of the pilot's departments
 * connected; 1.3.1 城市公共基础数据库 the share of the four basic databases published and fresh at the year's end; any
 * other indicator a resource is linked to, the records the linked resources held after their last load of the year.
 */
export const PLATFORM_INDICATOR = '1.3.2';
export const BASIC_DATABASE_INDICATOR = '1.3.1';
/** the four basic databases (四大基础数据库): a resource linked to 1.3.1 is one of them by its theme */
export const BASIC_DATABASES = ['人口', '法人单位', '自然资源和空间地理', '宏观经济'] as const;

export const platformFiguresSchema = platformHealthSchema.omit({ pilot: true });
export type PlatformFigures = z.infer<typeof platformFiguresSchema>;

const loadEvidence = z.object({
  id: z.uuid(),
  /** when it was applied */
  at: z.string(),
  /** SM3 of the loaded file, hex: `openssl dgst -sm3` of the same file gives it */
  digest: z.string(),
  /** the resource's records once it was applied */
  rowsAfter: z.number().nullable(),
});
export const linkedResourceSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  indicatorCodes: z.array(z.string()),
  /** for a basic database: which one (by its theme) */
  basicDatabase: z.enum(BASIC_DATABASES).nullable(),
  fresh: z.boolean(),
  /** the last load applied before the year's end (null: none) */
  load: loadEvidence.nullable(),
});
export type LinkedResource = z.infer<typeof linkedResourceSchema>;

export const platformYearSchema = z.object({
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  year: z.number().int(),
  /** the period counted: from 1 January (Beijing) to the year's end or, for the year in progress, now */
  from: z.string(),
  asOf: z.string(),
  complete: z.boolean(),
  figures: platformFiguresSchema,
  /** the figures as the exact JSON text digested, and its SM3 (hex): `printf %s "$canonical" | openssl dgst -sm3` */
  canonical: z.string(),
  digest: z.string(),
  /** resources linked to indicators, published at the year's end, with the load behind their data */
  linked: z.array(linkedResourceSchema),
});
export type PlatformYear = z.infer<typeof platformYearSchema>;
export const platformYearsSchema = z.object({ items: z.array(platformYearSchema) });

/** A figure behind an offered value: the year's platform figures, or a resource's load. */
export const evidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('figures'), year: z.number(), digest: z.string() }),
  z.object({
    kind: z.literal('load'),
    year: z.number(),
    resource: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
    load: loadEvidence,
  }),
]);
export type Evidence = z.infer<typeof evidenceSchema>;

/** What the platform offers as an indicator's actual value of a year, with how it was counted and its evidence. */
export const platformValueSchema = z.object({
  indicatorId: z.string(),
  code: z.string(),
  /** connected: departments connected / departments; basicDatabases: of the four, published and fresh; records */
  measure: z.enum(['connected', 'basicDatabases', 'records']),
  value: z.number().nullable(),
  unit: z.enum(['%', '条']),
  numerator: z.number(),
  denominator: z.number().nullable(),
  year: z.number(),
  asOf: z.string(),
  evidence: z.array(evidenceSchema),
});
export type PlatformValue = z.infer<typeof platformValueSchema>;
export const platformValuesSchema = z.object({
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  year: z.number(),
  /** the year's figures (null: the pilot has no platform) */
  figures: platformYearSchema.nullable(),
  items: z.array(platformValueSchema),
});

/** The indicator values the platform offers for `year`, from that year's figures (pure: the rule is here, once). */
export function platformValues(y: PlatformYear, indicators: { id: string; indicatorCode: string | null }[]): PlatformValue[] {
  const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);
  const at = { year: y.year, asOf: y.asOf };
  const loads = (rs: LinkedResource[]): Evidence[] =>
    rs.flatMap((r) =>
      r.load ? [{ kind: 'load' as const, year: y.year, resource: { id: r.id, code: r.code, name: r.name }, load: r.load }] : [],
    );
  const out: PlatformValue[] = [];
  for (const i of indicators) {
    if (i.indicatorCode === null) continue;
    const base = { indicatorId: i.id, code: i.indicatorCode, ...at };
    if (i.indicatorCode === PLATFORM_INDICATOR) {
      const { connected, departments } = y.figures;
      out.push({
        ...base,
        measure: 'connected',
        value: pct(connected, departments),
        unit: '%',
        numerator: connected,
        denominator: departments,
        evidence: [{ kind: 'figures', year: y.year, digest: y.digest }],
      });
    } else if (i.indicatorCode === BASIC_DATABASE_INDICATOR) {
      const dbs = y.linked.filter((r) => r.basicDatabase !== null && r.indicatorCodes.includes(BASIC_DATABASE_INDICATOR));
      const ready = new Set(dbs.filter((r) => r.fresh && r.load).map((r) => r.basicDatabase));
      out.push({
        ...base,
        measure: 'basicDatabases',
        value: pct(ready.size, BASIC_DATABASES.length),
        unit: '%',
        numerator: ready.size,
        denominator: BASIC_DATABASES.length,
        evidence: loads(dbs),
      });
    } else {
      const rs = y.linked.filter((r) => r.indicatorCodes.includes(i.indicatorCode!) && r.load);
      if (rs.length === 0) continue;
      const records = rs.reduce((n, r) => n + (r.load!.rowsAfter ?? 0), 0);
      out.push({
        ...base,
        measure: 'records',
        value: records,
        unit: '条',
        numerator: records,
        denominator: null,
        evidence: loads(rs),
      });
    }
  }
  return out;
}

/** Key project → the indicators it moves → the resources that evidence them → their yearly values. */
export const traceSchema = z.object({
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  years: z.array(z.number()),
  projects: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      indicators: z.array(
        z.object({
          id: z.string(),
          code: z.string().nullable(),
          name: z.string(),
          resources: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
          values: z.array(z.object({ year: z.number(), value: platformValueSchema.nullable() })),
        }),
      ),
    }),
  ),
});
export type Trace = z.infer<typeof traceSchema>;
