import type { Role } from '@smartcity/domain';
import { and, asc, count, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { passwordResets, sessions, users } from '../../db/schema.js';
import type { Actor } from '../../tenancy/actor.js';
import { visible } from '../../tenancy/scope.js';

export type AccountRow = Pick<
  typeof users.$inferSelect,
  'id' | 'username' | 'displayName' | 'title' | 'email' | 'roles' | 'disabled' | 'version' | 'createdAt'
>;

const accountColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  title: users.title,
  email: users.email,
  roles: users.roles,
  disabled: users.disabled,
  version: users.version,
  createdAt: users.createdAt,
};

type Manager = Pick<Actor, 'organisationId'>;

/** The administrator's own people: every method takes the acting administrator, whose organisation bounds it. */
export const accountRepository = {
  async list(db: Queryable, manager: Manager): Promise<AccountRow[]> {
    return db.select(accountColumns).from(users).where(visible.managedUsers(manager)).orderBy(asc(users.username));
  },

  async get(db: Queryable, manager: Manager, id: string): Promise<AccountRow | null> {
    const [row] = await db
      .select(accountColumns)
      .from(users)
      .where(and(eq(users.id, id), visible.managedUsers(manager)))
      .limit(1);
    return row ?? null;
  },

  /** null when the username is taken (by anyone: usernames are unique across the platform) */
  async create(
    db: Queryable,
    manager: Manager,
    values: { username: string; displayName: string; email: string; roles: Role[]; passwordHash: string },
  ): Promise<AccountRow | null> {
    const [row] = await db
      .insert(users)
      .values({ ...values, organisationId: manager.organisationId })
      .onConflictDoNothing({ target: users.username })
      .returning(accountColumns);
    return row ?? null;
  },

  /** Compare-and-set on the version: null when someone changed it first. */
  async update(
    db: Queryable,
    manager: Manager,
    id: string,
    version: number,
    set: Partial<Pick<typeof users.$inferInsert, 'displayName' | 'title' | 'email' | 'roles' | 'disabled'>>,
  ): Promise<AccountRow | null> {
    const [row] = await db
      .update(users)
      .set({ ...set, version: version + 1 })
      .where(and(eq(users.id, id), eq(users.version, version), visible.managedUsers(manager)))
      .returning(accountColumns);
    return row ?? null;
  },
};

/*
 * Passwords and reset links act on one known user (the signed-in one, or the owner of a link), before or without
 * an administrator: like the session repository, they touch only that user's rows.
 */
export const credentialRepository = {
  async passwordHash(db: Queryable, userId: string) {
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
    return row?.passwordHash ?? null;
  },

  async setPassword(db: Queryable, userId: string, passwordHash: string) {
    await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
  },

  /** Ends the user's sessions but `keep` (the one changing the password), returning how many. */
  async revokeSessions(db: Queryable, userId: string, now: Date, keep: string | null = null) {
    const rows = await db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined))
      .returning({ id: sessions.id });
    return rows.length;
  },

  /** Who a reset may be sent to: an enabled account with an e-mail address. */
  async resettable(db: Queryable, username: string) {
    const [row] = await db
      .select({
        id: users.id,
        organisationId: users.organisationId,
        username: users.username,
        displayName: users.displayName,
        email: users.email,
      })
      .from(users)
      .where(and(eq(users.username, username), eq(users.disabled, false)))
      .limit(1);
    return row?.email ? { ...row, email: row.email } : null;
  },

  async resetsSince(db: Queryable, userId: string, since: Date) {
    const [row] = await db
      .select({ n: count() })
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, userId), gt(passwordResets.createdAt, since)));
    return row?.n ?? 0;
  },

  async createReset(db: Queryable, values: typeof passwordResets.$inferInsert) {
    await db.insert(passwordResets).values(values);
  },

  /**
   * Uses a link: marks it used if it is unused, unexpired and its user still enabled, in one statement, so two
   * concurrent uses cannot both succeed. Returns the user, or null.
   */
  async redeem(db: Queryable, id: string, now: Date) {
    const [row] = await db
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId });
    if (!row) return null;
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, row.userId), eq(users.disabled, false)))
      .limit(1);
    return user ?? null;
  },
};
