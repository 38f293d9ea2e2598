import type { TaskBookDocument, TaskIndicator } from '@smartcity/domain';
import { canonicalJson, sm3 } from '../lib/canonical.js';
import { dataFiles, type IndicatorNodeFile } from '../seed/data-files.js';

export interface SampleOptions {
  projects?: number;
  indicators?: number;
  /** length of the creation period from 2013: 3 to 5 */
  years?: number;
  /** all three parties have signed (the default), or none has */
  signed?: boolean;
}

const START = 2013;

const PROJECTS: [name: string, content: string, department: string][] = [
  [
    '城市公共信息平台',
    '建设全市统一的城市公共信息平台，整合人口、法人、空间地理、宏观经济四大基础数据库，提供数据交换、共享和服务接口。',
    '市经济和信息化委员会',
  ],
  ['城市公共基础数据库', '建设人口、法人、地理空间和宏观经济基础数据库，建立数据采集、更新和质量管理机制。', '市经济和信息化委员会'],
  [
    '数字化城市管理系统升级',
    '扩展数字城管覆盖范围至全市建成区，接入市政设施、市容环卫、园林绿化等部件事件，建立考核评价体系。',
    '市城市管理局',
  ],
  [
    '智能交通综合管理平台',
    '建设交通信号优化控制、交通诱导、公交智能调度和停车诱导系统，实现交通运行监测和预测预警。',
    '市公安局交通警察支队',
  ],
  ['智慧水务', '建设供水管网压力流量在线监测、漏损控制和水质监测系统，实现从水源到龙头的全过程管理。', '市水利局'],
  ['太湖蓝藻水质监测预警', '在太湖无锡水域布设水质自动监测站和物联网感知设备，建立蓝藻水华预测预警和应急处置系统。', '市环境保护局'],
  ['地下管线综合管理信息系统', '开展地下管线普查，建设地下管线三维信息系统，实现管线数据动态更新和共享。', '市规划局'],
  ['智慧医疗与区域卫生信息平台', '建设居民电子健康档案和电子病历共享平台，推进预约挂号、远程会诊和检查结果互认。', '市卫生局'],
  ['市民卡工程', '发行集社会保障、公共交通、小额支付和身份认证于一体的市民卡，拓展到医疗、图书馆和公园等场景。', '市人力资源和社会保障局'],
  ['智慧社区综合服务', '在 100 个社区建设社区综合服务平台，提供居家养老、社区医疗、便民缴费和物业服务。', '市民政局'],
  [
    '电子政务外网与网上办事大厅',
    '完善电子政务外网，建设网上办事大厅，行政审批事项网上办理，实现并联审批和电子监察。',
    '市行政审批服务中心',
  ],
  ['智慧教育云平台', '建设教育资源公共服务平台和教育管理信息系统，实现优质教育资源共享和校园网络全覆盖。', '市教育局'],
  ['智慧能源管理', '建设重点用能单位能耗在线监测平台，推进智能电网和公共建筑能耗分项计量。', '市发展和改革委员会'],
  ['物联网应用示范园区', '以无锡国家传感网创新示范区为依托，建设物联网应用示范园区和公共技术服务平台。', '市物联网发展办公室'],
  ['智慧安监与应急指挥', '建设城市应急指挥平台，整合公安、消防、安监、气象等部门资源，实现突发事件统一指挥调度。', '市应急管理办公室'],
  ['城市光网与无线城市', '推进光纤到户，实现城镇家庭宽带接入能力达到 20 Mbps，重点公共区域免费无线局域网覆盖。', '市经济和信息化委员会'],
  ['智慧旅游服务平台', '建设旅游信息服务平台、景区智能导览和客流监测系统，提供一站式旅游信息服务。', '市旅游局'],
  ['食品安全追溯系统', '建设肉类、蔬菜流通追溯体系，实现食品从生产到消费全过程可追溯。', '市商务局'],
  ['智慧园林与绿化管理', '建设园林绿化信息管理系统，实现古树名木、公园绿地的数字化管理和养护监管。', '市市政和园林局'],
  ['建筑节能与绿色建筑监管平台', '建设建筑能耗监测平台，对新建建筑节能设计、施工、验收全过程进行信息化监管。', '市住房和城乡建设局'],
];

const INNOVATIVE = ['物联网感知节点覆盖率', '市民卡持卡率', '城市运行体征指数发布频次', '太湖水质自动监测站点数', '企业上云数量'];
const METHODS = ['查阅相关文件并现场核查', '统计部门年度数据核验', '系统运行数据抽查', '问卷调查与第三方评估', '查看平台运行记录'];

