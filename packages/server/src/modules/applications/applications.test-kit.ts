import { APPLICATION_ATTACHMENTS } from '@smartcity/domain';
import { expect } from 'vitest';
import { DEMO_PASSWORD, type Agent, type TestEnv } from '../../test/harness.js';

/** Helpers shared by the calls and applications tests: the programme's path through the API, as users take it. */

export const callInput = (year: number, over: Record<string, unknown> = {}) => ({
  year,
  title: `${year}年度国家智慧城市试点申报`,
  opensOn: '2013-02-01',
  closesOn: '2013-03-31',
  quotaPerProvince: 3,
  taskBookDeadline: `${year + 1}-02-28`,
  ...over,
});

export const applicationInput = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  kind: 'prefectureCity',
  adminCode: null,
  summary: `${name}智慧城市建设基础较好，已将智慧城市列入政府工作报告。`,
  declarations: { inLocalPlan: true, fundingChannel: true, leaderInCharge: true },
  contact: { name: '王主任', phone: '0512-12345678' },
  ...over,
});

/** The Ministry creates a call and opens it. */
export async function openCall(env: TestEnv, year: number, over: Record<string, unknown> = {}) {
  const ministry = await env.as('mohurd.admin');
  const created = await ministry.post('/api/calls', callInput(year, over));
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await ministry.post(`/api/calls/${id}/transitions`, { action: 'open' })).statusCode).toBe(200);
  return id;
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0x20)]);

export const upload = (agent: Agent, id: string, kind: string, filename = `${kind}.pdf`, data: Buffer = PDF) =>
  agent.upload(`/api/applications/${id}/attachments?kind=${kind}`, filename, data);

export const fire = (agent: Agent, id: string, action: string, reason?: string) =>
  agent.post(`/api/applications/${id}/transitions`, reason === undefined ? { action } : { action, reason });

/** An application with every required file, ready to submit. */
export async function draftApplication(env: TestEnv, applicantUser: string, callId: string, name: string) {
  const editor = await env.as(applicantUser);
  const res = await editor.post(`/api/calls/${callId}/applications`, applicationInput(name));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  for (const kind of APPLICATION_ATTACHMENTS) expect((await upload(editor, id, kind)).statusCode).toBe(201);
  return { id, editor };
}

/** Drafted, submitted, and recommended by the province's department with its 初审 report. */
export async function forwardedApplication(env: TestEnv, applicantUser: string, provinceCode: string, callId: string, name: string) {
  const { id, editor } = await draftApplication(env, applicantUser, callId, name);
  expect((await fire(editor, id, 'submit')).statusCode).toBe(200);
  const forwarded = await fire(await env.as(`dept-${provinceCode}.reviewer`), id, 'forward', `${name}：材料齐全，同意推荐。`);
  expect(forwarded.statusCode, forwarded.body).toBe(200);
  return id;
}

/** A new applicant government registers itself (with the demo password, so `env.as` signs it in); returns its first user's username. */
export async function registerApplicant(env: TestEnv, provinceCode: string, adminCode: string, organisationName: string) {
  const res = await env.anonymous().post('/api/applicants', {
    organisationName,
    provinceCode,
    adminCode,
    displayName: `${organisationName}管理员`,
    password: DEMO_PASSWORD,
  });
  expect(res.statusCode, res.body).toBe(201);
  // it acts once its province has approved the registration
  const province = await env.as(`dept-${provinceCode}.admin`);
  const approved = await province.post(`/api/applicants/${res.json().organisation.id}/approval`, { decision: 'approve' });
  expect(approved.statusCode, approved.body).toBe(200);
  return res.json().user.username as string;
}

export const sameScores = (x: number) => ({ planning: x, organisation: x, platform: x, feasibility: x });

/** The expert declares no conflict of interest (once; a repeat is refused, and ignored here), then submits its scores. */
export const score = async (agent: Agent, id: string, scores: Record<string, number>, comment = '方案可行。') => {
  await agent.post(`/api/applications/${id}/reviews/mine/declaration`, { conflict: false });
  return agent.request('PUT', `/api/applications/${id}/reviews/mine`, { scores, comment });
};
