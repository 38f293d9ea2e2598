import type { Db } from '../../db/client.js';
import { usageRepository, type UsageEntry } from './metering.repository.js';

/*
 * 计量: every data call is counted without a write on its path. Calls are buffered in memory and flushed every second
 * (or at 500) in one insert; a crash loses at most the last second's entries (docs/platform.md). Closing the app flushes.
 */

const FLUSH_MS = 1_000;
const FLUSH_AT = 500;

export class Meter {
  private buffer: UsageEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  record(entry: UsageEntry) {
    this.buffer.push(entry);
    if (this.buffer.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes what is buffered (the calls queue one after another, so entries land in order). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await usageRepository.insertMany(this.db, batch);
      } catch {
        // metering never fails a call: a batch the database refused is tried again with the next flush (bounded, so a
        // database that stays down costs memory for at most ten batches)
        this.buffer.unshift(...batch.slice(0, FLUSH_AT * 10));
      }
    });
    return this.flushing;
  }
}
