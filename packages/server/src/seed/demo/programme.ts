import { APPLICATION_ATTACHMENTS, TASK_BOOK_SECTIONS, type Panel, type ReportContent } from '@smartcity/domain';
import { asc, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Database, Db } from '../../db/client.js';
import { batches, calls, demoProgramme, indicators, notifications, organisations, pilots, users } from '../../db/schema.js';
import { appendAudit } from '../../audit/audit.js';
import { ensurePartitions } from '../../db/partitions.js';
import { audited } from '../../context.js';
import { Agent } from '../../lib/inject-agent.js';
import { SESSION_COOKIE } from '../../plugins/access.js';
import { sessionRepository } from '../../modules/session/session.repository.js';
import { openSession } from '../../modules/session/session.service.js';
import type { Clock } from '../../lib/clock.js';
import { seedPlatforms } from './platform.js';
import { DemoRandom, demoTaskBook, FINDINGS, RETURN_OPINIONS } from './text.js';

/** The demo's own clock: history is made at its dates (2013–2016), the live call at the seeding date. */
class DemoClock implements Clock {
  constructor(public t: Date) {}
  now() {
    return new Date(this.t);
  }
}

/** An attachment stand-in: a real, minimal PDF header (the platform checks files by their content). */
const DEMO_PDF = Buffer.concat([Buffer.from('%PDF-1.4\n% 演示数据 demo file\n'), Buffer.alloc(200, 0x20)]);

export class DemoError extends Error {}

/**
 * Acts as the programme's users through the platform's own routes (in-process requests): every record of the demo
 * is made by the services, rules and lifecycles users go through, audited as theirs.
 */
export class Driver {
  private agents = new Map<string, Agent>();
  usernames = new Map<string, string>();
  constructor(
    private app: App,
    private clock: DemoClock,
    readonly password: string,
  ) {}

  anonymous() {
    return new Agent(this.app);
  }

  /** Beijing time, `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`. */
  at(beijing: string) {
    this.clock.t = new Date(`${beijing.length === 10 ? `${beijing}T10:00` : beijing}:00+08:00`);
  }

  /** The usernames of a panel's experts, to act as each. */
  expertsOf(panel: Panel) {
    return panel.items.map((x) => this.usernames.get(x.expert.id)!);
  }

  async as(username: string) {
    let agent = this.agents.get(username);
    if (!agent) {
      // the seeding process acts as its users: a session without a password hash to check (~200 of them)
      const user = await sessionRepository.findUserForSignIn(this.app.db, username);
      const actor = user && (await sessionRepository.actorForUser(this.app.db, user.id, null));
      if (!actor) throw new DemoError(`demo: no user ${username}`);
      const { token } = await openSession(this.app, actor, 'smartcity demo');
      agent = new Agent(this.app, this.password);
      agent.cookies.set(SESSION_COOKIE, token);
      agent.csrfToken = must(await agent.get('/api/session'), 200, `session of ${username}`).csrfToken;
      this.agents.set(username, agent);
    }
    return agent;
  }
}

export function must(res: LightMyRequestResponse, status: number, what: string) {
  if (res.statusCode !== status) throw new DemoError(`demo: ${what}: ${res.statusCode} ${res.body.slice(0, 400)}`);
  return res.json();
}

/** What a demo pilot's task book should have reached; the rest of its story follows from it. */
type Stage = 'none' | 'drafting' | 'returned' | 'province' | 'ministry' | 'signing' | 'signed';

interface DemoPilot {
  id: string;
  org: string; // e.g. pilot-2012-025
  dept: string; // e.g. dept-320000
  name: string;
  provinceCode: string;
}

/** The stages of batch 1's 90 task books; 无锡市 (README's example user) always signed with the fullest story. */
const STAGES: [Stage, number][] = [
  ['none', 3],
  ['drafting', 3],
  ['returned', 4],
  ['province', 5],
  ['ministry', 4],
  ['signing', 3],
];
const WUXI = 'pilot-2012-025';
/** The stages in the order a task book passes them: a book at one stage has passed every earlier one. */
const STAGE_ORDER: Stage[] = ['none', 'drafting', 'returned', 'province', 'ministry', 'signing', 'signed'];

