import { TASK_BOOK_SECTIONS } from '@smartcity/domain';
import type { LightMyRequestResponse } from 'fastify';
import type { TestEnv } from './harness.js';
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
  const editor = await env.as('pilot-2012-025.editor');
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
  for (const [who, action] of [
    ['pilot-2012-025.editor', 'submit'],
    ['dept-320000.reviewer', 'provinceApprove'],
    ['mohurd.reviewer', 'ministryApprove'],
  ] as const)
    must(await (await env.as(who)).post(`/api/task-books/${book.id}/transitions`, { action }), 200, action);
  for (const [who, name] of [
    ['mohurd.signatory', '仇保兴'],
    ['pilot-2012-025.signatory', '无锡市市长'],
    ['dept-320000.signatory', '江苏省住房和城乡建设厅厅长'],
  ] as const)
    must(await (await env.as(who)).post(`/api/task-books/${book.id}/signatures`, { name, title: '负责人' }), 200, `signed by ${who}`);

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
    must(await (await env.as(who)).post(`/api/agreements/${agreement.id}/signatures`, { name, title }), 200, `signed by ${who}`);
  return { taskBookId: book.id as string, agreementId: agreement.id as string };
}
