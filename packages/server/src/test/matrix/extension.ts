import { and, inArray, notInArray } from 'drizzle-orm';
import { extensionRequests, taskBooks, users } from '../../db/schema.js';
import { all, keepRows, keepSet } from './keep.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory } from './types.js';

/** An open extension request on the own and on the foreign pilot's task book (made by the task-book fixture). */
export const extensionFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const [someone] = await db.select({ id: users.id }).from(users).limit(1);
  const pilotIds = await Promise.all([ORG_OF.pilot, FOREIGN_PILOT_ORG].map((org) => m.pilotOf(org)));
  const books = await db
    .select({ id: taskBooks.id, pilotId: taskBooks.pilotId })
    .from(taskBooks)
    .where(inArray(taskBooks.pilotId, pilotIds));
  if (books.length !== 2) throw new Error('the extension fixture needs the task-book fixture’s books');
  const made = await db
    .insert(extensionRequests)
    .values(
      pilotIds.map((pilotId) => ({
        pilotId,
        taskBookId: books.find((b) => b.pilotId === pilotId)!.id,
        deadline: '2013-01-31',
        proposedUntil: '2013-03-31',
        reason: '矩阵',
        requestedBy: someone!.id,
      })),
    )
    .returning({ id: extensionRequests.id, pilotId: extensionRequests.pilotId });
  const idOf = (pilotId: string) => made.find((r) => r.pilotId === pilotId)!.id;
  const ids = made.map((r) => r.id);
  const bookIds = books.map((b) => b.id);
  // the books' first submission, owed since 2013-01-31 (the matrix's clock says 2013-02-01)
  const overdue = () =>
    db.update(taskBooks).set({ currentVersion: 0, deadlineExtendedTo: '2013-01-31' }).where(inArray(taskBooks.id, bookIds));
  return {
    own: (tier) => (tier === 'applicant' ? null : idOf(pilotIds[0]!)),
    foreign: idOf(pilotIds[1]!),
    examples: {
      'POST /api/extension-requests/:id/transitions': { body: { action: 'approve', reason: '同意', until: '2013-03-31' } },
      // past its deadline and with no request open, the pilot asks
      'POST /api/task-books/:id/extension-requests': {
        body: { reason: '矩阵', until: '2013-03-31' },
        arrange: async () => {
          await overdue();
          await db.update(extensionRequests).set({ status: 'refused' }).where(inArray(extensionRequests.id, ids));
        },
      },
      // a grant names pilots: the own one, or 北京's (which only the Ministry may extend)
      'POST /api/extension-grants': ({ side }) => ({
        sided: true,
        body: { rows: [{ kind: 'taskBook', pilotId: pilotIds[side === 'own' ? 0 : 1] }], until: '2013-03-31', reason: '矩阵' },
        arrange: overdue,
      }),
      // a reminder names what is overdue the same way: the own pilot's book, or 北京's (outside a province's view)
      'POST /api/deadline-reminders': ({ side }) => ({
        sided: true,
        body: { rows: [{ kind: 'taskBook', pilotId: pilotIds[side === 'own' ? 0 : 1] }] },
        arrange: overdue,
      }),
    },
    restore: all(
      await keepSet(db, extensionRequests, and(inArray(extensionRequests.pilotId, pilotIds), notInArray(extensionRequests.id, ids))!),
      await keepRows(db, extensionRequests, ids),
      await keepRows(db, taskBooks, bookIds),
    ),
  };
};