export interface DemoSummary {
  seededOn: string;
  taskBooks: Record<Stage, number>;
  reports: number;
  inspections: number;
  acceptances: number;
  applications: number;
  /** city platform resources listed */
  resources: number;
}

/**
 * The demo programme (`--demo`): batch 1 in history — task books at every stage, annual reports accepted, returned
 * and overdue, inspections with open and closed rectifications, acceptances with ratings — and a live demo call
 * whose dates follow the seeding date, with applications at each stage, so every role has work today.
 */
export async function seedProgramme(database: Database, config: Config, password: string, today: Date): Promise<DemoSummary> {
  const seededOn = beijingDate(today);
  const r = new DemoRandom(`smartcity-demo-${seededOn}`);
  const clock = new DemoClock(today);
  // the demo's own instance of the app: same routes and services, its own clock; no logs, no documents rendered
  // sessions that last through the demo's history, so each user signs in once
  const app = await buildApp({ database, config: { ...config, loginRateLimit: 1_000_000, sessionHours: 24 * 366 * 20 }, clock });
  await app.ready();
  const d = new Driver(app, clock, password);
  try {
    const db = database.db;
    const rows = await db
      .select({ id: pilots.id, org: organisations.code, name: pilots.publishedName, provinceCode: pilots.provinceCode })
      .from(pilots)
      .innerJoin(organisations, eq(organisations.id, pilots.organisationId))
      .orderBy(asc(pilots.seq));
    const all: DemoPilot[] = rows.map((p) => ({ ...p, org: p.org.toLowerCase(), dept: `dept-${p.provinceCode}` }));
    for (const u of await db.select({ id: users.id, username: users.username }).from(users)) d.usernames.set(u.id, u.username);
    const names = new Map(
      (await db.select({ code: indicators.code, name: indicators.name, qualitative: indicators.qualitative }).from(indicators)).map(
        (i) => [i.code, i] as const,
      ),
    );
    const wuxi = all.find((p) => p.org === WUXI)!;
    const stageOf = new Map<string, Stage>();
    let k = 0;
    const others = r.shuffle(all.filter((p) => p !== wuxi));
    for (const [stage, n] of STAGES) for (let i = 0; i < n; i++) stageOf.set(others[k++]!.id, stage);
    const stage = (p: DemoPilot): Stage => stageOf.get(p.id) ?? 'signed';

    // 2013: task books, written, reviewed and signed
    d.at('2013-02-06');
    const books = new Map<string, string>();
    for (const p of all) {
      if (stage(p) === 'none') continue;
      const editor = await d.as(`${p.org}.editor`);
      const book = must(await editor.post(`/api/pilots/${p.id}/task-books`), 201, `task book of ${p.name}`);
      books.set(p.id, book.id);
      const content = demoTaskBook(r, p.name, names, 2013);
      const sections = stage(p) === 'drafting' ? TASK_BOOK_SECTIONS.slice(0, r.int(2, 5)) : TASK_BOOK_SECTIONS;
      const versions = (book.sections as { version: number }[]).map((s) => s.version);
      for (const s of sections)
        must(
          await editor.patch(`/api/task-books/${book.id}/sections/${s.n}`, content[s.key], { 'if-match': `"${versions[s.n - 1]}"` }),
          200,
          `section ${s.n} of ${p.name}`,
        );
    }
    const fire = async (who: string, id: string, action: string, reason?: string) =>
      must(
        await (await d.as(who)).post(`/api/task-books/${id}/transitions`, reason ? { action, reason } : { action }),
        200,
        `${action} by ${who}`,
      );
    const past = (p: DemoPilot, s: Stage) => STAGE_ORDER.indexOf(stage(p)) >= STAGE_ORDER.indexOf(s);
    d.at('2013-02-20');
    for (const p of all) if (past(p, 'returned')) await fire(`${p.org}.editor`, books.get(p.id)!, 'submit');
    d.at('2013-03-04');
    for (const p of all) {
      if (stage(p) === 'returned') await fire(`${p.dept}.reviewer`, books.get(p.id)!, 'provinceReturn', r.pick(RETURN_OPINIONS));
      else if (past(p, 'ministry')) await fire(`${p.dept}.reviewer`, books.get(p.id)!, 'provinceApprove');
    }
    d.at('2013-03-25');
    for (const p of all) if (past(p, 'signing')) await fire('mohurd.reviewer', books.get(p.id)!, 'ministryApprove');
    d.at('2013-04-12');
    const signed: DemoPilot[] = [];
    for (const p of all) {
      if (!past(p, 'signing')) continue;
      // a book in 'signing' still waits: the pilot has signed, the Ministry and the province not yet
      const signatories =
        stage(p) === 'signing' ? [`${p.org}.signatory`] : ['mohurd.signatory', `${p.org}.signatory`, `${p.dept}.signatory`];
      for (const who of signatories)
        must(
          await (await d.as(who)).post(`/api/task-books/${books.get(p.id)}/signatures`, { password: d.password }),
          200,
          `signature of ${who}`,
        );
      if (stage(p) === 'signed') signed.push(p);
    }
    // 2014–2016: annual reports (2013 and 2014 accepted with a few returns on the way; 2015 mixed; some overdue)
    let reports = 0;
    const reportOf = async (p: DemoPilot, year: number, end: 'draft' | 'returned' | 'province' | 'accepted') => {
      d.at(`${year + 1}-01-10`);
      const editor = await d.as(`${p.org}.editor`);
      const made = must(await editor.post(`/api/pilots/${p.id}/annual-reports`, { year }), 201, `report ${year} of ${p.name}`);
      const filled: ReportContent = {
        indicators: made.content.indicators.map(
          ({ returnReasons: _, ...i }: { returnReasons: unknown } & ReportContent['indicators'][number]) => ({
            ...i,
            actual: typeof i.target === 'number' ? Math.round(i.target * r.int(80, 115) * 0.01) : r.int(20, 90),
            source: r.pick(['市统计局统计年报', '市大数据管理局平台统计', '部门报表']),
            quality: 'measured',
          }),
        ),
        projects: made.content.projects.map(
          ({ returnReasons: _, ...x }: { returnReasons: unknown } & ReportContent['projects'][number]) => ({
            ...x,
            state: 'inProgress',
            percentComplete: Math.min(100, (year - 2012) * r.int(25, 35)),
          }),
        ),
        platform: `城市公共信息平台已接入 ${r.int(15, 40)} 个部门，日均交换数据 ${r.int(50, 500)} 万条。`,
        narrative: `${year} 年，${p.name}按照创建任务书推进各项工作，重点项目总体按计划实施。`,
      };
      reports++;
      must(await editor.patch(`/api/annual-reports/${made.id}`, filled, { 'if-match': `"${made.version}"` }), 200, 'report content');
      if (end === 'draft') return;
      d.at(`${year + 1}-01-25`);
      must(await editor.post(`/api/annual-reports/${made.id}/transitions`, { action: 'submit' }), 200, 'report submit');
      if (end === 'province') return;
      const reviewer = await d.as(`${p.dept}.reviewer`);
      if (end === 'returned') {
        must(
          await reviewer.post(`/api/annual-reports/${made.id}/transitions`, {
            action: 'provinceReturn',
            reason: '部分指标实际值缺少数据来源说明，请补充后重新报送。',
          }),
          200,
          'report return',
        );
        return;
      }
      must(await reviewer.post(`/api/annual-reports/${made.id}/transitions`, { action: 'provinceApprove' }), 200, 'report approve');
      d.at(`${year + 1}-02-20`);
      must(await (await d.as('mohurd.reviewer')).post(`/api/annual-reports/${made.id}/transitions`, { action: 'accept' }), 200, 'accept');
    };
    const reporting = [wuxi, ...r.shuffle(signed.filter((p) => p !== wuxi)).slice(0, 17)];
    const ACCEPTING = 5; // the first five report every year and come to acceptance in 2016
    for (const [i, p] of reporting.entries()) {
      await reportOf(p, 2013, 'accepted');
      if (i < ACCEPTING) {
        await reportOf(p, 2014, 'accepted');
        await reportOf(p, 2015, 'accepted');
        continue;
      }
      if (i % 6 === 5) continue; // 2014 overdue for these: never reported
      await reportOf(p, 2014, i % 6 === 4 ? 'returned' : i % 6 === 3 ? 'province' : 'accepted');
    }

    // 2014: inspections by the provinces, with closed, answered and open rectifications
    let inspections = 0;
    for (const [i, p] of reporting.slice(0, 8).entries()) {
      d.at('2014-06-12');
      const [title, description] = FINDINGS[i % FINDINGS.length]!;
      const made = must(
        await (
          await d.as(`${p.dept}.reviewer`)
        ).post('/api/inspections', {
          pilotId: p.id,
          inspectedOn: '2014-06-10',
          inspectors: ['省住房和城乡建设厅检查组', r.pick(['王工', '李处长', '赵研究员'])],
          projectsChecked: [`${p.name}城市公共信息平台一期`],
          summary: `检查组听取了${p.name}创建工作汇报，查阅资料并现场检查重点项目。`,
          findings: [{ title, description, rectificationDue: '2014-09-30' }],
        }),
        201,
        'inspection',
      );
      inspections++;
      const findingId = made.findings[0].id as string;
      if (i % 3 === 2) continue; // still open, overdue: the pilot's and the province's work today
      d.at('2014-09-15');
      must(
        await (
          await d.as(`${p.org}.editor`)
        ).post(`/api/findings/${findingId}/transitions`, { action: 'answer', reason: '已制定整改方案并完成整改，相关资料已补齐。' }),
        200,
        'answer',
      );
      if (i % 3 === 1) continue; // answered: the province has to close it
      d.at('2014-10-08');
      must(await (await d.as(`${p.dept}.reviewer`)).post(`/api/findings/${findingId}/transitions`, { action: 'close' }), 200, 'close');
    }

    // 2016: acceptance of pilots that reported, rated by expert panels; some published, one awaiting confirmation
    let acceptances = 0;
    for (const [i, p] of reporting.slice(0, ACCEPTING).entries()) {
      d.at('2016-01-11');
      const admin = await d.as(`${p.org}.admin`);
      const made = must(await admin.post(`/api/pilots/${p.id}/acceptance`), 201, 'acceptance');
      acceptances++;
      const narrative = `${p.name}三年创建期内完成城市公共信息平台建设，重点项目总体完成，达到任务书确定的主要目标。`;
      must(await admin.patch(`/api/acceptances/${made.id}`, { narrative }, { 'if-match': `"${made.version}"` }), 200, 'narrative');
      must(await admin.post(`/api/acceptances/${made.id}/transitions`, { action: 'submit' }), 200, 'acceptance submit');
      if (i === 4) continue; // the Ministry still has to form its panel
      d.at('2016-02-01');
      const panel = must(await (await d.as('mohurd.admin')).post(`/api/acceptances/${made.id}/assignments`, {}), 200, 'panel');
      const experts = d.expertsOf(panel.panel);
      for (const [j, who] of experts.entries()) {
        if (i === 3 && j > 0) break; // experts still scoring
        const expert = await d.as(who);
        must(await expert.post(`/api/acceptances/${made.id}/reviews/mine/declaration`, { conflict: false }), 200, 'declaration');
        const sheet = { scores: { overall: r.int(72, 95) }, comment: '创建成效明显，同意通过验收。' };
        must(await expert.put(`/api/acceptances/${made.id}/reviews/mine`, sheet), 200, 'acceptance score');
      }
      if (i === 3) continue;
      d.at('2016-03-01');
      const ministry = await d.as('mohurd.admin');
      must(await ministry.post(`/api/acceptances/${made.id}/transitions`, { action: 'confirm' }), 200, 'confirm');
      if (i < 2) must(await ministry.post(`/api/acceptances/${made.id}/transitions`, { action: 'publish' }), 200, 'publish');
    }

    // by the end of 2016 everyone had read the history's notifications: today's bell counts today's work only
    d.at('2016-12-30');
    const readers = await db
      .selectDistinct({ username: users.username })
      .from(users)
      .innerJoin(notifications, eq(notifications.organisationId, users.organisationId))
      .where(eq(users.disabled, false))
      .orderBy(asc(users.username));
    for (const { username } of readers)
      must(await (await d.as(username)).post('/api/notifications/read-all'), 200, `read-all by ${username}`);

    // today: a live demo call with applications at each stage
    const { callId, applications } = await liveCall(d, r, today);
    // today: the city platforms' catalogs, loads and sharing requests
    const resources = await seedPlatforms(d, db, r, seededOn);
    const taskBooks = Object.fromEntries([...STAGES.map(([s, n]) => [s, n]), ['signed', signed.length]]) as Record<Stage, number>;
    const summary = { seededOn, taskBooks, reports, inspections, acceptances, applications, resources };
    await audited(db, null, clock, async (tx) => ({
      result: await tx.insert(demoProgramme).values({ seededOn, refreshedOn: seededOn, callId, summary }),
      audit: { action: 'demo.seed', targetType: 'demoProgramme', targetId: seededOn, after: summary },
    }));
    // the history's audit rows and metering are dated 2013–2016, months with no partition yet: moved into theirs now,
    // as a restore's are, not by the next start (1.3 s of the demo's second start when it was left to it)
    await db.transaction((tx) => ensurePartitions(tx, today));
    return summary;
  } finally {
    await app.close();
  }
}

