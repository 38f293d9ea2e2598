import { z } from 'zod';
import { PILOT_STATUSES } from './lifecycle/pilot.lifecycle.js';
import { divisionCode, longText, queryInt, text, uuid } from './text.js';
import { personSchema } from './organisation.js';
import { actionViewSchema } from './lifecycle/action-view.js';

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

export const pilotListQuery = z.strictObject({
  batch: z.coerce.number().int().min(2012).max(2100).optional(),
  province: divisionCode.optional(),
  kind: z.enum(PILOT_KINDS).optional(),
  status: z.enum(PILOT_STATUSES).optional(),
  q: text(50).optional(),
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 200, 20),
});
export type PilotListQuery = z.infer<typeof pilotListQuery>;

export const pilotListSchema = z.object({ items: z.array(pilotSchema), total: z.number().int() });

/** What a pilot's own admin or the Ministry may correct about the pilot's record. */
export const pilotUpdateSchema = z.strictObject({
  officialName: text(60).nullable().optional(),
  adminCode: divisionCode.nullable().optional(),
  note: longText(2000).nullable().optional(),
});

export const publicPilotListSchema = z.object({
  batch: z.object({ year: z.number(), name: z.string(), title: z.string(), announcedOn: z.string(), documentNo: z.string() }),
  total: z.number().int(),
  provinces: z.array(
    z.object({
      provinceCode: z.string(),
      heading: z.string(),
      pilots: z.array(z.object({ id: uuid, publishedName: z.string(), kind: z.enum(PILOT_KINDS) })),
    }),
  ),
});
