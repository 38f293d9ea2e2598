import { z } from 'zod';
import type { Lifecycle } from '../lifecycle/engine.js';
import { actionViewSchema } from '../lifecycle/action-view.js';
import { transitionRequestOf } from '../lifecycle/request.js';
import { password, username } from '../organisation.js';
import { longText, text } from '../text.js';

/*
 * 政务信息资源目录: the catalog of a pilot's city public information platform (SPEC §6). A resource is listed by its
 * provider department with its fields, update cycle and sharing class; its records are loaded and queried through the
 * platform (records.ts), read by other departments as the class and their grants allow (sharing.ts).
 */

export const FIELD_TYPES = ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'point'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];

/**
 * 共享类型: 无条件共享 — every department of the pilot reads it; 有条件共享 — after an approved request, on the stated
 * condition; 不予共享 — listed, never readable, on a cited legal basis.
 */
export const SHARING_CLASSES = ['unconditional', 'conditional', 'none'] as const;
export type SharingClass = (typeof SHARING_CLASSES)[number];

/** 共享方式: through the query API, as files, or as a database table. */
export const SHARING_METHODS = ['api', 'file', 'table'] as const;

/** Days a load may be old before a resource of this update cycle is stale (a real-time one: an hour). */
export const FRESH_FOR_DAYS: Record<UpdateCycle, number> = {
  realtime: 1 / 24,
  daily: 1,
  weekly: 7,
  monthly: 31,
  quarterly: 92,
  yearly: 366,
};

/** Stale when never loaded, or loaded longer ago than the cycle allows. */
export function isStale(cycle: UpdateCycle, lastLoadAt: Date | null, now: Date): boolean {
  return lastLoadAt === null || now.getTime() - lastLoadAt.getTime() > FRESH_FOR_DAYS[cycle] * 86_400_000;
}

/** A field's machine name: what files' header rows, JSON keys and filters use. */
export const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'field_name' });

export const fieldSchema = z.strictObject({
  name: fieldName,
  /** 中文名 */
  label: text(64),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  /** part of the resource's key: loads and writes upsert by it */
  key: z.boolean().default(false),
  /** 个人信息: masked unless a grant names it (masking.ts) */
  personal: z.boolean().default(false),
  /** 索引: filters and sorts on the field use an index (INDEX_SLOTS bounds how many fields of a resource may) */
  indexed: z.boolean().default(false),
});
export type FieldDef = z.infer<typeof fieldSchema>;

/**
 * The records table's typed index columns: two numeric (numbers, dates and times, kept as numbers that order as the
 * values do) and two text. A resource's indexed fields take them in order; a boolean (two values) or a point is not
 * worth an index. Fixed columns rather than DDL per resource: one table serves every resource on both engines.
 */
export const INDEX_SLOTS = { numeric: ['n1', 'n2'], text: ['t1', 't2'] } as const;
export type IndexSlot = (typeof INDEX_SLOTS)[keyof typeof INDEX_SLOTS][number];
const slotKind = (type: FieldType): keyof typeof INDEX_SLOTS | null =>
  type === 'string' ? 'text' : type === 'boolean' || type === 'point' ? null : 'numeric';

/** Each indexed field's column, by field name; fields beyond the columns (refused by the schema) get none. */
export function indexSlots(fields: readonly FieldDef[]): Map<string, IndexSlot> {
  const used = { numeric: 0, text: 0 };
  const slots = new Map<string, IndexSlot>();
  for (const f of fields) {
    const kind = f.indexed ? slotKind(f.type) : null;
    if (!kind) continue;
    const slot = INDEX_SLOTS[kind][used[kind]++];
    if (slot) slots.set(f.name, slot);
  }
  return slots;
}

/** 类-项-目-细目 of the national catalog guide (e.g. 2-01-003-001): the front of a resource's code. */
export const classificationCode = z.string().regex(/^[1-3]-\d{2}-\d{3}-\d{3}$/, { message: 'classification' });

const themes = z.array(text(20)).max(10);
/** level-3 indicators of the indicator system (e.g. 1.3.2) the resource's data evidence */
const indicatorCodes = z.array(z.string().regex(/^\d+\.\d+\.\d+$/)).max(20);

const fieldsSchema = z
  .array(fieldSchema)
  .min(1)
  .max(100)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    for (const [i, f] of fields.entries()) {
      if (seen.has(f.name)) ctx.addIssue({ code: 'custom', message: 'duplicate', path: [i, 'name'] });
      seen.add(f.name);
      if (f.key && f.type === 'point') ctx.addIssue({ code: 'custom', message: 'key_type', path: [i, 'type'] });
      if (f.indexed && !slotKind(f.type)) ctx.addIssue({ code: 'custom', message: 'indexed_type', path: [i, 'indexed'] });
    }
    for (const kind of ['numeric', 'text'] as const) {
      const indexed = fields.flatMap((f, i) => (f.indexed && slotKind(f.type) === kind ? [i] : []));
      for (const i of indexed.slice(INDEX_SLOTS[kind].length))
        ctx.addIssue({ code: 'custom', message: 'indexed_too_many', path: [i, 'indexed'] });
    }
    if (!fields.some((f) => f.key)) ctx.addIssue({ code: 'custom', message: 'key_missing', path: [] });
  });

