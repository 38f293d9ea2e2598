import { ROLES, TIERS, type Tier } from '@smartcity/domain';
import { randomBytes } from 'node:crypto';
import { and, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { hashToken } from '../../plugins/access.js';
import { credentialRepository } from '../../modules/accounts/accounts.repository.js';
import { hashPassword } from '../../modules/session/session.service.js';
import { DEMO_PASSWORD } from '../harness.js';
import { ifMatchOf } from './examples.js';
import { all, keepRows } from './keep.js';
import { ORG_OF, type FixtureFactory } from './types.js';

let added = 0;

/**
 * A person in each tier's demo organisation besides the matrix's own users (whom disabling would sign out), and one
 * in 北京's department. Their administrators change them; nobody else sees them.
 */
export const userFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const made = async (code: string, username: string) => {
    const [row] = await db
      .insert(users)
      .values({
        organisationId: await m.orgId(code),
        username,
        displayName: username,
        email: `${username}@example.cn`,
        roles: ['viewer'],
        passwordHash,
      })
      .returning({ id: users.id, organisationId: users.organisationId });
    return row!;
  };
  const own = {} as Record<Tier, string>;
  for (const t of TIERS) own[t] = (await made(ORG_OF[t], `matrix.${t.toLowerCase()}`)).id;
  const foreign = await made('DEPT-110000', 'matrix.foreign');
  return {
    own: (tier) => own[tier],
    foreign: foreign.id,
    examples: {
      'PATCH /api/users/:id': async ({ id }) => ({ body: { roles: ['viewer', 'editor'] }, headers: await ifMatchOf(db, users, id) }),
      // a new username every time: a taken one is refused
      'POST /api/users': () => ({
        body: {
          username: `matrix.added${++added}`,
          displayName: '矩阵新人员',
          email: 'added@example.cn',
          roles: ['viewer'],
          password: DEMO_PASSWORD,
        },
      }),
      // the actor's own password, set to what it was
      'POST /api/session/password': { body: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } },
      'POST /api/password-resets': { body: { username: 'matrix.ministry' } },
      // a fresh link each time (a link works once), for 北京's person
      'POST /api/password-resets/redemption': async () => {
        const token = randomBytes(32).toString('base64url');
        const now = m.env.clock.now();
        await credentialRepository.createReset(db, {
          organisationId: foreign.organisationId,
          id: hashToken(token),
          userId: foreign.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + 3_600_000),
        });
        return { body: { token, password: DEMO_PASSWORD } };
      },
    },
    restore: all(await keepRows(db, users, [...Object.values(own), foreign.id]), await keepPasswords(db)),
  };
};

/** The matrix's own users keep the demo password: an accepted password change (a sweep's probe) is undone. */
async function keepPasswords(db: Db) {
  const actors = TIERS.flatMap((t) => ROLES.map((r) => `${ORG_OF[t].toLowerCase()}.${r}`));
  const [{ passwordHash } = { passwordHash: '' }] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(inArray(users.username, actors))
    .limit(1);
  return async () =>
    void (await db
      .update(users)
      .set({ passwordHash })
      .where(and(inArray(users.username, actors), ne(users.passwordHash, passwordHash))));
}
