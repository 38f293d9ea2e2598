import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { signProgramme } from '../test/signed-programme.js';

// Official documents are CPU work: rendered off the event loop, once per signed text, and rationed per user.
let env: TestEnv;
let ids: { taskBookId: string; agreementId: string };
beforeAll(async () => {
  env = await createTestEnv({ config: { documentRateLimit: 6 } });
  ids = await signProgramme(env);
});
afterAll(() => env?.close());

describe('official documents', () => {
  it('are rendered in worker threads, and a signed text is served again from the cache by its digest', async () => {
    const viewer = await env.as('pilot-2012-025.viewer');
    const before = env.app.documents.stats();
    const first = await viewer.get(`/api/task-books/${ids.taskBookId}/document.pdf`);
    expect(first.statusCode, first.body).toBe(200);
    const rendered = env.app.documents.stats();
    expect(rendered.renderedInWorkers).toBe(before.renderedInWorkers + 1);
    const again = await viewer.get(`/api/task-books/${ids.taskBookId}/document.pdf`);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(env.app.documents.stats()).toMatchObject({ renderedInWorkers: rendered.renderedInWorkers, cacheHits: rendered.cacheHits + 1 });
    // the DOCX is another rendering of the same text
    expect((await viewer.get(`/api/task-books/${ids.taskBookId}/document.docx`)).statusCode).toBe(200);
    expect(env.app.documents.stats().renderedInWorkers).toBe(rendered.renderedInWorkers + 1);
  });

  it('render in parallel without mixing up documents', async () => {
    const viewer = await env.as('gov-320000.viewer');
    const [a, b] = await Promise.all([
      viewer.get(`/api/agreements/${ids.agreementId}/document.pdf`),
      viewer.get(`/api/agreements/${ids.agreementId}/document.docx`),
    ]);
    expect(a.headers['content-type']).toBe('application/pdf');
    expect(a.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(b.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('are limited per user: past the limit 429 in the error shape, while other users still download', async () => {
    const greedy = await env.as('mohurd.viewer');
    const url = `/api/agreements/${ids.agreementId}/document.docx`;
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await greedy.get(url)).statusCode);
    expect(codes.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(codes[6]).toBe(429);
    const refused = await greedy.get(url);
    expect(refused.json().error).toMatchObject({ code: 'rate_limited' });
    expect((await (await env.as('mohurd.reviewer')).get(url)).statusCode).toBe(200);
  });
});
