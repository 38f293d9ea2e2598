// A snapshot of a populated database as this release leaves it (demo data, a signed task book and agreement, a signed audit checkpoint), committed
// so the next releases' migrations are tested on it: `npm run snapshot` before a release that adds migrations.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkpointAudit } from '../packages/server/src/audit/audit.js';
import { migrationLevel, writeBackup } from '../packages/server/src/db/backup.js';
import { ministrySigner } from '../packages/server/src/signing/key-registry.js';
import { createTestEnv } from '../packages/server/src/test/harness.js';
import { signProgramme } from '../packages/server/src/test/signed-programme.js';

const dir = fileURLToPath(new URL('../packages/server/src/db/snapshots/', import.meta.url));
mkdirSync(dir, { recursive: true });
const env = await createTestEnv();
try {
  await signProgramme(env);
  // a signed checkpoint too: the next release must keep verifying this release's anchors
  await checkpointAudit(env.database.db, ministrySigner(env.app.masterKey, env.clock), env.clock);
  const file = `${dir}${await migrationLevel(env.database.db)}.jsonl.gz`;
  const header = await writeBackup(env.database, file);
  console.log(`snapshot at schema ${header.migration} written to ${file}`);
} finally {
  await env.close();
}
