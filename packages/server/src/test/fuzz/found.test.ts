import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../harness.js';

/*
 * What the fuzz run (fuzz.test.ts) found, each reproduced on its own so it stays fixed whatever the generator
 * draws later.
 */
let env: TestEnv;
let ministry: Agent;
let pilotId: string;

beforeAll(async () => {
  env = await createTestEnv();
  ministry = await env.as('mohurd.admin');
  pilotId = (await ministry.get('/api/pilots?pageSize=1')).json().items[0].id;
  const org = (await ministry.get(`/api/pilots/${pilotId}`)).json().organisation?.code as string | undefined;
  const editor = org ? await env.as(`${org.toLowerCase()}.editor`) : ministry;
  // a pilot with a task book: the Ministry's extension grant reaches it
  await editor.post(`/api/pilots/${pilotId}/task-books`);
});
afterAll(() => env?.close());

describe('found by the fuzz run', () => {
  // the date pattern accepts the year 0000, which PostgreSQL has not ("date/time field value out of range"): a 500
  it('a date in the year 0 is refused as the client’s error (400 naming the field), not a 500', async () => {
    const extension = await ministry.post('/api/extension-grants', {
      rows: [{ kind: 'taskBook', pilotId }],
      until: '0000-01-01',
      reason: '模糊测试',
    });
    expect(extension.statusCode).toBe(400);
    expect(extension.json().error).toMatchObject({ field: 'until', code: 'too_small' });
    const call = await ministry.post('/api/calls', {
      year: 2097,
      title: '模糊测试',
      opensOn: '0000-01-01',
      closesOn: '2013-12-31',
      quotaPerProvince: 1,
    });
    expect(call.statusCode).toBe(400);
    expect(call.json().error).toMatchObject({ field: 'opensOn' });
    const inspector = await env.as('dept-320000.admin'); // inspections are the provinces'
    const inspection = await inspector.post('/api/inspections', {
      pilotId,
      inspectedOn: '0000-01-01',
      inspectors: ['模糊'],
      projectsChecked: [],
      summary: '',
      findings: [],
    });
    expect(inspection.statusCode).toBe(400);
    expect(inspection.json().error).toMatchObject({ field: 'inspectedOn' });
  });
});
