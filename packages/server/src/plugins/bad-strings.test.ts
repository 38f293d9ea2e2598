import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../test/harness.js';
import { completeContent } from '../test/task-book-fixture.js';

let env: TestEnv;
let editor: Agent;
let bookId: string;
beforeAll(async () => {
  env = await createTestEnv();
  editor = await env.as('pilot-2012-025.editor');
  const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
  bookId = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id as string;
});
afterAll(() => env?.close());

const content = completeContent();
const save = async (n: number, body: unknown) => {
  const version = (await editor.get(`/api/task-books/${bookId}`)).json().sections[n - 1].version;
  return editor.patch(`/api/task-books/${bookId}/sections/${n}`, body, { 'if-match': `"${version}"` });
};

describe('strings no database can store and bodies no parser can finish', () => {
  it('refuses a NUL in any string of a body (ids included) with 400 naming the field', async () => {
    const tasks = structuredClone(content.tasks);
    tasks.projects[0]!.id = 'p\u00001';
    const res = await save(2, tasks);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'control_chars', field: 'projects.0.id' });

    const tasks2 = structuredClone(content.tasks);
    tasks2.projects[0]!.indicatorIds = ['i-\u0000'];
    expect((await save(2, tasks2)).json().error).toMatchObject({ code: 'control_chars', field: 'projects.0.indicatorIds.0' });

    const indicators = structuredClone(content.indicators);
    indicators.items[0]!.id = '\u0000';
    expect((await save(3, indicators)).json().error).toMatchObject({ code: 'control_chars', field: 'items.0.id' });
  });

  it('refuses a lone surrogate, which no UTF-8 text can hold', async () => {
    const res = await save(1, { ...content.goals, overall: `智慧城市\ud800` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'control_chars', field: 'overall' });
    // a well-formed pair (an emoji) is text like any other
    expect((await save(1, { ...content.goals, overall: `智慧城市\ud83c\udfd9` })).statusCode).toBe(200);
  });

  it('answers 400, not 500, to a multipart body that never closes', async () => {
    const boundary = '----smartcity-test';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 truncated`;
    const res = await editor.request('POST', `/api/task-books/${bookId}/attachments?kind=implementationPlan`, body, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation', field: 'file' });
  });
});

describe('numbers within their stated ranges (domain numbers.ts)', () => {
  it('refuses ±1e308 in indicator values, targets and yearly targets, and accepts the documented extremes', async () => {
    // a quantitative indicator (1.2.1): a qualitative one takes yes/no targets, not numbers
    const q = content.indicators.items.findIndex((i) => i.indicatorCode === '1.2.1');
    const withValue = (patch: Record<string, unknown>) => ({
      ...content.indicators,
      items: content.indicators.items.map((item, i) => (i === q ? { ...item, ...patch } : item)),
    });
    for (const huge of [1e308, -1e308])
      for (const patch of [{ target: huge }, { baseline: { value: huge, year: 2012 } }, { targetsByYear: { '2013': huge } }]) {
        const res = await save(3, withValue(patch));
        expect(res.statusCode, JSON.stringify(patch)).toBe(400);
        expect(['too_big', 'too_small']).toContain(res.json().error.code);
      }
    expect((await save(3, withValue({ target: 1e12 }))).statusCode).toBe(200);
    const goals = { ...content.goals, targets: [{ ...content.goals.targets[0]!, value: 1e308 }] };
    expect((await save(1, goals)).json().error).toMatchObject({ code: 'too_big', field: 'targets.0.value' });
  });
});
