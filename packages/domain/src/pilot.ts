import { z } from 'zod';
import { PILOT_STATUSES } from './lifecycle/pilot.lifecycle.js';
import { divisionCode, listTotalFields, longText, queryInt, sortOrders, sortQuery, text, uuid } from './text.js';
import { personSchema } from './organisation.js';
import { actionViewSchema } from './lifecycle/action-view.js';
import { REPORT_FACTS, TASK_BOOK_PROGRESS } from './programme/dashboard.js';

/** 地级市 / 县级市 / 区 / 县 / 镇 / 新区·园区 — labels live in the i18n files. */
export const PILOT_KINDS = ['prefectureCity', 'countyCity', 'district', 'county', 'town', 'zone'] as const;
export type PilotKind = (typeof PILOT_KINDS)[number];

/** The data files and the notice use the Chinese names. */
export const PILOT_KIND_BY_LABEL: Record<string, PilotKind> = {
  地级市: 'prefectureCity',
  县级市: 'countyCity',
  区: 'district',
  县: 'county',
  镇: 'town',
  '新区·园区': 'zone',
};

/** A pilot's government organisation: its code (`PILOT-2012-025`) and name (无锡市人民政府, a zone's 管理委员会). */
export const pilotOrgCode = (year: number, seq: number) => `PILOT-${year}-${String(seq).padStart(3, '0')}`;
export const pilotGovernmentName = (kind: PilotKind, publishedName: string, officialName: string | null) =>
  kind === 'zone' ? `${publishedName}管理委员会` : `${officialName ?? publishedName}人民政府`;

export const pilotSchema = z.object({
  id: uuid,
  seq: z.number().int(),
  batchYear: z.number().int(),
  batchName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  publishedName: z.string(),
  officialName: z.string().nullable(),
  adminCode: z.string().nullable(),
  kind: z.enum(PILOT_KINDS),
  status: z.enum(PILOT_STATUSES),
  organisationId: uuid,
  note: z.string().nullable(),
  version: z.number().int(),
});
export type Pilot = z.infer<typeof pilotSchema>;

export const pilotDetailSchema = pilotSchema.extend({
  organisation: z.object({ id: uuid, code: z.string(), name: z.string() }),
  supervisor: z.object({ id: uuid, name: z.string() }),
  people: z.array(personSchema),
  actions: z.array(actionViewSchema),
  abilities: z.object({ edit: z.boolean() }),
});

/** Registry orders by column; ties keep the published order (batch, then seq). */
export const PILOT_SORT_KEYS = ['seq', 'name', 'province', 'kind', 'batch', 'status'] as const;
export const PILOT_SORTS = sortOrders(PILOT_SORT_KEYS);
export type PilotSort = (typeof PILOT_SORTS)[number];

export const pilotListQuery = z.strictObject({
  batch: z.coerce.number().int().min(2012).max(2100).optional(),
  province: divisionCode.optional(),
  kind: z.enum(PILOT_KINDS).optional(),
  status: z.enum(PILOT_STATUSES).optional(),
  q: text(50).optional(),
  // what the dashboards count, so each figure opens the list it counts
  taskBook: z.enum(TASK_BOOK_PROGRESS).optional(),
  /** with `report`: the annual reports' year */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  report: z.enum(REPORT_FACTS).optional(),
  findings: z.enum(['open']).optional(),
  stars: z.coerce.number().int().min(0).max(3).optional(),
  sort: sortQuery(PILOT_SORT_KEYS),
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 200, 20),
});
export type PilotListQuery = z.infer<typeof pilotListQuery>;

export const pilotListSchema = z.object({ items: z.array(pilotSchema), ...listTotalFields });

/** What a pilot's own admin or the Ministry may correct about the pilot's record. */
export const pilotUpdateSchema = z.strictObject({
  officialName: text(60).nullable().optional(),
  adminCode: divisionCode.nullable().optional(),
  note: longText(2000).nullable().optional(),
});

/** A batch (申报批次) by its year of application, as every signed-in user may list them. */
export const batchSchema = z.object({
  year: z.number(),
  name: z.string(),
  title: z.string(),
  documentNo: z.string().nullable(),
  announcedOn: z.string().nullable(),
  taskBookDeadline: z.string().nullable(),
  indicatorSystemCode: z.string(),
  requiredIndicatorCodes: z.array(z.string()),
  requiredIsDefault: z.boolean(),
});
export const batchesSchema = z.object({ items: z.array(batchSchema) });

export const publicPilotListSchema = z.object({
  batch: z.object({ year: z.number(), name: z.string(), title: z.string(), announcedOn: z.string(), documentNo: z.string() }),
  /** every batch whose list has been announced, oldest first: the portal offers each */
  batches: z.array(z.object({ year: z.number(), name: z.string() })),
  total: z.number().int(),
  provinces: z.array(
    z.object({
      provinceCode: z.string(),
      heading: z.string(),
      pilots: z.array(z.object({ id: uuid, publishedName: z.string(), kind: z.enum(PILOT_KINDS) })),
    }),
  ),
});

/** A lifecycle event of a pilot or one of its records, as the pilot's hub lists it (newest first). */
export const pilotEventSchema = z.object({
  at: z.string(),
  /** the lifecycle (pilot, taskBook, annualReport, rectification, acceptance) and its action, or `sign` */
  lifecycle: z.string(),
  action: z.string(),
  subjectId: z.string(),
  actorName: z.string(),
});
export const pilotTimelineSchema = z.object({ items: z.array(pilotEventSchema) });
export type PilotEvent = z.infer<typeof pilotEventSchema>;