export const beijingDate = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (day: string, n: number) => beijingDate(new Date(new Date(`${day}T04:00:00Z`).getTime() + n * 86_400_000));

/** Applicant governments of the live call beyond the two demo ones: registered by themselves, approved by their province. */
const NEW_APPLICANTS = [
  { organisationName: '浙江省嘉兴市人民政府', provinceCode: '330000', adminCode: '330400' },
  { organisationName: '山东省潍坊市人民政府', provinceCode: '370000', adminCode: '370700' },
  { organisationName: '广东省江门市人民政府', provinceCode: '440000', adminCode: '440700' },
  { organisationName: '四川省绵阳市人民政府', provinceCode: '510000', adminCode: '510700' },
];

async function liveCall(d: Driver, r: DemoRandom, today: Date) {
  const day = beijingDate(today);
  const year = Number(day.slice(0, 4));
  d.at(plusDays(day, -21));
  const ministry = await d.as('mohurd.admin');
  const call = must(
    await ministry.post('/api/calls', {
      year,
      title: `${year}年度国家智慧城市试点申报（演示）`,
      opensOn: plusDays(day, -20),
      closesOn: plusDays(day, 21),
      quotaPerProvince: 3,
      taskBookDeadline: plusDays(day, 90),
    }),
    201,
    'demo call',
  );
  must(await ministry.post(`/api/calls/${call.id}/transitions`, { action: 'open' }), 200, 'open call');
  const applicants = ['appl-320500.editor', 'appl-110108.editor'];
  d.at(plusDays(day, -18));
  for (const a of NEW_APPLICANTS) {
    const made = must(
      await d.anonymous().post('/api/applicants', {
        ...a,
        displayName: `${a.organisationName.replace(/^.+省/, '')}智慧城市办公室`,
        password: d.password,
      }),
      201,
      `registration of ${a.organisationName}`,
    );
    if (a === NEW_APPLICANTS[3]) continue; // still waiting for 四川's approval: the province's work today
    must(
      await (await d.as(`dept-${a.provinceCode}.admin`)).post(`/api/applicants/${made.organisation.id}/approval`, { decision: 'approve' }),
      200,
      'approval',
    );
    applicants.push(made.user.username);
  }
  // stages: 0 drafting, 1 at the province, 2 returned, 3 and 4 at expert review (partly scored)
  let n = 0;
  for (const [i, username] of applicants.entries()) {
    d.at(plusDays(day, -15 + i));
    const editor = await d.as(username);
    const city = NEW_APPLICANTS[i - 2]?.organisationName.replace(/^.+省|人民政府$/g, '') ?? (i === 0 ? '苏州市' : '北京市海淀区');
    const made = must(
      await editor.post(`/api/calls/${call.id}/applications`, {
        name: city,
        kind: i === 1 ? 'district' : 'prefectureCity',
        adminCode: null,
        summary: `${city}已将智慧城市建设列入国民经济和社会发展规划，${r.pick(['信息基础设施较为完善', '电子政务基础较好', '数字城管已覆盖建成区'])}，具备开展试点的条件。`,
        declarations: { inLocalPlan: true, fundingChannel: true, leaderInCharge: true },
        contact: { name: r.pick(['王主任', '李科长', '周处长']), phone: `0${r.int(100, 999)}-${r.int(10000000, 89999999)}` },
      }),
      201,
      `application of ${city}`,
    );
    n++;
    if (i === 0) continue;
    for (const kind of APPLICATION_ATTACHMENTS)
      must(
        await editor.upload(`/api/applications/${made.id}/attachments?kind=${kind}`, `${kind}.pdf`, DEMO_PDF),
        201,
        `${kind} of ${city}`,
      );
    must(await editor.post(`/api/applications/${made.id}/transitions`, { action: 'submit' }), 200, 'application submit');
    if (i === 1) continue;
    const province = await d.as(`dept-${made.provinceCode}.reviewer`);
    d.at(plusDays(day, -8 + i));
    if (i === 2) {
      must(
        await province.post(`/api/applications/${made.id}/transitions`, { action: 'return', reason: '请补充市级财政配套资金的落实文件。' }),
        200,
        'application return',
      );
      continue;
    }
    must(
      await province.post(`/api/applications/${made.id}/transitions`, {
        action: 'forward',
        reason: `${city}基础较好，材料齐全，同意推荐。`,
      }),
      200,
      'forward',
    );
    const panel = must(await (await d.as('mohurd.admin')).post(`/api/applications/${made.id}/assignments`, {}), 200, 'application panel');
    const experts = d.expertsOf(panel);
    for (const who of experts.slice(0, i - 2)) {
      const scores = { planning: r.int(60, 95), organisation: r.int(60, 95), platform: r.int(60, 95), feasibility: r.int(60, 95) };
      const expert = await d.as(who);
      must(await expert.post(`/api/applications/${made.id}/reviews/mine/declaration`, { conflict: false }), 200, 'declaration');
      must(await expert.put(`/api/applications/${made.id}/reviews/mine`, { scores, comment: '方案总体可行，建议列入。' }), 200, 'score');
    }
  }
  d.at(day);
  return { callId: call.id as string, applications: n };
}

/**
 * `db seed --demo --refresh`: the live demo call's dates move forward by the days since the last refresh, so its
 * deadlines stay ahead of today; the history (2013–2016) stays where it is. Audited as one change.
 */
export async function refreshDemo(db: Db, clock: Clock) {
  const today = beijingDate(clock.now());
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(demoProgramme).for('update');
    if (!row) return null;
    const days = Math.round((Date.parse(today) - Date.parse(row.refreshedOn)) / 86_400_000);
    if (days > 0 && row.callId) {
      const shift = (column: AnyColumn) => sql`${column} + ${days}::int`;
      const [call] = await tx
        .update(calls)
        .set({ opensOn: shift(calls.opensOn), closesOn: shift(calls.closesOn) })
        .where(eq(calls.id, row.callId))
        .returning({ batchId: calls.batchId });
      await tx
        .update(batches)
        .set({ taskBookDeadline: shift(batches.taskBookDeadline) })
        .where(eq(batches.id, call!.batchId));
    }
    await tx.update(demoProgramme).set({ refreshedOn: today });
    await appendAudit(tx, null, { action: 'demo.refresh', targetType: 'demoProgramme', targetId: row.seededOn, after: { days } }, clock);
    return { days, refreshedOn: today };
  });
}
