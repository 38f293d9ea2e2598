import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { agreements, organisations, pilots, taskBooks, taskBookVersions } from '../../db/schema.js';

/**
 * The signed texts a public verification link names, looked up by their own id without any scope: the link is the
 * capability, printed only on the document itself.
 */
export const verificationRepository = {
  async taskBookVersion(db: Queryable, versionId: string) {
    const [row] = await db
      .select({
        taskBookId: taskBookVersions.taskBookId,
        number: taskBookVersions.number,
        content: taskBookVersions.content,
        digest: taskBookVersions.digest,
        currentVersion: taskBooks.currentVersion,
        pilotName: pilots.publishedName,
      })
      .from(taskBookVersions)
      .innerJoin(taskBooks, eq(taskBooks.id, taskBookVersions.taskBookId))
      .innerJoin(pilots, eq(pilots.id, taskBooks.pilotId))
      .where(eq(taskBookVersions.id, versionId));
    return row ?? null;
  },

  /** An agreement once frozen for signing (before, it has no digest and nothing to verify). */
  async frozenAgreement(db: Queryable, id: string) {
    const [row] = await db
      .select({ id: agreements.id, content: agreements.content, digest: agreements.digest, governmentName: organisations.name })
      .from(agreements)
      .innerJoin(organisations, eq(organisations.id, agreements.organisationId))
      .where(and(eq(agreements.id, id), isNotNull(agreements.digest)));
    return row ? { ...row, digest: row.digest! } : null;
  },

  async organisationNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(inArray(organisations.id, ids));
    return new Map(rows.map((r) => [r.id, r.name]));
  },
};
