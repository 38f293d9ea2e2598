import type { TaskBookContent } from '@smartcity/domain';

const REQUIRED = ['1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '1.2.1', '1.2.2', '1.2.3', '1.3.1', '1.3.2', '1.3.3'];
/** Of these, the quantitative ones (data/indicator-systems/2012.json); the others take yes/no targets. */
export const QUANTITATIVE_REQUIRED = ['1.2.1', '1.2.2', '1.2.3'];

/** A complete task book for a creation period, as a pilot editor would fill it in (tests only). */
export function completeContent(startYear = 2013, endYear = startYear + 2): TaskBookContent {
  const years = Array.from({ length: endYear - startYear + 1 }, (_, i) => startYear + i);
  const byYear = (f: (i: number) => number) => Object.fromEntries(years.map((y, i) => [String(y), f(i)]));
  return {
    goals: {
      overall: '以城市公共信息平台为核心，建成集约、智能、绿色、低碳的智慧城市。',
      targets: [{ description: '政务信息资源共享率', value: 90, unit: '%' }],
    },
    tasks: {
      tasks: [{ name: '城市公共信息平台建设', content: '整合现有信息资源和应用系统，实现跨部门数据共享。' }],
      projects: [
        {
          id: 'p1',
          name: '城市公共信息平台一期',
          content: '建设数据交换共享系统与城市公共基础数据库。',
          totalInvestment: 12000,
          funding: { government: 6000, social: 4000, bank: 2000, other: 0 },
          department: '市经济和信息化委员会',
          startYear,
          endYear,
          indicatorIds: ['i-1.3.2'],
        },
      ],
    },
    indicators: {
      items: [
        ...REQUIRED.map((code, i) => ({
          id: `i-${code}`,
          category: 'required' as const,
          indicatorCode: code,
          name: `规定项 ${code}`,
          definition: '',
          method: '查阅资料与现场核查',
          ...(QUANTITATIVE_REQUIRED.includes(code)
            ? { unit: '%', baseline: { value: 10 + i, year: startYear - 1 }, target: 90, targetsByYear: byYear((k) => 30 + k * 30) }
            : {
                unit: '',
                baseline: { value: null, year: null },
                target: true,
                targetsByYear: Object.fromEntries(years.map((y) => [String(y), true])),
              }),
        })),
        {
          id: 'inno-1',
          category: 'innovative' as const,
          indicatorCode: null,
          name: '市民卡应用覆盖率',
          definition: '持卡市民占常住人口的比例',
          unit: '%',
          baseline: { value: 20, year: startYear - 1 },
          target: 80,
          targetsByYear: byYear((k) => 40 + k * 20),
          method: '统计报表',
        },
      ],
    },
    platform: {
      framework: '“一个平台、两个中心、多项应用”的总体框架。',
      structure: '基础设施层、数据层、支撑层、应用层。',
      functions: '数据交换、共享目录、身份认证、服务总线。',
      systems: [{ name: '数字化城市管理系统', services: '城市部件与事件的发现、处置和考核。' }],
      operation: '由市信息中心运营，政府购买服务。',
    },
    plan: { years: years.map((year, i) => ({ year, goals: `第 ${i + 1} 年阶段目标`, work: `第 ${i + 1} 年工作计划` })) },
    organisation: {
      leadingGroup: { head: '市长', members: '各相关委办局主要负责人' },
      office: { name: '智慧城市试点工作实施管理办公室', director: '常务副市长' },
      departments: [{ name: '市住房和城乡建设局', duties: '城市建设管理类项目' }],
      responsible: { name: '王明', title: '副市长', phone: '0510-12345678', email: 'smartcity@example.gov.cn' },
    },
    guarantees: {
      policy: '出台智慧城市建设管理办法。',
      funding: '设立专项资金。',
      technology: '与高校共建实验室。',
      talent: '引进信息化人才。',
    },
    period: { startYear, endYear },
  };
}