/** What a provider writes about a resource; the class's condition or legal basis, and open data, as the class allows. */
const resourceBody = {
  classification: classificationCode,
  name: text(100),
  summary: longText(2000).pipe(z.string().trim().min(1)),
  themes,
  fields: fieldsSchema,
  format: text(30),
  updateCycle: z.enum(UPDATE_CYCLES),
  sharingClass: z.enum(SHARING_CLASSES),
  /** 共享条件 (有条件共享) */
  condition: longText(1000).nullable().default(null),
  /** 不予共享依据: the law or regulation that forbids sharing (不予共享) */
  legalBasis: longText(1000).nullable().default(null),
  sharingMethod: z.enum(SHARING_METHODS),
  /** 开放数据: published to the public (part 2); only a 无条件共享 resource may be */
  openData: z.boolean().default(false),
  indicatorCodes: indicatorCodes.default([]),
};

function classRules(
  r: { sharingClass: SharingClass; condition: string | null; legalBasis: string | null; openData: boolean },
  ctx: z.RefinementCtx,
) {
  if (r.sharingClass === 'conditional' && !r.condition?.trim()) ctx.addIssue({ code: 'custom', message: 'required', path: ['condition'] });
  if (r.sharingClass === 'none' && !r.legalBasis?.trim()) ctx.addIssue({ code: 'custom', message: 'required', path: ['legalBasis'] });
  if (r.openData && r.sharingClass !== 'unconditional') ctx.addIssue({ code: 'custom', message: 'open_data_class', path: ['openData'] });
}

export const resourceCreateSchema = z.strictObject(resourceBody).superRefine(classRules);
export type ResourceInput = z.infer<typeof resourceCreateSchema>;
/** A draft's edit is the whole description again (the form sends what it shows). */
export const resourcePatchSchema = resourceCreateSchema;

export const RESOURCE_STATUSES = ['draft', 'published', 'retired'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export type ResourceAction = 'publish' | 'retire';

/** The provider publishes its draft and retires what it no longer provides (its history stays). */
export const resourceLifecycle: Lifecycle<ResourceStatus, ResourceAction> = {
  name: 'resource',
  initial: 'draft',
  states: {
    draft: { editableBy: ['department'] },
    published: { editableBy: [] },
    retired: { editableBy: [], final: true },
  },
  actions: {
    publish: {
      kind: 'publish',
      from: ['draft'],
      to: 'published',
      by: ['department'],
      parties: { department: ['provider'] },
      roles: ['editor', 'admin'],
    },
    retire: {
      kind: 'manage',
      from: ['published'],
      to: 'retired',
      by: ['department'],
      parties: { department: ['provider'] },
      roles: ['admin'],
      needsReason: true,
    },
  },
};
export const resourceTransitionSchema = transitionRequestOf(resourceLifecycle);

export const resourceSchema = z.object({
  id: z.uuid(),
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  /** 资源代码: 类-项-目-细目 / provider / sequence, unique within the pilot */
  code: z.string(),
  classification: z.string(),
  name: z.string(),
  provider: z.object({ id: z.uuid(), name: z.string(), code: z.string() }),
  summary: z.string(),
  themes: z.array(z.string()),
  fields: z.array(fieldSchema),
  format: z.string(),
  updateCycle: z.enum(UPDATE_CYCLES),
  sharingClass: z.enum(SHARING_CLASSES),
  condition: z.string().nullable(),
  legalBasis: z.string().nullable(),
  sharingMethod: z.enum(SHARING_METHODS),
  openData: z.boolean(),
  indicatorCodes: z.array(z.string()),
  status: z.enum(RESOURCE_STATUSES),
  version: z.number().int(),
  releaseDate: z.string().nullable(),
  lastLoadAt: z.string().nullable(),
  rowCount: z.number().int(),
  stale: z.boolean(),
  /** what the reader may do with the records: read them (own, unconditional, or granted) and load them (the provider) */
  access: z.object({ read: z.boolean(), write: z.boolean(), request: z.boolean() }),
  actions: z.array(actionViewSchema),
});
export type ResourceView = z.infer<typeof resourceSchema>;

export const resourceListQuery = z.strictObject({
  pilot: z.uuid().optional(),
  provider: z.uuid().optional(),
  sharingClass: z.enum(SHARING_CLASSES).optional(),
  theme: text(20).optional(),
  status: z.enum(RESOURCE_STATUSES).optional(),
  /** the name or code holds this */
  q: text(50).optional(),
  stale: z.enum(['true', 'false']).optional(),
});
export type ResourceListQuery = z.infer<typeof resourceListQuery>;

export const resourceListSchema = z.object({
  items: z.array(resourceSchema.omit({ fields: true, actions: true }).extend({ fieldCount: z.number().int() })),
  total: z.number().int(),
});

/** A department of a pilot government, as the platform lists it (with what it provides). */
export const departmentSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  resources: z.number().int(),
  published: z.number().int(),
});
export const departmentListSchema = z.object({ items: z.array(departmentSchema) });

/** The pilot government's platform administrator adds a department with its first administrator. */
export const departmentCreateSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, { message: 'org_code' }),
  name: text(64),
  admin: z.strictObject({ username, displayName: text(64), password }),
});
