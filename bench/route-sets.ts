/**
 * The read routes the web's pages load, each with its parameter sets (pages, filters, users) made from the bench's
 * data: measured under load by routes.ts, and statement by statement by plans.ts.
 */
import { sql } from 'drizzle-orm';
import { type Db } from '../packages/server/src/db/client.js';
import { BENCH_REPORT_YEARS } from './common.js';

const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 40);
if (!(VARIANTS > 0)) throw new Error('BENCH_VARIANTS > 0');

/**
 * The two kinds of route. Light: lists and pages a user opens all day. Heavy: aggregates and searches.
 */
export type Kind = 'light' | 'heavy';

export interface Route {
  name: string;
  kind: Kind;
  /** the parameter sets: a path and who asks (a demo username; none for public routes) */
  variants: (db: Db) => Promise<{ path: string; user?: string }[]>;
}

const rows = async <T>(db: Db, query: ReturnType<typeof sql>) => (await db.execute(query)).rows as T[];
/** `n` items of `list`, spread over it (the same ones every run) */
const spread = <T>(list: T[], n: number) =>
  list.length <= n ? list : Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
const cycle = <T>(list: T[], n: number) => Array.from({ length: n }, (_, i) => list[i % list.length]!);

/** Demo users of these organisation types and roles (each demo user has one role). */
const usersOf = async (db: Db, types: string[], roles: string[]) =>
  (
    await rows<{ username: string }>(
      db,
      sql`select u.username from users u join organisations o on o.id = u.organisation_id
        where o.type in ${types} and u.roles[1] in ${roles} order by u.username`,
    )
  ).map((r) => r.username);
const PROVINCE_VIEWERS = ['dept-320000.viewer', 'dept-330000.viewer', 'dept-370000.viewer', 'dept-440000.viewer'];
const pilotIds = async (db: Db) => (await rows<{ id: string }>(db, sql`select id from pilots order by id`)).map((r) => r.id);
const bookIds = async (db: Db) => (await rows<{ id: string }>(db, sql`select id from task_books order by id`)).map((r) => r.id);

export const ROUTES: Route[] = [
  {
    name: 'registry',
    kind: 'light',
    variants: async () =>
      cycle(
        [
          ...[1, 2, 3, 5, 8].map((page) => ({ path: `/api/pilots?page=${page}&pageSize=20`, user: 'mohurd.viewer' })),
          { path: '/api/pilots?batch=2013&kind=district&page=3&pageSize=20', user: 'mohurd.viewer' },
          { path: '/api/pilots?province=320000&pageSize=20', user: 'mohurd.viewer' },
          { path: `/api/pilots?q=${encodeURIComponent('合成')}&pageSize=20`, user: 'mohurd.viewer' },
          ...PROVINCE_VIEWERS.map((user) => ({ path: '/api/pilots?pageSize=20', user })),
          ...PROVINCE_VIEWERS.map((user) => ({ path: '/api/pilots?page=2&pageSize=20', user })),
        ],
        VARIANTS,
      ),
  },
  {
    name: 'pilot page',
    kind: 'light',
    variants: async (db) => spread(await pilotIds(db), VARIANTS).map((id) => ({ path: `/api/pilots/${id}`, user: 'mohurd.viewer' })),
  },
  {
    name: 'task book',
    kind: 'light',
    variants: async (db) => spread(await bookIds(db), VARIANTS).map((id) => ({ path: `/api/task-books/${id}`, user: 'mohurd.viewer' })),
  },
  {
    name: 'task book versions',
    kind: 'light',
    variants: async (db) =>
      spread(await bookIds(db), VARIANTS).map((id) => ({ path: `/api/task-books/${id}/versions`, user: 'mohurd.viewer' })),
  },
  {
    name: 'to-dos',
    kind: 'light',
    variants: async (db) =>
      spread(
        await usersOf(db, ['ministry', 'provinceDept', 'pilotGov', 'expertCommittee'], ['editor', 'reviewer', 'signatory']),
        VARIANTS,
      ).map((user) => ({ path: '/api/todos', user })),
  },
  {
    name: 'notifications',
    kind: 'light',
    variants: async (db) =>
      spread(await usersOf(db, ['ministry', 'provinceDept', 'pilotGov'], ['editor', 'reviewer', 'signatory']), VARIANTS).map((user) => ({
        path: '/api/notifications?pageSize=20',
        user,
      })),
  },
  {
    name: 'annual reports',
    kind: 'light',
    variants: async (db) =>
      cycle(
        [
          ...BENCH_REPORT_YEARS.map((year) => ({ path: `/api/annual-reports?year=${year}&status=ministryReview`, user: 'mohurd.viewer' })),
          ...PROVINCE_VIEWERS.map((user) => ({ path: '/api/annual-reports?year=2017', user })),
          ...spread(await pilotIds(db), 10).map((id) => ({ path: `/api/annual-reports?pilot=${id}`, user: 'mohurd.viewer' })),
        ],
        VARIANTS,
      ),
  },
  {
    name: 'inspections',
    kind: 'light',
    variants: async () =>
      cycle(
        [{ path: '/api/inspections', user: 'mohurd.viewer' }, ...PROVINCE_VIEWERS.map((user) => ({ path: '/api/inspections', user }))],
        VARIANTS,
      ),
  },
  {
    name: 'applications',
    kind: 'light',
    variants: async () =>
      cycle(
        [{ path: '/api/applications', user: 'mohurd.viewer' }, ...PROVINCE_VIEWERS.map((user) => ({ path: '/api/applications', user }))],
        VARIANTS,
      ),
  },
  {
    name: 'rankings',
    kind: 'heavy',
    variants: async (db) =>
      cycle(
        [
          ...(await rows<{ id: string }>(db, sql`select id from calls order by id`)).map((c) => ({
            path: `/api/calls/${c.id}/ranking`,
            user: 'mohurd.viewer',
          })),
          { path: '/api/public/ratings' },
        ],
        VARIANTS,
      ),
  },
  {
    name: 'dashboard',
    kind: 'heavy',
    variants: async () =>
      cycle(
        [
          ...BENCH_REPORT_YEARS.map((year) => ({ path: `/api/dashboard?year=${year}`, user: 'mohurd.viewer' })),
          { path: '/api/dashboard?batch=2013', user: 'mohurd.viewer' },
          ...PROVINCE_VIEWERS.map((user) => ({ path: '/api/dashboard', user })),
          ...PROVINCE_VIEWERS.map((user) => ({ path: '/api/dashboard/pilots', user })),
        ],
        VARIANTS,
      ),
  },
  {
    name: 'search',
    kind: 'heavy',
    variants: async () =>
      cycle(
        ['交通', '停车', '管网', '智慧交通', '地下管网监测', '滨江', '数据共享', '城市大脑'].flatMap((q) => [
          { path: `/api/search?q=${encodeURIComponent(q)}`, user: 'mohurd.viewer' },
          { path: `/api/search?q=${encodeURIComponent(q)}`, user: 'dept-320000.viewer' },
        ]),
        VARIANTS,
      ),
  },
  {
    name: 'data-platform query',
    kind: 'heavy',
    variants: async (db) =>
      cycle(
        (
          await rows<{ id: string }>(db, sql`select id from platform_resources where open_data and status = 'published' order by id`)
        ).flatMap((r) =>
          [0, 20, 40].map((offset) => ({ path: `/api/3/action/datastore_search?resource_id=${r.id}&limit=20&offset=${offset}` })),
        ),
        VARIANTS,
      ),
  },
];
