import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { completeContent } from '../../test/task-book-fixture.js';
import { wavesOf } from '../../test/statements.js';
import { TASK_BOOK_SECTIONS } from '@smartcity/domain';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const todos = async (who: string) =>
  (await (await env.as(who)).get('/api/todos?pageSize=200')).json().items as {
    kind: string;
    pilotName: string;
    dueDate: string | null;
    overdue: boolean;
  }[];

describe('to-do lists follow the task book through its lifecycle', () => {
  it('moves the item to whoever owes the next step, and flags it overdue after the deadline', async () => {
    expect(await todos('pilot-2012-033.editor')).toEqual([
      {
        kind: 'startTaskBook',
        subjectType: 'taskBook',
        subjectId: null,
        pilotId: expect.any(String),
        pilotName: '昆山市张浦镇',
        taskBookId: null,
        dueDate: '2013-02-22',
        overdue: false,
      },
    ]);
    expect(await todos('pilot-2012-033.viewer')).toEqual([]);
    const editor = await env.as('pilot-2012-033.editor');
    const pilotId = (await editor.get('/api/pilots')).json().items[0].id;
    const id = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id;
    expect((await todos('pilot-2012-033.editor')).map((t) => t.kind)).toEqual(['draftTaskBook']);
    for (const s of TASK_BOOK_SECTIONS) {
      const version = (await editor.get(`/api/task-books/${id}`)).json().sections[s.n - 1].version;
      await editor.patch(`/api/task-books/${id}/sections/${s.n}`, completeContent()[s.key], { 'if-match': `"${version}"` });
    }
    expect((await editor.post(`/api/task-books/${id}/transitions`, { action: 'submit' })).statusCode).toBe(200);
    expect(await todos('pilot-2012-033.editor')).toEqual([]);
    expect((await todos('dept-320000.reviewer')).map((t) => [t.kind, t.pilotName])).toEqual([['reviewTaskBook', '昆山市张浦镇']]);
    expect(await todos('dept-110000.reviewer')).toEqual([]);
    expect(await todos('mohurd.reviewer')).toEqual([]);

    env.clock.advance(30 * 86_400_000);
    try {
      const late = await todos('pilot-2012-034.admin');
      expect(late).toMatchObject([{ kind: 'startTaskBook', dueDate: '2013-02-22', overdue: true }]);
    } finally {
      env.clock.advance(-30 * 86_400_000);
    }
  });

  it("reads a pilot's task books once for its editor's list, to learn both what it owes and whether it has begun", async () => {
    const editor = await env.as('pilot-2012-034.editor');
    const bookReads = async () =>
      (await wavesOf(env.database.db, () => editor.get('/api/todos'))).flat().filter((s) => s.name?.startsWith('task_book_list_'));
    expect(await bookReads()).toHaveLength(1);
    expect((await todos('pilot-2012-034.editor')).map((t) => t.kind)).toEqual(['startTaskBook']);
  });

  it('pages a long list, overdue first, with the count of each kind over all pages', async () => {
    // three more Jiangsu pilots start their books and let the deadline pass: the province chases each
    for (const pilot of ['027', '028', '029']) {
      const editor = await env.as(`pilot-2012-${pilot}.editor`);
      const pilotId = (await editor.get('/api/pilots')).json().items[0].id;
      expect((await editor.post(`/api/pilots/${pilotId}/task-books`)).statusCode).toBe(201);
    }
    env.clock.advance(30 * 86_400_000);
    try {
      const reviewer = await env.as('dept-320000.reviewer');
      const all = (await reviewer.get('/api/todos?pageSize=200')).json();
      expect(all.total).toBe(all.items.length);
      expect(all.total).toBeGreaterThanOrEqual(4);
      const pages = [];
      for (let page = 1; page <= Math.ceil(all.total / 2); page++) {
        const p = (await reviewer.get(`/api/todos?pageSize=2&page=${page}`)).json();
        expect(p).toMatchObject({ total: all.total, overdue: all.overdue, kinds: all.kinds });
        expect(p.items.length).toBeLessThanOrEqual(2);
        pages.push(...p.items);
      }
      expect(pages).toEqual(all.items);
      // overdue first; the counts are the list's own
      const overdue = all.items.map((t: { overdue: boolean }) => t.overdue);
      expect(overdue).toEqual(overdue.toSorted((a: boolean, b: boolean) => Number(b) - Number(a)));
      expect(all.overdue).toBe(overdue.filter(Boolean).length);
      const counted = new Map<string, number>();
      for (const t of all.items as { kind: string }[]) counted.set(t.kind, (counted.get(t.kind) ?? 0) + 1);
      expect(new Map(all.kinds.map((k: { kind: string; count: number }) => [k.kind, k.count]))).toEqual(counted);
      expect((await reviewer.get(`/api/todos?page=${all.total + 1}`)).json().items).toEqual([]);
      const bad = await reviewer.get('/api/todos?pageSize=0');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('pageSize');
    } finally {
      env.clock.advance(-30 * 86_400_000);
    }
  });
});
