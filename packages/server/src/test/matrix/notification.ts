import { TIERS, type Tier } from '@smartcity/domain';
import { notify } from '../../shared/notify.js';
import { ORG_OF, type FixtureFactory } from './types.js';

/** One notification for each tier's demo organisation, and one for 北京's department. */
export const notificationFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const made = async (code: string) => {
    const orgId = await m.orgId(code);
    await db.transaction((tx) => notify(tx, orgId, { kind: 'matrix', subject: { type: 'taskBook', id: orgId }, params: {} }));
    const res = await db.query.notifications.findFirst({ where: (n, { eq }) => eq(n.organisationId, orgId) });
    return res!.id;
  };
  const own = {} as Record<Tier, string>;
  for (const t of TIERS) own[t] = await made(ORG_OF[t]);
  return { own: (tier) => own[tier], foreign: await made('DEPT-110000'), privateToOwner: true };
};
