import { newUserSchema } from '@smartcity/domain';
import { asc, eq } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import { appendAudit, checkpointAudit, verifyAudit } from '../audit/audit.js';
import { deriveMasterKey, loadMasterSecret } from '../signing/keys.js';
import { DEFAULT_DEMO_PASSWORD, loadConfig, type Config } from '../config.js';
import { migrateDatabase, openDatabase, type Database } from '../db/client.js';
import { organisations, pilots, users } from '../db/schema.js';
import { systemClock } from '../lib/clock.js';
import { sessionRepository } from '../modules/session/session.repository.js';
import { hashPassword } from '../modules/session/session.service.js';
import { deliverOutbox, smtpMailer } from '../modules/notifications/outbox.js';
import { seedDemo, seedReference, userCount } from '../seed/seed.js';
import { refreshDemo, seedProgramme } from '../seed/demo/programme.js';
import { assertPortFree, dataDirOwner, lockDataDir, prepareDataDir, StartupError } from './startup.js';
import { adminSocketPath, backupThroughServer, serveAdminSocket } from './admin-socket.js';
import { BackupError, restoreBackup, writeBackup } from '../db/backup.js';
import { scheduledBackup } from '../db/scheduled-backups.js';
import { verifyIntegrity, type IntegrityReport } from '../audit/integrity.js';
import { ministrySigner, pinExistingKeys } from '../signing/key-registry.js';

const USAGE = `smartcity — 国家智慧城市试点管理平台

  smartcity serve [--demo]                 migrate, seed reference data (and demo users with --demo), listen on HOST:PORT
  smartcity db migrate                     apply migrations
  smartcity db seed [--demo]               load reference data (and the demo programme, made through the services)
  smartcity db seed --demo --refresh       move the live demo call's dates forward to today
  smartcity users add --username U --org CODE --roles r1,r2 [--name N] [--email E] [--password P]
  smartcity users list [--json]
  smartcity users reset-password USERNAME [--password P]
  smartcity db backup FILE                 write a backup (gzip, JSON lines) — through the running server on PGlite
  smartcity db restore FILE                restore into an empty database, migrate it, verify audit chain and signatures
  smartcity audit checkpoint                sign the audit chain's head (the server does so every 10 minutes)
  smartcity audit verify

DATABASE_URL=postgres://… selects PostgreSQL; otherwise PGlite in SMARTCITY_DATA_DIR (default .data/pglite).
Passwords may also come from SMARTCITY_PASSWORD.`;

class UsageError extends Error {}

const CHECKPOINT_MS = 10 * 60_000;
const BACKUP_CHECK_MS = 10 * 60_000;

async function open(config: Config, migrate: boolean): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    sharedBuffersMb: config.pgliteSharedBuffersMb,
    poolSize: config.databasePoolSize,
  });
  if (migrate) await migrateDatabase(database);
  return database;
}

/**
 * Runs a start's step with the event loop kept busy. Each time the loop has nothing left to wait on, Node first waits
 * for V8's background compiles to finish (PGlite's WebAssembly being optimised) before it goes on. A later start ran
 * out once, in the cookie plugin's dynamic import, and waited there 0.15–0.5 s (perf: `SpinEventLoopInternal →
 * NodePlatform::DrainTasks`; bench:first-start).
 */
async function awake<T>(step: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 1_000);
  try {
    return await step();
  } finally {
    clearInterval(timer);
  }
}

function reportIntegrity(report: IntegrityReport): string {
  const { audit, signatures } = report;
  const chain = audit.ok ? `audit chain ok (${audit.entries} entries)` : `audit chain BROKEN at ${JSON.stringify(audit.firstBroken)}`;
  const sigs = `${signatures.checked - signatures.failed.length} of ${signatures.checked} signatures verify`;
  return `${chain}; ${sigs}${signatures.failed.length ? `; failing: ${JSON.stringify(signatures.failed)}` : ''}`;
}

