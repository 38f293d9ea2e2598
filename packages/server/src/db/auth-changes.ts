import type { Db, Tx } from './client.js';

/**
 * Changes to who a session or an API key stands for — users, organisations, a pilot's government, a session's
 * revocation, an API key — as migration 0029's triggers report them. Other instances hear the NOTIFY; the writing
 * instance learns it inside the transaction (the audit entry reads the trigger's flag) and db/client.ts tells it here
 * right after the commit, before its request answers.
 */
/** The channel migration 0029's triggers notify on. */
export const AUTH_CHANGED_CHANNEL = 'sc_auth_changed';

const changedIn = new WeakSet<Tx>();
const listeners = new WeakMap<Db, Set<() => void>>();

/** The transaction changed what sessions or API keys stand for (read by appendAudit from the trigger's flag). */
export const markAuthChanged = (tx: Tx) => void changedIn.add(tx);

/** After a transaction on `db` commits: tells this process's listeners when it changed what sessions stand for. */
export function committed(db: Db, tx: Tx) {
  if (changedIn.has(tx)) for (const listener of listeners.get(db) ?? []) listener();
}

/** Calls `listener` after each such commit on `db` in this process; returns its removal. */
export function onAuthChange(db: Db, listener: () => void): () => void {
  const set = listeners.get(db) ?? new Set();
  listeners.set(db, set.add(listener));
  return () => void set.delete(listener);
}
