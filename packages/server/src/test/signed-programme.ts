import { TASK_BOOK_SECTIONS } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { users } from '../db/schema.js';
import { DEMO_PASSWORD, type TestEnv } from './harness.js';
import { completeContent } from './task-book-fixture.js';

const must = (res: LightMyRequestResponse, status: number, what: string) => {
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
};

/**
 * A programme with signatures, made as its users would through the API: 无锡市's task book reviewed and signed by
 * 甲方, 乙方 and 丙方, and the co-promotion agreement with 江苏 signed by both (for backup and upgrade tests).
 */
export async function signProgramme(env: TestEnv) {
  const book = { id: await approvedTaskBook(env, 'pilot-2012-025') };
  for (const [who, name, title] of [
    ['mohurd.signatory', '仇保兴', '副部长'],
    ['pilot-2012-025.signatory', '朱克江', '无锡市市长'],
    ['dept-320000.signatory', '周岚', '江苏省住房和城乡建设厅厅长'],
  ] as const)
    must(await signAs(env, who, `/api/task-books/${book.id}`, { name, title }), 200, `signed by ${who}`);

  const admin = await env.as('mohurd.admin');
  const agreement = must(
    await admin.post('/api/agreements', {
      provinceCode: '320000',
      content: {
        goals: '到 2015 年，全省试点城市建成城市公共信息平台。',
        ministryDuties: '甲方负责试点工作的统筹指导、政策支持和验收评价。',
        provinceDuties: '乙方负责组织本省试点城市的创建工作，落实配套资金和政策。',
        support: '甲方在科技计划项目、标准规范等方面给予支持。',
        term: '本协议有效期至 2015 年 12 月 31 日。',
      },
    }),
    201,
    'agreement',
  );
  must(await admin.post(`/api/agreements/${agreement.id}/transitions`, { action: 'freeze' }), 200, 'freeze');
  for (const [who, name, title] of [
    ['mohurd.signatory', '张建华', '副部长'],
    ['gov-320000.signatory', '李省长', '省长'],
  ] as const)
    must(await signAs(env, who, `/api/agreements/${agreement.id}`, { name, title }), 200, `signed by ${who}`);
  return { taskBookId: book.id as string, agreementId: agreement.id as string };
}

/**
 * A Jiangsu pilot's (e.g. pilot-2012-025) complete task book, submitted and then approved by 江苏's department and the
 * Ministry (`until` stops earlier: 'submit' leaves version 1 frozen and unsigned); returns its id.
 */
export async function approvedTaskBook(env: TestEnv, pilot: string, until: 'submit' | 'ministryApprove' = 'ministryApprove') {
  const editor = await env.as(`${pilot}.editor`);
  const pilotId = must(await editor.get('/api/pilots'), 200, 'pilots').items[0].id as string;
  const book = must(await editor.post(`/api/pilots/${pilotId}/task-books`), 201, 'task book');
  const content = completeContent();
  for (const s of TASK_BOOK_SECTIONS) {
    const version = must(await editor.get(`/api/task-books/${book.id}`), 200, 'task book').sections[s.n - 1].version;
    must(
      await editor.patch(`/api/task-books/${book.id}/sections/${s.n}`, content[s.key], { 'if-match': `"${version}"` }),
      200,
      `section ${s.n}`,
    );
  }
  const steps = [
    [`${pilot}.editor`, 'submit'],
    ['dept-320000.reviewer', 'provinceApprove'],
    ['mohurd.reviewer', 'ministryApprove'],
  ] as const;
  for (const [who, action] of steps.slice(0, steps.findIndex(([, a]) => a === until) + 1))
    must(await (await env.as(who)).post(`/api/task-books/${book.id}/transitions`, { action }), 200, action);
  return book.id as string;
}

/** A pilot's task book, complete and submitted to its province by its editor. */
export const submittedTaskBook = async (env: TestEnv, pilot: string) => ({ id: await approvedTaskBook(env, pilot, 'submit') });

/** The person behind an account (name and 职务), as the organisation's records give it: what signatures name. */
export async function setPerson(env: TestEnv, username: string, person: { name: string; title: string | null }) {
  await env.database.db.update(users).set({ displayName: person.name, title: person.title }).where(eq(users.username, username));
}

/**
 * A signatory signs a record (`/api/task-books/<id>` or `/api/agreements/<id>`) with the password entered again,
 * optionally as a named person.
 */
export async function signAs(env: TestEnv, username: string, record: string, person?: { name: string; title: string }) {
  if (person) await setPerson(env, username, person);
  return (await env.as(username)).post(`${record}/signatures`, { password: DEMO_PASSWORD });
}