async function ensureSeeded(database: Database, config: Config, demo: boolean) {
  const [anyPilot] = await database.db.select({ id: pilots.id }).from(pilots).limit(1);
  if (!anyPilot) await seedReference(database.db, systemClock);
  if (demo && (await userCount(database.db)) === 0) {
    const n = await seedDemo(database.db, systemClock, config.demoPassword);
    console.log(`created ${n} demo users; the demo programme is being made through the platform's services …`);
    const started = Date.now();
    const made = await seedProgramme(database, config, config.demoPassword, systemClock.now());
    const books = Object.values(made.taskBooks).reduce((a, b) => a + b, 0) - made.taskBooks.none; // "none": never started
    console.log(
      `demo programme (演示数据) of ${made.seededOn}: ${books} task books (${made.taskBooks.signed} signed), ${made.reports} annual reports, ` +
        `${made.inspections} inspections, ${made.acceptances} acceptances, ${made.applications} applications to the live demo call ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
}

function passwordFrom(values: { password?: string | undefined }): string {
  const password = values.password ?? process.env.SMARTCITY_PASSWORD;
  if (!password) throw new UsageError('a password is required (--password or SMARTCITY_PASSWORD)');
  return password;
}

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      refresh: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      username: { type: 'string' },
      org: { type: 'string' },
      roles: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  // Order matters for a second `npm start` in the same clone: the port, then the data folder, then migrations.
  if (command === 'serve') await assertPortFree(config.host, config.port);
  const task = `${command} ${sub ?? ''}`.trim();
  if (task === 'db backup' || task === 'db restore') {
    if (!arg) throw new UsageError(`smartcity ${task} FILE`);
    // the running server holds its PGlite folder: it makes the backup
    if (task === 'db backup' && !config.databaseUrl && dataDirOwner(config.dataDir) !== null) {
      const header = await backupThroughServer(adminSocketPath(config.dataDir), arg);
      console.log(`backup of ${Object.values(header.tables).reduce((a, b) => a + b, 0)} rows written to ${arg} by the running server`);
      return;
    }
  }
  if (!config.databaseUrl) prepareDataDir(config.dataDir);
  // PGlite is one process's: a second one on the folder is refused before it opens anything
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  // a backup reads the database as it is; a restore needs it empty
  const database = await awake(() => open(config, task !== 'db backup' && task !== 'db restore')).catch((err: unknown) => {
    release();
    throw err;
  });
  let keepOpen = false;
  try {
    switch (task) {
      case 'serve': {
        const app = await awake(async () => {
          await ensureSeeded(database, config, values.demo);
          await pinExistingKeys(database.db, systemClock);
          const built = await buildApp({ database, config, logger: { level: config.logLevel } });
          await built.listen({ host: config.host, port: config.port });
          return built;
        });
        keepOpen = true;
        const closeAdmin = config.databaseUrl
          ? async () => {}
          : await serveAdminSocket(database, adminSocketPath(config.dataDir)).catch((err: unknown) => {
              app.log.warn({ err }, 'no admin socket: `smartcity db backup` will need the server stopped');
              return async () => {};
            });
        // background work, stopped before the database closes (hooks cannot be added once listening)
        const timers: NodeJS.Timeout[] = [];
        if (config.smtpUrl) {
          const mailer = smtpMailer(config.smtpUrl, config.mailFrom);
          const deliver = () =>
            void deliverOutbox(database.db, mailer, systemClock).catch((err: unknown) => app.log.error({ err }, 'outbox'));
          timers.push(setInterval(deliver, 30_000));
        }
        // the chain's head is signed now and every 10 minutes: a lost tail or a rewritten chain shows against it
        const checkpoint = () =>
          void checkpointAudit(database.db, ministrySigner(app.masterKey, systemClock), systemClock).catch((err: unknown) =>
            app.log.error({ err }, 'checkpoint'),
          );
        checkpoint();
        timers.push(setInterval(checkpoint, CHECKPOINT_MS));
        // 定期备份: looked at every ten minutes (the first time ten minutes after start), made once in each period
        const { dir: backupDir, hours, keep } = config.backups;
        if (backupDir && hours > 0) {
          const backup = () =>
            void scheduledBackup(database, { dir: backupDir, hours, keep }, new Date())
              .then((file) => file && app.log.info(`scheduled backup written to ${file}`))
              .catch((err: unknown) => app.log.error({ err }, 'scheduled backup'));
          timers.push(setInterval(backup, BACKUP_CHECK_MS));
        }
        const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
        console.log(`\n国家智慧城市试点管理平台 running on ${database.engine}: http://${shown}:${config.port}/`);
        console.log(`API docs: http://${shown}:${config.port}/api/docs`);
        if (values.demo) {
          const pw = process.env.SMARTCITY_DEMO_PASSWORD ? '(SMARTCITY_DEMO_PASSWORD)' : DEFAULT_DEMO_PASSWORD;
          console.log(
            `Sign in as mohurd.admin (住房和城乡建设部), dept-320000.reviewer (江苏省住房和城乡建设厅) or pilot-2012-025.editor (无锡市) — password ${pw}`,
          );
          console.log(
            'Every organisation has <code>.viewer/.editor/.reviewer/.signatory/.admin (e.g. dept-110000.admin, pilot-2012-001.editor); experts expert.zhang …',
          );
        }
        const stop = async () => {
          timers.forEach(clearInterval);
          await closeAdmin();
          await app.close();
          await database.close();
          release();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        return;
      }
      case 'db migrate':
        console.log(`migrations applied (${database.engine})`);
        return;
      case 'db backup': {
        const header = await writeBackup(database, arg!);
        console.log(
          `backup of ${Object.values(header.tables).reduce((a, b) => a + b, 0)} rows (schema ${header.migration}) written to ${arg}`,
        );
        return;
      }
      case 'db restore': {
        const header = await restoreBackup(database, arg!);
        await pinExistingKeys(database.db, systemClock);
        const report = await verifyIntegrity(database.db);
        if (!report.ok) throw new UsageError(`restored ${arg}, but it does not verify: ${reportIntegrity(report)}`);
        console.log(
          `restored ${arg} (made ${header.createdAt} on ${header.engine}, schema ${header.migration}); ${reportIntegrity(report)}`,
        );
        return;
      }
      case 'db seed':
        if (values.refresh) {
          const refreshed = await refreshDemo(database.db, systemClock);
          if (!refreshed) throw new UsageError('this database holds no demo programme: `smartcity db seed --demo` makes one');
          console.log(`the live demo call's dates moved ${refreshed.days} days forward (refreshed ${refreshed.refreshedOn})`);
          return;
        }
        await ensureSeeded(database, config, values.demo);
        console.log('reference data loaded');
        return;
      case 'users add': {
        const input = newUserSchema.parse({
          username: values.username,
          displayName: values.name ?? values.username,
          email: values.email,
          organisationCode: values.org,
          roles: (values.roles ?? '').split(',').filter(Boolean),
          password: passwordFrom(values),
        });
        const [org] = await database.db.select().from(organisations).where(eq(organisations.code, input.organisationCode));
        if (!org)
          throw new UsageError(
            `unknown organisation code ${input.organisationCode} (see the organisations table; e.g. MOHURD, DEPT-320000, PILOT-2012-001)`,
          );
        const passwordHash = await hashPassword(input.password);
        await database.db.transaction(async (tx) => {
          const [row] = await tx
            .insert(users)
            .values({
              organisationId: org.id,
              username: input.username,
              displayName: input.displayName,
              passwordHash,
              roles: input.roles,
              email: input.email ?? null,
            })
            .returning({ id: users.id });
          await appendAudit(
            tx,
            null,
            {
              action: 'user.create',
              targetType: 'user',
              targetId: row!.id,
              after: { username: input.username, organisation: org.code, roles: input.roles },
            },
            systemClock,
          );
        });
        console.log(`user ${input.username} added to ${org.name}`);
        return;
      }
      case 'users list': {
        const rows = await database.db
          .select({
            username: users.username,
            displayName: users.displayName,
            roles: users.roles,
            organisationCode: organisations.code,
            organisation: organisations.name,
            organisationType: organisations.type,
          })
          .from(users)
          .innerJoin(organisations, eq(organisations.id, users.organisationId))
          .orderBy(asc(organisations.code), asc(users.username));
        if (values.json) console.log(JSON.stringify(rows, null, 2));
        else for (const r of rows) console.log(`${r.username.padEnd(32)} ${r.roles.join(',').padEnd(12)} ${r.organisation}`);
        return;
      }
      case 'users reset-password': {
        if (!arg) throw new UsageError('users reset-password USERNAME');
        const password = newUserSchema.shape.password.parse(passwordFrom(values));
        const [user] = await database.db.select().from(users).where(eq(users.username, arg));
        if (!user) throw new UsageError(`no user ${arg}`);
        const passwordHash = await hashPassword(password);
        await database.db.transaction(async (tx) => {
          await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
          const revoked = await sessionRepository.revokeAllOf(tx, user.id, systemClock.now());
          await appendAudit(
            tx,
            null,
            { action: 'user.resetPassword', targetType: 'user', targetId: user.id, after: { sessionsRevoked: revoked.length } },
            systemClock,
          );
        });
        console.log(`password of ${arg} reset; its sessions were revoked`);
        return;
      }
      case 'audit checkpoint': {
        const masterKey = deriveMasterKey(loadMasterSecret(config.masterKey, config.masterKeyFile));
        const checkpoint = await checkpointAudit(database.db, ministrySigner(masterKey, systemClock), systemClock);
        console.log(checkpoint ? `checkpoint signed at seq ${checkpoint.seq} (${checkpoint.headHash})` : 'the audit log is empty');
        return;
      }
      case 'audit verify': {
        const result = await verifyAudit(database.db);
        console.log(JSON.stringify(result));
        if (!result.ok) process.exitCode = 1;
        return;
      }
      default:
        throw new UsageError(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
    }
  } finally {
    if (!keepOpen) {
      await database.close();
      release();
    }
  }
}

// A command whose promise never settles would otherwise end with exit code 0 and no output.
let settled = false;
process.on('beforeExit', () => {
  if (!settled) {
    console.error('smartcity: the command stopped before finishing (a database call never answered)');
    process.exitCode = 1;
  }
});

main(process.argv.slice(2)).then(
  () => (settled = true),
  (err: unknown) => {
    settled = true;
    if (err instanceof StartupError) {
      console.error(`smartcity: ${err.message}`);
      process.exit(1);
    }
    if (err instanceof UsageError || err instanceof BackupError) console.error(err.message);
    else if (err && typeof err === 'object' && 'issues' in err)
      console.error(`invalid input: ${JSON.stringify((err as { issues: unknown }).issues)}`);
    else console.error(err);
    process.exit(2);
  },
);
