import {
  MESSAGES,
  PILOT_KIND_BY_LABEL,
  ROLES,
  pilotGovernmentName,
  pilotOrgCode,
  type OrganisationType,
  type Role,
} from '@smartcity/domain';
import { count, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { batches, expertAssignments, indicators, indicatorSystems, organisations, pilots, provinces, users } from '../db/schema.js';
import { appendAudit } from '../audit/audit.js';
import type { Clock } from '../lib/clock.js';
import { hashPassword } from '../modules/session/session.service.js';
import { seedFirstNotice } from '../modules/notices/notices.service.js';
import { dataFiles, type IndicatorNodeFile } from './data-files.js';

export const MINISTRY_CODE = 'MOHURD';
export const EXPERT_COMMITTEE_CODE = 'EXPERTS';
export const deptCode = (divisionCode: string) => `DEPT-${divisionCode}`;
export const govCode = (provinceCode: string) => `GOV-${provinceCode}`;
export const demoUsername = (orgCode: string, role: Role) => `${orgCode.toLowerCase()}.${role}`;

async function upsertOrganisation(tx: Tx, values: typeof organisations.$inferInsert) {
  const [row] = await tx
    .insert(organisations)
    .values(values)
    .onConflictDoUpdate({
      target: organisations.code,
      set: { name: values.name, provinceCode: values.provinceCode, parentId: values.parentId },
    })
    .returning({ id: organisations.id });
  return row!.id;
}

async function insertIndicators(tx: Tx, systemId: string, nodes: IndicatorNodeFile[], parentId: string | null, level: number) {
  for (const [i, node] of nodes.entries()) {
    const [row] = await tx
      .insert(indicators)
      .values({
        systemId,
        parentId,
        level,
        code: node.code,
        name: node.name,
        uncertain: node.uncertain ?? false,
        qualitative: node.qualitative ?? false,
        sort: i,
      })
      .returning({ id: indicators.id });
    await insertIndicators(tx, systemId, node.children ?? [], row!.id, level + 1);
  }
}

/**
 * Reference data from data/: provinces, the organisations of every tier, batch 1 with its 90 pilots
 * in the notice's order, and the 2012 indicator system. Safe to run again: rows are matched by code.
 */
export async function seedReference(db: Db, clock: Clock) {
  const provinceFile = dataFiles.provinces();
  const batchFile = dataFiles.batch1();
  await db.transaction(async (tx) => {
    for (const [sort, p] of provinceFile.items.entries()) {
      await tx
        .insert(provinces)
        .values({ code: p.code, name: p.name, shortName: p.shortName, kind: p.kind, mainland: p.mainland, sort })
        .onConflictDoNothing();
    }
    const ministryId = await upsertOrganisation(tx, {
      type: 'ministry',
      code: MINISTRY_CODE,
      name: '住房和城乡建设部',
      provinceCode: null,
      parentId: null,
    });
    await seedFirstNotice(tx, ministryId, dataFiles.firstNotice());
    await upsertOrganisation(tx, {
      type: 'expertCommittee',
      code: EXPERT_COMMITTEE_CODE,
      name: '住房和城乡建设部智慧城市专家委员会',
      provinceCode: null,
      parentId: null,
    });
    const deptOf = new Map<string, string>();
    for (const p of provinceFile.items.filter((x) => x.mainland)) {
      deptOf.set(
        p.code,
        await upsertOrganisation(tx, {
          type: 'provinceDept',
          code: deptCode(p.code),
          name: p.housingDepartment!,
          provinceCode: p.code,
          parentId: null,
        }),
      );
      await upsertOrganisation(tx, {
        type: 'provinceGov',
        code: govCode(p.code),
        name: p.government!,
        provinceCode: p.code,
        parentId: null,
      });
    }
    for (const d of dataFiles.extraDepartments().items) {
      await upsertOrganisation(tx, {
        type: 'provinceDept',
        code: deptCode(d.code),
        name: d.name,
        provinceCode: d.provinceCode,
        parentId: null,
      });
    }

    const b = batchFile.batch;
    await tx
      .insert(batches)
      .values({
        year: b.year,
        name: b.name,
        title: b.title,
        documentNo: b.documentNo,
        announcedOn: b.announcedOn,
        taskBookDeadline: b.taskBookDeadline,
      })
      .onConflictDoNothing();
    const [batch] = await tx.select({ id: batches.id }).from(batches).where(eq(batches.year, b.year));
    let seq = 0;
    for (const group of batchFile.provinces) {
      for (const p of group.pilots) {
        seq += 1;
        const kind = PILOT_KIND_BY_LABEL[p.kind];
        if (!kind) throw new Error(`pilots-batch1.json: unknown kind ${p.kind} for ${p.publishedName}`);
        const supervisorOrgId = deptOf.get(group.provinceCode)!;
        const governmentName = pilotGovernmentName(kind, p.publishedName, p.officialName);
        const organisationId = await upsertOrganisation(tx, {
          type: 'pilotGov',
          code: pilotOrgCode(b.year, seq),
          name: governmentName,
          provinceCode: group.provinceCode,
          parentId: supervisorOrgId,
        });
        await tx
          .insert(pilots)
          .values({
            organisationId,
            supervisorOrgId,
            batchId: batch!.id,
            provinceCode: group.provinceCode,
            seq,
            publishedName: p.publishedName,
            officialName: p.officialName,
            adminCode: p.adminCode,
            kind,
            officialCategory: p.officialCategory ?? null,
            note: p.note ?? null,
          })
          .onConflictDoNothing();
      }
    }

    const system = dataFiles.indicatorSystem2012();
    const [existing] = await tx.select({ id: indicatorSystems.id }).from(indicatorSystems).where(eq(indicatorSystems.code, system.code));
    if (!existing) {
      const [row] = await tx
        .insert(indicatorSystems)
        .values({ code: system.code, name: system.name, version: system.version, issuedBy: system.issuedBy, source: system.source })
        .returning({ id: indicatorSystems.id });
      await insertIndicators(tx, row!.id, system.items, null, 1);
    }
    await appendAudit(tx, null, { action: 'seed.reference', targetType: 'batch', targetId: String(b.year), after: { pilots: seq } }, clock);
  });
}

export async function userCount(db: Db) {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/**
 * Demo users: one per role in every organisation (`<org code>.<role>`, e.g. `dept-320000.reviewer`),
 * all with the given password. The password is hashed once and shared: they are demo accounts with one
 * known password anyway, and ~800 argon2 hashes would make start-up take a minute.
 */
/** Demo applicant governments (a real applicant registers itself): one in 江苏, one in 北京. */
const DEMO_APPLICANTS = [
  { code: 'APPL-320500', name: '苏州市人民政府', provinceCode: '320000' },
  { code: 'APPL-110108', name: '北京市海淀区人民政府', provinceCode: '110000' },
];
/**
 * Demo departments (委办局) of two 江苏 pilots' governments, on their city public information platforms: 无锡 with the
 * departments a city platform connects first (its 大数据管理局 runs the platform), 常州 with three.
 */
export const DEMO_DEPARTMENTS: { pilot: string; code: string; name: string }[] = [
  ...(
    [
      ['GAJ', '公安局'],
      ['MZJ', '民政局'],
      ['RSJ', '人力资源和社会保障局'],
      ['WJW', '卫生健康委员会'],
      ['ZRZYJ', '自然资源和规划局'],
      ['JTJ', '交通运输局'],
      ['SCJGJ', '市场监督管理局'],
      ['STHJJ', '生态环境局'],
      ['TJJ', '统计局'],
      ['DSJJ', '大数据管理局'],
    ] as const
  ).map(([code, name]) => ({ pilot: 'PILOT-2012-025', code: `WUXI-${code}`, name: `无锡市${name}` })),
  ...(
    [
      ['GAJ', '公安局'],
      ['SCJGJ', '市场监督管理局'],
      ['DSJJ', '大数据管理局'],
    ] as const
  ).map(([code, name]) => ({ pilot: 'PILOT-2012-026', code: `CZ-${code}`, name: `常州市${name}` })),
];

/** Named experts of the committee with different home provinces, so reviews can avoid conflicts of interest. */
const DEMO_EXPERTS = [
  { username: 'expert.zhang', displayName: '张伟（专家，上海）', home: '310000' },
  { username: 'expert.li', displayName: '李娜（专家，广东）', home: '440000' },
  { username: 'expert.wang', displayName: '王强（专家，四川）', home: '510000' },
  { username: 'expert.zhao', displayName: '赵敏（专家，湖北）', home: '420000' },
  { username: 'expert.chen', displayName: '陈静（专家，江苏）', home: '320000' },
];

/** Demo 职务 of an organisation's people, as their signatures name them. */
const DEMO_TITLES: Record<OrganisationType, string> = {
  ministry: '副部长',
  provinceDept: '厅长',
  provinceGov: '副省长',
  pilotGov: '市长',
  expertCommittee: '委员',
  applicantGov: '市长',
  department: '局长',
};

export async function seedDemo(db: Db, clock: Clock, password: string) {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    for (const a of DEMO_APPLICANTS) {
      const [dept] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.code, deptCode(a.provinceCode)));
      await upsertOrganisation(tx, { type: 'applicantGov', code: a.code, name: a.name, provinceCode: a.provinceCode, parentId: dept!.id });
    }
    for (const d of DEMO_DEPARTMENTS) {
      const [gov] = await tx
        .select({ id: organisations.id, provinceCode: organisations.provinceCode })
        .from(organisations)
        .where(eq(organisations.code, d.pilot));
      // joined the platform now: the year figures count a department from then (the demo dates its history itself)
      await upsertOrganisation(tx, {
        type: 'department',
        code: d.code,
        name: d.name,
        provinceCode: gov!.provinceCode,
        parentId: gov!.id,
        createdAt: clock.now(),
      });
    }
  });
  const orgs = await db.select().from(organisations);
  await db.transaction(async (tx) => {
    const rows = orgs.flatMap((o) =>
      ROLES.map((role) => ({
        organisationId: o.id,
        username: demoUsername(o.code, role),
        displayName: `${o.name}（${MESSAGES['zh-CN'].role[role]}）`,
        title: DEMO_TITLES[o.type],
        passwordHash,
        roles: [role],
        homeProvinceCode: o.type === 'expertCommittee' ? '110000' : null,
      })),
    );
    const committee = orgs.find((o) => o.code === EXPERT_COMMITTEE_CODE)!;
    rows.push(
      ...DEMO_EXPERTS.map((e) => ({
        organisationId: committee.id,
        username: e.username,
        displayName: e.displayName,
        title: DEMO_TITLES.expertCommittee,
        passwordHash,
        roles: ['reviewer' as Role],
        homeProvinceCode: e.home,
      })),
    );
    for (let i = 0; i < rows.length; i += 250) {
      await tx
        .insert(users)
        .values(rows.slice(i, i + 250))
        .onConflictDoNothing();
    }
    // Experts are assigned the first two 江苏 pilots, so the expert view is not empty — never those of their home
    // province (the conflict-of-interest rule: 陈静 of 江苏 reviews none of them).
    const experts = await tx
      .select({ id: users.id, home: users.homeProvinceCode })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(organisations.code, EXPERT_COMMITTEE_CODE));
    const assigned = await tx
      .select({ id: pilots.id, provinceCode: pilots.provinceCode })
      .from(pilots)
      .where(eq(pilots.provinceCode, '320000'))
      .orderBy(pilots.seq)
      .limit(2);
    for (const e of experts) {
      for (const p of assigned.filter((x) => x.provinceCode !== e.home)) {
        await tx.insert(expertAssignments).values({ expertUserId: e.id, pilotId: p.id }).onConflictDoNothing();
      }
    }
    await appendAudit(tx, null, { action: 'seed.demo', targetType: 'users', targetId: 'demo', after: { users: rows.length } }, clock);
  });
  return orgs.length * ROLES.length + DEMO_EXPERTS.length;
}
