import { TASK_BOOK_SECTIONS, type TaskBookContent } from '@smartcity/domain';
import { sql } from 'drizzle-orm';
import type { Db } from '../packages/server/src/db/client.js';
import { annualReports, indicators, pilots, taskBookSections, taskBooks, taskBookVersions } from '../packages/server/src/db/schema.js';
import { sampleTaskBook } from '../packages/server/src/documents/fixtures.js';
import { mulberry32 } from './synthetic.js';

// The programme behind the synthetic pilots: a signed task book (2013–2017 unless told) and an annual report a year.

export const PROGRAMME_YEARS = [2013, 2014, 2015, 2016, 2017];
const CHUNK = 200;
const SAMPLE = sampleTaskBook({ projects: 1, indicators: 1, years: 5 });
const REPORT_STATUSES = [
  ['accepted', 80],
  ['ministryReview', 8],
  ['provinceReview', 7],
  ['draft', 5],
] as const;
// words a task book's projects are written with: searches for two characters and longer find them in some books
const PLACES = ['城东', '城西', '滨江', '高新区', '老城区', '开发区', '港区', '新城'];
const THEMES = [
  '智慧交通',
  '地下管网监测',
  '智能停车',
  '数字城管',
  '智慧医疗',
  '智慧社区',
  '政务云平台',
  '城市大脑',
  '环境监测',
  '智慧水务',
];
const DEPARTMENTS = ['市发展改革委', '市住房城乡建设局', '市工业和信息化局', '市大数据管理局', '市交通运输局'];
const WORKS = ['一期工程', '平台建设', '系统升级', '示范应用', '数据共享'];

interface Level3 {
  code: string;
  name: string;
  qualitative: boolean;
}

function reportStatus(r: number) {
  let x = r * 100;
  for (const [status, weight] of REPORT_STATUSES) if ((x -= weight) < 0) return status;
  return 'accepted';
}

/** Pilot n's task book content and reports; with `values` false the reports carry no indicator (the sizes beyond the values' 3,000). */
function programmeOf(seq: number, level3: Level3[], values: boolean, years: readonly number[]) {
  // a task book runs three to five years: its period is the first five of the reports' years
  const [first, last] = [years[0]!, Math.min(years.at(-1)!, years[0]! + 4)];
  const rnd = mulberry32(0x5c17 ^ Math.imul(seq, 0x85ebca6b));
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const items = level3.map((ind, k) => {
    const target = ind.qualitative ? true : Math.round(40 + rnd() * 60);
    return {
      id: `i${k + 1}`,
      category: ind.code.startsWith('1.') ? ('required' as const) : ('chosen' as const),
      indicatorCode: ind.code,
      name: ind.name,
      definition: '',
      unit: ind.qualitative ? '' : '%',
      baseline: { value: null, year: null },
      target,
      targetsByYear: Object.fromEntries(years.map((y) => [String(y), target])),
      method: '',
    };
  });
  const projects = Array.from({ length: 5 }, (_, k) => {
    const name = `${pick(PLACES)}${pick(THEMES)}${pick(WORKS)}`;
    const total = Math.round(rnd() * 5_000) * 10; // 万元, whole tens: the four shares stay exact
    return {
      id: `p${k + 1}`,
      name,
      content: `建设${name}，推进${pick(THEMES)}与${pick(THEMES)}的数据共享和业务协同。`,
      startYear: first,
      endYear: last,
      department: pick(DEPARTMENTS),
      totalInvestment: total,
      // half from government, a fifth each from social capital and banks, the rest other (sums to the total)
      funding: { government: total / 2, social: total / 5, bank: total / 5, other: total - total / 2 - (2 * total) / 5 },
      indicatorIds: [],
    };
  });
  const content: TaskBookContent = {
    // the sections nothing here varies (goals, platform, plan, organisation, guarantees) as the documents' sample has them
    ...SAMPLE.content,
    period: { startYear: first, endYear: last },
    tasks: { tasks: [{ name: '总体任务', content: `围绕${pick(THEMES)}和${pick(THEMES)}开展试点创建。` }], projects },
    indicators: { items: values ? items : [] },
  };
  const reports = years.map((year) => ({
    year,
    status: reportStatus(rnd()),
    content: {
      indicators: values
        ? items.map((i) => ({
            id: i.id,
            name: i.name,
            category: i.category,
            unit: i.unit,
            target: typeof i.target === 'number' ? i.target : null,
            // a qualitative indicator's answer: 1 met, 0 not yet
            actual:
              typeof i.target === 'number'
                ? Math.round(i.target * (0.6 + rnd() * 0.6) * 10) / 10
                : rnd() < 0.2 + (year - first) * 0.15
                  ? 1
                  : 0,
            source: '',
            quality: 'measured' as const,
            evidence: [],
          }))
        : [],
      projects: [],
      platform: '',
      narrative: '',
    },
  }));
  return { content, reports };
}

/**
 * Gives every pilot without a task book a signed one (its version, and sections 2 and 3 for the search index) and its
 * reports, one for each of `years`. The first `valuesUpTo` pilots (by the order of their ids' creation: batch, seq) get the 57 level-3
 * indicators and their values; pilots beyond get the books and reports without indicators. Multi-row INSERTs of
 * CHUNK pilots, one transaction each. Returns the task books added.
 */
export async function topUpProgramme(db: Db, valuesUpTo: number, years: readonly number[] = PROGRAMME_YEARS): Promise<string[]> {
  const level3 = (
    await db.execute<{ code: string; name: string; qualitative: boolean }>(
      sql`select ${indicators.code} as code, ${indicators.name} as name, ${indicators.qualitative} as qualitative
        from ${indicators} where ${indicators.level} = 3 order by ${indicators.sort}`,
    )
  ).rows as Level3[];
  const rows = (
    await db.execute<{ id: string; batch_id: string; n: number; with_book: boolean }>(sql`
      select p.id, p.batch_id, (row_number() over (order by b.year, p.seq))::int as n,
        exists (select 1 from ${taskBooks} t where t.pilot_id = p.id) as with_book
      from ${pilots} p join batches b on b.id = p.batch_id`)
  ).rows.filter((r) => !r.with_book);
  const added: string[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await db.transaction(async (tx) => {
      const books = await tx
        .insert(taskBooks)
        .values(chunk.map((p) => ({ pilotId: p.id, batchId: p.batch_id, status: 'signed' as const, currentVersion: 1 })))
        .returning({ id: taskBooks.id, pilotId: taskBooks.pilotId });
      const bookOf = new Map(books.map((b) => [b.pilotId, b.id]));
      const made = chunk.map((p) => ({ pilot: p, bookId: bookOf.get(p.id)!, ...programmeOf(p.n, level3, p.n <= valuesUpTo, years) }));
      await tx
        .insert(taskBookVersions)
        .values(made.map((m) => ({ taskBookId: m.bookId, pilotId: m.pilot.id, number: 1, content: m.content, digest: 'bench' })));
      await tx
        .insert(taskBookSections)
        .values(
          made.flatMap((m) =>
            TASK_BOOK_SECTIONS.map((s) => ({ taskBookId: m.bookId, pilotId: m.pilot.id, n: s.n, content: m.content[s.key] })),
          ),
        );
      await tx
        .insert(annualReports)
        .values(made.flatMap((m) => m.reports.map((r) => ({ pilotId: m.pilot.id, taskBookId: m.bookId, ...r }))));
      added.push(...made.map((m) => m.bookId));
    });
  }
  await db.execute(sql`analyze`);
  return added;
}
