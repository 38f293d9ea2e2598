import type { HolidayCalendarData } from '@smartcity/domain';
import { readFileSync } from 'node:fs';
import { DATA_DIR } from '../paths.js';

const read = <T>(name: string): T => JSON.parse(readFileSync(DATA_DIR + name, 'utf8')) as T;

export interface ProvinceFile {
  items: {
    code: string;
    name: string;
    shortName: string;
    kind: string;
    mainland: boolean;
    government: string | null;
    housingDepartment: string | null;
  }[];
}
export interface ExtraDepartmentsFile {
  items: { code: string; name: string; provinceCode: string; kind: string }[];
}
export interface PilotsFile {
  batch: { year: number; name: string; title: string; announcedOn: string; documentNo: string; taskBookDeadline: string };
  provinces: {
    provinceCode: string;
    heading: string;
    pilots: {
      publishedName: string;
      officialName: string | null;
      adminCode: string | null;
      kind: string;
      officialCategory?: string;
      note?: string;
    }[];
  }[];
}
export interface IndicatorNodeFile {
  code: string;
  name: string;
  uncertain?: boolean;
  qualitative?: boolean;
  children?: IndicatorNodeFile[];
}
export interface IndicatorSystemFile {
  code: string;
  name: string;
  version: string;
  issuedBy: string;
  source: string;
  items: IndicatorNodeFile[];
}

export const dataFiles = {
  provinces: () => read<ProvinceFile>('provinces.json'),
  extraDepartments: () => read<ExtraDepartmentsFile>('departments-extra.json'),
  batch1: () => read<PilotsFile>('pilots-batch1.json'),
  indicatorSystem2012: () => read<IndicatorSystemFile>('indicator-systems/2012.json'),
  /** 国务院办公厅 holiday notices by year: the working-day calendar */
  holidays: () => read<HolidayCalendarData>('holidays-cn.json'),
  /** 建办科〔2013〕5号 with 附件1 and 附件2, verbatim (Markdown) */
  firstNotice: () => readFileSync(DATA_DIR + 'notice-jianbanke-2013-5.md', 'utf8'),
};
