import type { Tier } from '@smartcity/domain';
import type { TestEnv } from '../harness.js';
import type { ExampleContext } from './observe.js';

/** The demo organisation acting for each tier in the access matrix: "own" resources belong to it (mostly 江苏), foreign ones to 北京. */
export const ORG_OF: Record<Tier, string> = {
  ministry: 'MOHURD',
  province: 'DEPT-320000',
  provincialGovernment: 'GOV-320000',
  pilot: 'PILOT-2012-025', // 无锡市, the first 江苏 pilot; the demo experts are assigned to it
  expert: 'EXPERTS',
  applicant: 'APPL-320500', // 苏州市人民政府, a demo applicant under 江苏
  department: 'WUXI-SCJGJ', // 无锡市市场监督管理局, a department on 无锡's city platform
};
export const FOREIGN_PILOT_ORG = 'PILOT-2012-001'; // 北京东城区

export interface Example {
  body?: unknown;
  headers?: Record<string, string>;
  query?: string;
  /** puts the records in the state the request needs (the matrix puts everything back afterwards) */
  arrange?: () => Promise<unknown>;
  /** the query or body names a record: the request is tried with the own and with a foreign one */
  sided?: boolean;
}

export interface MatrixContext {
  env: TestEnv;
  orgId(code: string): Promise<string>;
  pilotOf(orgCode: string): Promise<string>;
}

export interface ResourceFixture {
  /** the instance owned by the tier's demo organisation; null when it owns none (then it must be as invisible as a foreign one) */
  own(tier: Tier): string | null;
  /** an instance owned by someone else (北京) */
  foreign: string;
  /** private to its owner even for the Ministry (e.g. an organisation's notifications) */
  privateToOwner?: boolean;
  /** values of the route's other path parameters, given the :id chosen */
  params?(id: string): Record<string, string>;
  /** example requests ('METHOD /url'), chosen not to change anything permanently */
  examples?: Record<string, Example | ((c: ExampleContext) => Promise<Example> | Example)>;
  /** before each matrix row: put back what an allowed request (a DELETE) removed */
  restore?(): Promise<void>;
}

export type FixtureFactory = (m: MatrixContext) => Promise<ResourceFixture>;