/** A deterministic, realistic task book of 无锡市 (a batch-1 pilot), for tests and the benchmark. */
export function sampleTaskBook({ projects = 20, indicators = 40, years = 5, signed = true }: SampleOptions = {}): TaskBookDocument {
  const endYear = START + years - 1;
  const yearList = Array.from({ length: years }, (_, i) => START + i);
  const level3 = indicatorLeaves(dataFiles.indicatorSystem2012().items);
  const items = Array.from({ length: indicators }, (_, i) => sampleIndicator(i, level3, yearList));
  const signedOn = '2013-02-20';

  const doc: TaskBookDocument = {
    pilotName: '无锡市',
    governmentName: '无锡市人民政府',
    provinceDeptName: '江苏省住房和城乡建设厅',
    ministryName: '住房和城乡建设部',
    version: 1,
    indicatorNames: Object.fromEntries(level3.map((n) => [n.code, n.name])),
    signatures: signed
      ? {
          ministry: { name: '张建华', title: '副部长', signedOn },
          pilot: { name: '王志明', title: '市长', signedOn },
          province: { name: '陈国强', title: '厅长', signedOn },
        }
      : {},
    date: signed ? signedOn : '2013-01-28',
    verification: null,
    content: {
      goals: {
        overall:
          `以建设国家智慧城市试点为契机，围绕“感知无锡、智慧城市”的总体定位，到 ${endYear} 年基本建成覆盖全市的城市公共信息平台和基础数据库，` +
          '形成智能、协同、高效、安全的城市运行管理体系和惠民利民的公共服务应用体系。\n' +
          '推动物联网、云计算等新一代信息技术在城市规划、建设、管理和服务中的深度应用，促进工业化、城镇化与信息化的高度融合。',
        targets: [
          { description: '城镇家庭宽带接入能力', value: 20, unit: 'Mbps' },
          { description: '重点公共区域无线局域网覆盖率', value: 95, unit: '%' },
          { description: '行政审批事项网上办理率', value: 90, unit: '%' },
          { description: '居民电子健康档案建档率', value: 85, unit: '%' },
          { description: '数字化城市管理覆盖建成区面积比例', value: 100, unit: '%' },
          { description: '建成城市公共信息平台并稳定运行', value: null, unit: '' },
        ],
      },
      tasks: {
        tasks: [
          { name: '夯实信息基础设施', content: '推进光纤到户和无线城市建设，完善电子政务外网，建设城市云计算中心。' },
          { name: '建设城市公共信息平台', content: '整合基础数据库和部门业务数据，建立数据共享交换机制，为各业务应用系统提供统一支撑。' },
          {
            name: '提升城市建设和管理智能化水平',
            content: '推进数字城管、地下管线、智慧水务、建筑节能等系统建设，提高城市精细化管理水平。',
          },
          { name: '完善公共服务应用体系', content: '建设智慧医疗、智慧教育、智慧社区和市民卡工程，提高公共服务便利化水平。' },
          { name: '发展智慧产业', content: '依托国家传感网创新示范区，培育物联网、云计算和软件服务业，带动产业转型升级。' },
        ],
        projects: Array.from({ length: projects }, (_, i) => {
          const [name, content, department] = PROJECTS[i % PROJECTS.length]!;
          const round = Math.floor(i / PROJECTS.length);
          // whole 万元 with the remainder in 其他, so the split always sums to the total exactly
          const total = 1200 + ((i * 7919) % 48) * 500;
          const government = Math.round(total * 0.4);
          const social = Math.round(total * 0.25);
          const bank = Math.round(total * 0.2);
          const startYear = START + (i % Math.max(1, years - 2));
          return {
            id: `prj-${i + 1}`,
            name: round ? `${name}（${round + 1}期）` : name,
            content,
            totalInvestment: total,
            funding: { government, social, bank, other: total - government - social - bank },
            department,
            startYear,
            endYear: Math.min(endYear, startYear + 2),
            indicatorIds: items.length ? [items[i % items.length]!.id] : [],
          };
        }),
      },
      indicators: { items },
      platform: {
        framework: '平台采用“一中心、一平台、多应用”的总体框架：建设城市云数据中心，搭建城市公共信息平台，支撑各部门业务应用。',
        structure: '平台分为基础设施层、数据资源层、服务支撑层和应用层，并建立标准规范体系和信息安全保障体系。',
        functions: '提供数据交换与共享、统一身份认证、地理信息服务、数据分析和决策支持等功能。',
        systems: [
          { name: '数字化城市管理系统', services: '城市部件事件采集、派遣、处置和考核评价。' },
          { name: '智能交通系统', services: '交通信号控制、交通诱导和公交智能调度。' },
          { name: '区域卫生信息系统', services: '电子健康档案、预约挂号和远程会诊。' },
          { name: '网上办事大厅', services: '行政审批事项网上申报、并联审批和结果查询。' },
          { name: '市民卡系统', services: '社保、交通、小额支付和身份认证一卡通。' },
        ],
        operation: '平台由市政府授权的国有独资公司负责建设和运营维护，采取政府购买服务方式，社会资本参与增值服务开发。',
      },
      plan: {
        years: yearList.map((year, i) => ({
          year,
          goals: [
            '完成顶层设计，启动平台建设',
            '基础数据库建成，重点项目全面实施',
            '平台投入运行，主要应用系统上线',
            '应用推广，完善运营机制',
            '全面完成创建任务，迎接评估验收',
          ][i]!,
          work: [
            '编制智慧城市总体规划和实施方案，成立领导小组和管理办公室，开展地下管线普查。',
            '建设城市公共信息平台和基础数据库，推进数字城管和智能交通项目。',
            '上线区域卫生、网上办事大厅和市民卡系统，开展平台试运行。',
            '推广智慧社区和智慧教育应用，建立平台运营和考核机制。',
            '总结试点经验，完成全部考核指标，提交验收材料。',
          ][i]!,
        })),
      },
      organisation: {
        leadingGroup: {
          head: '无锡市市长',
          members: '分管副市长任副组长，市发展改革委、经信委、财政局、住房城乡建设局、规划局等部门主要负责人为成员。',
        },
        office: { name: '无锡市智慧城市建设领导小组办公室', director: '市经济和信息化委员会主任' },
        departments: [
          { name: '市经济和信息化委员会', duties: '负责试点的统筹协调和城市公共信息平台建设。' },
          { name: '市住房和城乡建设局', duties: '负责建筑节能、绿色建筑和房产管理信息化。' },
          { name: '市规划局', duties: '负责地理空间数据库和地下管线信息系统。' },
          { name: '市财政局', duties: '负责试点资金的筹措、安排和监督管理。' },
          { name: '市城市管理局', duties: '负责数字化城市管理系统建设和运行。' },
        ],
        responsible: { name: '刘建平', title: '无锡市副市长', phone: '0510-81234567', email: 'smartcity@wuxi.gov.cn' },
      },
      guarantees: {
        policy: '出台加快智慧城市建设的实施意见，制定信息资源共享管理办法和数据开放目录。',
        funding: '市财政每年安排智慧城市建设专项资金，积极争取国家和省级资金支持，引导社会资本和银行贷款投入。',
        technology: '依托国家传感网创新示范区和高校、科研院所，建立智慧城市技术支撑体系和标准规范。',
        talent: '实施信息化人才引进计划，开展公务人员信息化培训，建立智慧城市专家咨询委员会。',
      },
      period: { startYear: START, endYear },
    },
  };
  // signed, it carries its digest and a verification link as the service makes them
  if (signed) doc.verification = { digest: sm3(canonicalJson(doc.content)), url: `${SAMPLE_PUBLIC_URL}/verify/${SAMPLE_VERSION_ID}` };
  return doc;
}

