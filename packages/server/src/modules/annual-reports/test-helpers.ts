import { TASK_BOOK_SECTIONS, type ReportContent, type TaskBookContent } from '@smartcity/domain';
import { expect } from 'vitest';
import type { Agent, TestEnv } from '../../test/harness.js';
import { completeContent } from '../../test/task-book-fixture.js';
import { signAs } from '../../test/signed-programme.js';

// Test helpers: a task book taken through the whole API path to signed, as the annual report needs it.

export async function pilotIdOf(agent: Agent) {
  return (await agent.get('/api/pilots')).json().items[0].id as string;
}

/** The pilot's province department code, e.g. pilot-2012-025 → dept-320000. */
async function provinceOf(env: TestEnv, pilotUser: string) {
  const pilot = (await (await env.as(`${pilotUser}.viewer`)).get('/api/pilots')).json().items[0];
  return `dept-${pilot.provinceCode as string}`;
}

/**
 * Drafts every section as the pilot's editor, submits, has the province and the Ministry approve, and has the
 * three signatories sign: the task book ends `signed` with version 1.
 */
export async function signedTaskBook(env: TestEnv, pilotUser: string, content: TaskBookContent = completeContent()) {
  const editor = await env.as(`${pilotUser}.editor`);
  const created = await editor.post(`/api/pilots/${await pilotIdOf(editor)}/task-books`);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  for (const s of TASK_BOOK_SECTIONS) {
    const version = (await editor.get(`/api/task-books/${id}`)).json().sections[s.n - 1].version;
    const res = await editor.patch(`/api/task-books/${id}/sections/${s.n}`, content[s.key], { 'if-match': `"${version}"` });
    expect(res.statusCode, `section ${s.n}: ${res.body}`).toBe(200);
  }
  const province = await provinceOf(env, pilotUser);
  const steps: [string, string][] = [
    [`${pilotUser}.editor`, 'submit'],
    [`${province}.reviewer`, 'provinceApprove'],
    ['mohurd.reviewer', 'ministryApprove'],
  ];
  for (const [who, action] of steps) {
    const res = await (await env.as(who)).post(`/api/task-books/${id}/transitions`, { action });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  }
  for (const who of ['mohurd.signatory', `${pilotUser}.signatory`, `${province}.signatory`]) {
    const res = await signAs(env, who, `/api/task-books/${id}`);
    expect(res.statusCode, `${who}: ${res.body}`).toBe(200);
  }
  expect((await editor.get(`/api/task-books/${id}`)).json().status).toBe('signed');
  return { taskBookId: id, editor, pilotId: await pilotIdOf(editor), province };
}

/** Moves the test clock to an instant (Beijing time given as `YYYY-MM-DDTHH:mm`) and returns how to move it back. */
export function moveClockTo(env: TestEnv, beijing: string) {
  const delta = new Date(`${beijing}:00+08:00`).getTime() - env.clock.now().getTime();
  env.clock.advance(delta);
  return () => env.clock.advance(-delta);
}

/** A report content with every indicator measured and the narrative written: nothing left for reportProblems. */
export function filledIn<T extends { indicators: { actual: number | null; source: string; quality: string | null }[]; narrative: string }>(
  content: T,
  actual = 35,
): T {
  return {
    ...content,
    indicators: content.indicators.map((i) => ({ ...i, actual, source: '市统计局年报', quality: 'measured' })),
    narrative: '本年度按任务书推进各项工作。',
  };
}

type Presented<T> = T & { returnReasons: unknown };
/** The content of a report as the API presents it, without the reasons shown beside its items: what a PATCH takes. */
export function editableContent(presented: {
  indicators: Presented<ReportContent['indicators'][number]>[];
  projects: Presented<ReportContent['projects'][number]>[];
  platform: string;
  narrative: string;
}): ReportContent {
  return {
    indicators: presented.indicators.map(({ returnReasons: _, ...i }) => i),
    projects: presented.projects.map(({ returnReasons: _, ...p }) => p),
    platform: presented.platform,
    narrative: presented.narrative,
  };
}
