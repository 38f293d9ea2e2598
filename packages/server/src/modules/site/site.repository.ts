import type { Queryable } from '../../db/client.js';
import { demoProgramme } from '../../db/schema.js';

export const siteRepository = {
  /** The demo programme's marker, or null when the deployment holds real data only. */
  async demo(db: Queryable) {
    const [row] = await db.select({ seededOn: demoProgramme.seededOn, refreshedOn: demoProgramme.refreshedOn }).from(demoProgramme);
    return row ?? null;
  },
};
