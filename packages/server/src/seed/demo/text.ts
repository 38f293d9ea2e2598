import { createHash } from 'node:crypto';
import type { TaskBookContent } from '@smartcity/domain';

/**
 * Deterministic demo text: the same seeding date gives the same programme, a later one a different but equally
 * plausible mix. Plain word lists, not lorem ipsum: government staff judge the product by what they read in it.
 */
export class DemoRandom {
  private state: number;
  constructor(seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  }
  /** mulberry32: small, fast, and the same on every Node version */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

const PROJECTS = [
  ['城市公共信息平台', '建设数据交换共享系统与人口、法人、空间地理、宏观经济四大基础数据库，实现跨部门数据共享。', '市大数据管理局'],
  ['智慧交通综合管理', '建设交通运行监测中心，整合公交、出租车和道路视频数据，发布实时路况。', '市交通运输局'],
  ['数字化城市管理', '完善网格化城市管理系统，实现城市部件事件发现、派遣、处置、核查闭环管理。', '市城市管理局'],
  ['智慧社区服务', '建设社区综合服务平台，为居民提供社保、医疗、养老等一站式服务。', '市民政局'],
  ['地下管线综合管理', '普查地下管线，建设管线综合信息系统并实现动态更新。', '市住房和城乡建设局'],
  ['市民卡工程', '发行集社保、公交、小额支付于一体的市民卡。', '市人力资源和社会保障局'],
  ['智慧医疗', '建设区域卫生信息平台和居民电子健康档案，实现检查结果互认。', '市卫生健康委员会'],
  ['智慧水务', '建设供水管网漏损监测和水质在线监测系统。', '市水务局'],
  ['建筑节能监管', '建设公共建筑能耗监测平台，对大型公共建筑实施分项计量。', '市住房和城乡建设局'],
  ['智慧政务', '建设网上办事大厅，推进行政审批事项网上办理。', '市政务服务管理办公室'],
] as const;

const INNOVATIVE = [
  ['市民卡应用覆盖率', '持卡市民占常住人口的比例'],
  ['公共自行车站点覆盖率', '建成区公共自行车站点 300 米服务半径覆盖面积比例'],
  ['网上办事比例', '行政审批事项可网上办理的比例'],
  ['居民电子健康档案建档率', '建立电子健康档案的常住人口比例'],
] as const;

const REQUIRED = ['1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '1.2.1', '1.2.2', '1.2.3', '1.3.1', '1.3.2', '1.3.3'];

/** A task book a pilot government would plausibly write for its creation period, varied per pilot. */
export function demoTaskBook(
  r: DemoRandom,
  city: string,
  system: Map<string, { name: string; qualitative: boolean }>,
  startYear: number,
): TaskBookContent {
  const endYear = startYear + 2;
  const years = [startYear, startYear + 1, endYear];
  const byYear = (f: (i: number) => number) => Object.fromEntries(years.map((y, i) => [String(y), f(i)]));
  const chosen = r.shuffle(PROJECTS.slice(1)).slice(0, r.int(2, 4));
  const projects = [PROJECTS[0], ...chosen].map(([name, content, department], i) => {
    const total = r.int(8, 60) * 500;
    const government = Math.round(total * r.int(3, 6) * 0.1);
    const bank = Math.round((total - government) * r.int(0, 5) * 0.1);
    return {
      id: `p${i + 1}`,
      name: `${city}${name}${i === 0 ? '一期' : ''}`,
      content,
      totalInvestment: total,
      funding: { government, social: total - government - bank, bank, other: 0 },
      department,
      startYear,
      endYear,
      indicatorIds: i === 0 ? ['i-1.3.1', 'i-1.3.2'] : [],
    };
  });
  const [innoName, innoDefinition] = r.pick(INNOVATIVE);
  const share = r.int(60, 95);
  return {
    goals: {
      overall: `以城市公共信息平台为核心，到 ${endYear} 年把${city}建成集约、智能、绿色、低碳的智慧城市。`,
      targets: [
        { description: '政务信息资源共享率', value: share, unit: '%' },
        { description: '城市公共信息平台接入部门数', value: r.int(20, 45), unit: '个' },
      ],
    },
    tasks: {
      tasks: [
        { name: '夯实智慧城市基础设施', content: '推进光纤到户和城市无线网络覆盖，建设城市公共信息平台。' },
        { name: '提升城市管理和公共服务水平', content: '以数字化城市管理、智慧交通、智慧社区为重点，提高城市运行效率。' },
      ],
      projects,
    },
    indicators: {
      items: [
        ...REQUIRED.map((code, i) => ({
          id: `i-${code}`,
          category: 'required' as const,
          indicatorCode: code,
          name: system.get(code)?.name ?? code,
          definition: '',
          method: r.pick(['查阅资料与现场核查', '统计报表', '抽样调查']),
          // a qualitative indicator (组织机构, 信息安全 …) is met or not: its targets are yes, not a number
          ...(system.get(code)?.qualitative
            ? {
                unit: '',
                baseline: { value: null, year: null },
                target: true,
                targetsByYear: Object.fromEntries(years.map((y) => [String(y), true])),
              }
            : {
                unit: '%',
                baseline: { value: r.int(5, 40), year: startYear - 1 },
                target: r.int(80, 100),
                targetsByYear: byYear((k) => 30 + k * 25 + (i % 3) * 5),
              }),
        })),
        {
          id: 'inno-1',
          category: 'innovative' as const,
          indicatorCode: null,
          name: innoName,
          definition: innoDefinition,
          unit: '%',
          baseline: { value: r.int(10, 30), year: startYear - 1 },
          target: r.int(70, 95),
          targetsByYear: byYear((k) => 40 + k * 20),
          method: '统计报表',
        },
      ],
    },
    platform: {
      framework: '“一个平台、两个中心、多项应用”的总体框架。',
      structure: '基础设施层、数据层、支撑层、应用层，以及标准规范和安全保障两个体系。',
      functions: '数据交换、共享目录、身份认证、服务总线、空间信息服务。',
      systems: [
        { name: '数字化城市管理系统', services: '城市部件与事件的发现、处置和考核。' },
        { name: '城市运行监测中心', services: '交通、环境、能源运行数据的汇聚与展示。' },
      ],
      operation: r.pick(['由市信息中心运营，政府购买服务。', '组建国有控股的智慧城市运营公司，市场化运作。']),
    },
    plan: {
      years: years.map((year, i) => ({
        year,
        goals: ['完成顶层设计，启动平台建设', '平台上线运行，重点应用初见成效', '全面达到创建目标，迎接验收'][i]!,
        work: ['编制专项规划和标准规范，完成一期招标', '接入主要委办局数据，推广市民卡和网上办事', '完善运营机制，开展自评价'][i]!,
      })),
    },
    organisation: {
      leadingGroup: { head: '市长', members: '各相关委办局主要负责人' },
      office: { name: '智慧城市试点工作实施管理办公室', director: '常务副市长' },
      departments: [
        { name: '市住房和城乡建设局', duties: '城市建设管理类项目' },
        { name: '市发展和改革委员会', duties: '项目立项与资金统筹' },
      ],
      responsible: {
        name: r.pick(['王明', '李强', '张华', '刘洋', '陈刚', '杨帆']),
        title: '副市长',
        phone: `0${r.int(100, 999)}-${r.int(10000000, 89999999)}`,
        email: 'smartcity@example.gov.cn',
      },
    },
    guarantees: {
      policy: '出台智慧城市建设管理办法和政务信息资源共享管理办法。',
      funding: `市财政设立智慧城市专项资金，每年安排 ${r.int(2, 10) * 1000} 万元。`,
      technology: '与高校和科研院所共建智慧城市联合实验室。',
      talent: '引进信息化领军人才，开展公务人员信息化培训。',
    },
    period: { startYear, endYear },
  };
}

export const RETURN_OPINIONS = [
  '第三部分指标体系中部分指标目标值偏低，请结合本地实际调整。',
  '重点项目的资金来源不明确，请补充社会资本和银行贷款的落实情况。',
  '城市公共信息平台建设方案过于原则，请细化数据共享的范围和方式。',
  '年度实施计划与总体目标不衔接，请补充分年度的可考核目标。',
];
export const FINDINGS = [
  ['数据共享机制尚未建立', '城市公共信息平台已建成，但各委办局数据接入不足三成，缺少共享管理办法。'],
  ['项目进度滞后', '地下管线普查项目未按年度计划完成，进度约为计划的一半。'],
  ['专项资金拨付不及时', '市级专项资金到位率偏低，部分项目依靠施工单位垫资。'],
  ['档案资料不完整', '部分项目缺少验收资料和绩效评价记录。'],
] as const;
