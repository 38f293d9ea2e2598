import {
  CATEGORY_LABEL,
  INDICATOR_CATEGORIES,
  PARTY_LABEL,
  SIGNING_PARTIES,
  TASK_BOOK_SECTIONS,
  TASK_BOOK_TITLE,
  sectionHeading,
  targetText,
  type DocumentVerification,
  type KeyProject,
  type TargetValue,
  type SectionKey,
  type TaskBookDocument,
} from '@smartcity/domain';

/**
 * The task book as a renderer-neutral list of blocks: the DOCX and PDF renderers only decide how a block looks,
 * never what it says, so the two files cannot drift apart.
 */
export type Block =
  | { kind: 'cover'; title: string; lines: string[]; issuer: string; date: string }
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'caption'; text: string }
  | { kind: 'table'; columns: Column[]; header: string[]; rows: Row[] }
  /** Wide tables get landscape pages; the marker starts a new page in the given orientation. */
  | { kind: 'orientation'; value: 'portrait' | 'landscape' }
  | { kind: 'signatures'; parties: SignatureParty[] }
  /** a signed document's SM3 digest and verification link (printed with its QR code) */
  | { kind: 'verification'; digest: string; url: string };

/** What a renderer needs besides the blocks: the file's title and author, and whether to watermark it 草稿. */
export interface DocumentMeta {
  title: string;
  author: string;
  draft: boolean;
}

/** Columns share out the text width by `weight`. */
export interface Column {
  weight: number;
  align?: 'left' | 'center' | 'right';
}
export interface Row {
  cells: string[];
  /** the 合计 row */
  total?: boolean;
}
export interface SignatureParty {
  /** `无锡市人民政府（乙方）：` */
  party: string;
  /** `负责人（签字）：` */
  signLabel: string;
  /** name and title once signed; null leaves the underlined blank to sign on paper */
  signatory: string | null;
  seal: string;
  /** `2013 年 2 月 20 日`, or the blank `年 月 日` */
  date: string;
}

export const BLANK_DATE = '年    月    日';
const EMPTY = '—';

export function taskBookBlocks(doc: TaskBookDocument): Block[] {
  const blocks: Block[] = [
    {
      kind: 'cover',
      title: TASK_BOOK_TITLE,
      lines: [doc.pilotName, `第 ${doc.version} 版`],
      issuer: doc.ministryName,
      date: chineseDate(doc.date),
    },
  ];
  for (const section of TASK_BOOK_SECTIONS) {
    blocks.push({ kind: 'heading', level: 1, text: sectionHeading(section) }, ...SECTION_BODIES[section.key](doc));
  }
  blocks.push({ kind: 'signatures', parties: signatureParties(doc) }, ...verificationBlocks(doc.verification));
  return blocks;
}

export const taskBookMeta = (doc: TaskBookDocument): DocumentMeta => ({
  title: `${doc.pilotName}${TASK_BOOK_TITLE}`,
  author: doc.governmentName,
  draft: doc.verification === null,
});

export const verificationBlocks = (v: DocumentVerification | null): Block[] => (v ? [{ kind: 'verification', ...v }] : []);

