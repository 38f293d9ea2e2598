import { TASK_BOOK_SECTIONS } from '@smartcity/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { completeContent } from '../../test/task-book-fixture.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const ROUNDS = 50;
// PGlite has one connection: there two requests' queries cannot interleave, so the race exists on PostgreSQL only
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe('a section save racing a submission', () => {
  (onPostgres ? it : it.skip)(
    'never lands after the version is frozen: what the reviewers see is what the draft holds',
    async () => {
      const editor = await env.as('pilot-2012-025.editor');
      const province = await env.as('dept-320000.reviewer');
      const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
      const id = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id as string;
      const content = completeContent();
      for (const s of TASK_BOOK_SECTIONS) {
        const version = (await editor.get(`/api/task-books/${id}`)).json().sections[s.n - 1].version;
        expect(
          (await editor.patch(`/api/task-books/${id}/sections/${s.n}`, content[s.key], { 'if-match': `"${version}"` })).statusCode,
        ).toBe(200);
      }
      for (let round = 0; round < ROUNDS; round++) {
        const version = (await editor.get(`/api/task-books/${id}`)).json().sections[0].version;
        const goals = { ...content.goals, overall: `${content.goals.overall}（第 ${round} 稿）` };
        // both at once: the save's check and write must not straddle the submission's freeze
        const [saved, submitted] = await Promise.all([
          editor.patch(`/api/task-books/${id}/sections/1`, goals, { 'if-match': `"${version}"` }),
          editor.post(`/api/task-books/${id}/transitions`, { action: 'submit' }),
        ]);
        expect([200, 409]).toContain(saved.statusCode);
        expect(submitted.statusCode, submitted.body).toBe(200);
        const book = (await editor.get(`/api/task-books/${id}`)).json();
        const frozen = (await editor.get(`/api/task-books/${id}/versions/${book.currentVersion}`)).json();
        // the draft and the frozen version agree: a save either made it into the version or was refused
        expect(book.sections[0].content, `round ${round}`).toEqual(frozen.goals);
        const back = await province.post(`/api/task-books/${id}/transitions`, { action: 'provinceReturn', reason: '再议' });
        expect(back.statusCode).toBe(200);
      }
    },
    240_000,
  );
});
