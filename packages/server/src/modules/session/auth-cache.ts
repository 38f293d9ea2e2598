/**
 * Who a session token or an API key stands for, kept in this process so that a valid request costs no database round
 * trip. Every change to that answer clears it (db/auth-changes.ts): on the writing instance before its request
 * answers, on the others when the database's NOTIFY arrives (milliseconds). While this instance is not listening —
 * before the listener connects, or while its connection is lost — nothing is kept. A read that began before a clear
 * is not stored, and no entry outlives `ttlMs`, a bound for a connection that died without saying so.
 */
export class AuthCache<T> {
  private entries = new Map<string, { value: T; at: number }>();
  private generation = 0;
  private listening = false;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 10_000,
  ) {}

  get(key: string): T | undefined {
    const entry = this.listening ? this.entries.get(key) : undefined;
    if (entry && performance.now() - entry.at < this.ttlMs) return entry.value;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** Taken before the database read whose answer will be stored, and handed to `set`. */
  mark() {
    return this.generation;
  }

  set(key: string, value: T, mark: number) {
    if (!this.listening || mark !== this.generation) return;
    // the oldest first: a full cache is a burst of new sessions, and old entries are the likeliest idle
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, at: performance.now() });
  }

  clear() {
    this.generation++;
    this.entries.clear();
  }

  /** The listener started (true) or stopped (false) hearing changes: what was kept may have missed some. */
  reset(listening: boolean) {
    this.listening = listening;
    this.clear();
  }
}
