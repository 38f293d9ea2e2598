import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { annualReports, auditLog, pilots, users } from '../../db/schema.js';
import { onDemoProgramme } from '../../test/demo-env.js';

// Every record page's history on the demo programme (made through the platform's own routes): the entries are exactly
// the log's rows about that record, all verified; a returned report's redraft shows what its editor changed.
const demo = onDemoProgramme();

const RECORDS = [
  ['task-books', ['taskBook']],
  ['annual-reports', ['annualReport']],
  ['applications', ['application']],
  ['inspections', ['inspection']],
  ['findings', ['finding', 'rectification']],
  ['acceptances', ['acceptance']],
  ['pilots', ['pilot']],
] as const; // (the demo has no agreement or notice yet: audit-log.test.ts reads a pilot's; the matrix, every route's access)

describe('record histories on the demo programme', () => {
  it.each(RECORDS)('%s: the record’s entries, oldest first, each verified', async (base, types) => {
    const db = demo.env.database.db;
    // the record of that kind with the most entries
    const [busiest] = await db
      .select({ id: auditLog.targetId, n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(inArray(auditLog.targetType, [...types]))
      .groupBy(auditLog.targetId)
      .orderBy(desc(sql`count(*)`))
      .limit(1);
    expect(busiest, base).toBeDefined();
    const rows = await db
      .select({ seq: auditLog.seq })
      .from(auditLog)
      .where(and(inArray(auditLog.targetType, [...types]), eq(auditLog.targetId, busiest!.id)))
      .orderBy(auditLog.seq);
    const history = await demo.get('mohurd.viewer', `/api/${base}/${busiest!.id}/history`);
    expect(history.entries.map((e: { seq: number }) => e.seq)).toEqual(rows.map((r) => r.seq));
    expect(history.ok).toBe(true);
  });

  it("shows a returned report's redraft: the field its editor changed, old and new", async () => {
    const db = demo.env.database.db;
    const [report] = await db
      .select({ id: annualReports.id, content: annualReports.content, organisationId: pilots.organisationId })
      .from(annualReports)
      .innerJoin(pilots, eq(pilots.id, annualReports.pilotId))
      .where(and(eq(annualReports.status, 'draft'), isNotNull(annualReports.returnedContent)))
      .limit(1);
    expect(report).toBeDefined();
    const [editor] = await db
      .select({ username: users.username })
      .from(users)
      .where(and(eq(users.organisationId, report!.organisationId), sql`'editor' = any(${users.roles})`))
      .limit(1);
    const agent = await demo.env.as(editor!.username);
    const current = await agent.get(`/api/annual-reports/${report!.id}`);
    const content = { ...report!.content, narrative: '本年度城市公共信息平台二期完成验收，政务数据共享率提升至九成。' };
    const saved = await agent.patch(`/api/annual-reports/${report!.id}`, content, { 'if-match': current.headers.etag as string });
    expect(saved.statusCode, saved.body).toBe(200);

    const history = await demo.get(editor!.username, `/api/annual-reports/${report!.id}/history`);
    expect(history.pending.version).toBeNull();
    expect(history.pending.changes).toContainEqual(
      expect.objectContaining({
        path: 'narrative',
        label: '工作总结',
        afterText: content.narrative,
        before: current.json().content.narrative,
      }),
    );
    expect(history.entries.at(-1)).toMatchObject({
      action: 'annualReport.saveContent',
      actor: { username: editor!.username },
      problem: null,
    });
    // a province that does not supervise it reads neither the report nor its history
    expect((await (await demo.env.as('dept-110000.viewer')).get(`/api/annual-reports/${report!.id}/history`)).statusCode).toBe(404);
  });
});