const SECTION_BODIES: Record<SectionKey, (doc: TaskBookDocument) => Block[]> = {
  goals: ({ content: { goals } }) => [
    ...paragraphs(goals.overall),
    ...(goals.targets.length ? [para('量化目标：')] : []),
    ...goals.targets.map((t, i) => para(`${i + 1}. ${t.description}${t.value === null ? '' : `：${num(t.value)}${t.unit}`}`)),
  ],

  tasks: ({ content: { tasks, indicators } }) => {
    const amounts = (p: KeyProject) => [p.totalInvestment, p.funding.government, p.funding.social, p.funding.bank, p.funding.other];
    const totals = tasks.projects.reduce((sum, p) => sum.map((v, k) => v + amounts(p)[k]!), [0, 0, 0, 0, 0]);
    // projects point at indicators by id; the reader knows them by code (创新项, which have none, by name)
    const indicatorLabel = new Map(indicators.items.map((i) => [i.id, i.indicatorCode ?? i.name]));
    return [
      ...tasks.tasks.flatMap((t, i) => [heading2(i, t.name), ...paragraphs(t.content)]),
      { kind: 'orientation', value: 'landscape' },
      { kind: 'caption', text: '表 1  重点项目一览表' },
      {
        kind: 'table',
        // weights are points of a landscape page's 689 pt text width: amounts like 「24,700」 fit one line at 四号
        columns: [
          c(28, 'center'),
          c(75),
          c(176),
          ...Array.from({ length: 5 }, () => c(50, 'right')),
          c(70),
          c(45, 'center'),
          c(45, 'center'),
        ],
        header: [
          '序号',
          '项目名称',
          '建设内容',
          '总投资（万元）',
          '政府投资',
          '社会资本',
          '银行贷款',
          '其他',
          '责任部门',
          '起止年份',
          '关联指标',
        ],
        rows: [
          ...tasks.projects.map((p, i) => ({
            cells: [
              String(i + 1),
              p.name,
              p.content,
              ...amounts(p).map(num),
              p.department,
              p.startYear === p.endYear ? String(p.startYear) : `${p.startYear}–${p.endYear}`,
              p.indicatorIds.map((id) => indicatorLabel.get(id) ?? id).join('、') || EMPTY,
            ],
          })),
          { total: true, cells: ['', '合计', '', ...totals.map(num), '', '', ''] },
        ],
      },
    ];
  },

  indicators: ({ content: { indicators, period }, indicatorNames }) => {
    const years = periodYears(period);
    // 规定项, then 自选项, then 创新项, as 三's heading asks them described
    const items = [...indicators.items].sort((a, b) => INDICATOR_CATEGORIES.indexOf(a.category) - INDICATOR_CATEGORIES.indexOf(b.category));
    return [
      { kind: 'caption', text: '表 2  考核指标一览表' },
      {
        kind: 'table',
        columns: [c(52, 'center'), c(120), c(36, 'center'), c(66, 'center'), c(52, 'right'), ...years.map(() => c(44, 'right')), c(143)],
        header: ['类别', '指标名称', '单位', '基准值（年份）', '目标值', ...years.map((y) => `${y} 年`), '考核方法'],
        rows: items.map((i) => ({
          cells: [
            CATEGORY_LABEL[i.category],
            i.indicatorCode === null ? i.name : `${i.indicatorCode} ${indicatorNames[i.indicatorCode] ?? i.name}`,
            i.unit || EMPTY,
            i.baseline.value === null ? EMPTY : `${num(i.baseline.value)}${i.baseline.year === null ? '' : `\n（${i.baseline.year}）`}`,
            optTarget(i.target),
            ...years.map((y) => optTarget(i.targetsByYear[String(y)] ?? null)),
            i.method || EMPTY,
          ],
        })),
      },
      { kind: 'orientation', value: 'portrait' },
    ];
  },

  platform: ({ content: { platform } }) => [
    heading2(0, '平台框架'),
    ...paragraphs(platform.framework),
    heading2(1, '平台结构'),
    ...paragraphs(platform.structure),
    heading2(2, '平台功能'),
    ...paragraphs(platform.functions),
    heading2(3, '业务应用系统和服务'),
    ...platform.systems.flatMap((s, i) => paragraphs(`${i + 1}. ${s.name}：${s.services}`)),
    heading2(4, '运营方式'),
    ...paragraphs(platform.operation),
  ],

  plan: ({ content: { plan } }) => [
    {
      kind: 'table',
      columns: [c(2, 'center'), c(7), c(11)],
      header: ['年度', '阶段目标', '工作计划'],
      rows: plan.years.map((y) => ({ cells: [`${y.year} 年`, y.goals, y.work] })),
    },
  ],

  organisation: ({ content: { organisation: o } }) => [
    heading2(0, '领导小组'),
    para(`组长：${o.leadingGroup.head || EMPTY}`),
    ...paragraphs(`成员：${o.leadingGroup.members || EMPTY}`),
    heading2(1, '试点工作实施管理办公室'),
    para(`名称：${o.office.name || EMPTY}；主任：${o.office.director || EMPTY}`),
    heading2(2, '成员单位及职责'),
    {
      kind: 'table',
      columns: [c(2, 'center'), c(6), c(14)],
      header: ['序号', '成员单位', '职责'],
      rows: o.departments.map((d, i) => ({ cells: [String(i + 1), d.name, d.duties] })),
    },
    heading2(3, '行政责任人'),
    para(`姓名：${o.responsible.name || EMPTY}；职务：${o.responsible.title || EMPTY}`),
    para(`联系电话：${o.responsible.phone || EMPTY}；电子邮箱：${o.responsible.email || EMPTY}`),
  ],

  guarantees: ({ content: { guarantees: g } }) => [
    heading2(0, '政策保障'),
    ...paragraphs(g.policy),
    heading2(1, '资金保障'),
    ...paragraphs(g.funding),
    heading2(2, '技术保障'),
    ...paragraphs(g.technology),
    heading2(3, '人才保障'),
    ...paragraphs(g.talent),
  ],

  period: ({ content: { period } }) => [
    para(`${period.startYear} 年至 ${period.endYear} 年（共 ${period.endYear - period.startYear + 1} 年）`),
  ],
};

function signatureParties(doc: TaskBookDocument): SignatureParty[] {
  const names = { ministry: doc.ministryName, pilot: doc.governmentName, province: doc.provinceDeptName };
  return SIGNING_PARTIES.map((p) => {
    const signed = doc.signatures[p];
    return {
      party: `${names[p]}（${PARTY_LABEL[p]}）：`,
      signLabel: '负责人（签字）：',
      signatory: signed ? `${signed.name}（${signed.title}）` : null,
      seal: '（公 章）',
      date: signed ? chineseDate(signed.signedOn) : BLANK_DATE,
    };
  });
}

/** `2013-02-20` (or a full ISO timestamp) → `2013 年 2 月 20 日` */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return `${m[1]} 年 ${Number(m[2])} 月 ${Number(m[3])} 日`;
}

const periodYears = ({ startYear, endYear }: { startYear: number; endYear: number }) =>
  Array.from({ length: endYear - startYear + 1 }, (_, i) => startYear + i);

const heading2 = (i: number, text: string): Block => ({ kind: 'heading', level: 2, text: `（${chineseNumeral(i + 1)}）${text}` });
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1–99 as 公文 counts sub-headings: 一 … 十, 十一, 二十三 */
const chineseNumeral = (n: number) => {
  const tens = Math.floor(n / 10);
  return `${tens > 1 ? DIGITS[tens] : ''}${tens ? '十' : ''}${DIGITS[n % 10]}`;
};
const para = (text: string): Block => ({ kind: 'paragraph', text });
/** One paragraph per line of user prose; blank lines are spacing, not paragraphs. */
export const paragraphs = (prose: string): Block[] =>
  prose
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(para);
const c = (weight: number, align: Column['align'] = 'left'): Column => ({ weight, align });
/** 万元 amounts and indicator values: grouped thousands, at most two decimals. */
const num = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
/** A target as printed: the number in the document's style, 是/否 or the text of a qualitative one. */
const optTarget = (v: TargetValue) => (v === null ? EMPTY : typeof v === 'number' ? num(v) : targetText(v));