export const SAMPLE_PUBLIC_URL = 'https://smartcity.example.gov.cn';
const SAMPLE_VERSION_ID = '3f1c2a4e-8b7d-4c6e-9a5f-0e1d2c3b4a59';

function sampleIndicator(i: number, level3: IndicatorNodeFile[], years: number[]): TaskIndicator {
  // six 规定项, three 自选项, one 创新项 in every ten, as a typical pilot mixes them
  const category: TaskIndicator['category'] = i % 10 < 6 ? 'required' : i % 10 < 9 ? 'chosen' : 'innovative';
  const node = level3[i % level3.length]!;
  const baseline = 20 + ((i * 37) % 50);
  const target = Math.min(100, baseline + 20 + (i % 15));
  const innovative = category === 'innovative';
  return {
    id: `ind-${i + 1}`,
    category,
    indicatorCode: innovative ? null : node.code,
    name: innovative ? INNOVATIVE[Math.floor(i / 10) % INNOVATIVE.length]! : node.name,
    definition: '',
    unit: '%',
    baseline: { value: baseline, year: 2012 },
    target,
    // a straight line from the baseline to the target, reached in the last year
    targetsByYear: Object.fromEntries(
      years.map((y, k) => [String(y), Math.round(baseline + ((target - baseline) * (k + 1)) / years.length)]),
    ),
    method: METHODS[i % METHODS.length]!,
  };
}

function indicatorLeaves(nodes: IndicatorNodeFile[]): IndicatorNodeFile[] {
  return nodes.flatMap((n) => (n.children?.length ? indicatorLeaves(n.children) : [n]));
}
