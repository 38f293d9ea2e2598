import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { WEB_DIST } from './paths.js';

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  /** PGlite's page cache in MB (SMARTCITY_PGLITE_SHARED_BUFFERS_MB) */
  pgliteSharedBuffersMb: number;
  /** PostgreSQL only: connections this process holds (SMARTCITY_DB_POOL_SIZE) */
  databasePoolSize: number;
  host: string;
  port: number;
  /** Signs cookies and CSRF tokens. Without SMARTCITY_SECRET a random one is made per process. */
  secret: string;
  secureCookies: boolean;
  /**
   * The reverse proxies whose X-Forwarded-For / -Proto are believed (SMARTCITY_TRUST_PROXY: addresses or CIDRs,
   * comma-separated); unset, the headers are ignored. Cookies are Secure when the request came over HTTPS.
   */
  trustProxy: string | undefined;
  sessionHours: number;
  loginRateLimit: number;
  /**
   * Where the rate limits count (REDIS_URL): one Redis shared by every instance, so a client's allowance is the same
   * behind a load balancer. Unset: each process counts alone (one instance, PGlite).
   */
  redisUrl: string | undefined;
  /** the bearer token a Prometheus scraper sends to /metrics (SMARTCITY_METRICS_TOKEN); unset, there is no /metrics */
  metricsToken: string | undefined;
  /** the rate-limit keys' prefix in Redis (instances of one platform share it) */
  rateLimitNamespace: string;
  /** official documents (DOCX/PDF) one user may download per minute */
  documentRateLimit: number;
  /** data calls one API key (or one signed-in user) may make per minute on the city platform */
  dataRateLimit: number;
  /** days the city platform keeps its metering and personal-information read logs */
  dataLogRetentionDays: number;
  /** 审计日志保存期限: months the audit log is kept whole (0: for ever) */
  auditRetentionMonths: number;
  /** 定期备份: where scheduled backups go (none: off), every how many hours, how many are kept */
  backups: { dir: string | undefined; hours: number; keep: number };
  /** the largest file a bulk load accepts, in bytes (SMARTCITY_LOAD_MAX_MB) */
  loadMaxBytes: number;
  /** what an XLSX load's parts may inflate to, in bytes (SMARTCITY_LOAD_XLSX_INFLATED_MB): the zip-bomb guard */
  loadXlsxInflatedBytes: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  demoPassword: string;
  /** Encrypts organisations' SM2 private keys; without SMARTCITY_MASTER_KEY a key file beside the data dir. */
  /** SMTP for the e-mail outbox (smtp://user:pass@host:port); unset → mail waits in the outbox, nothing fails */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** seconds between rounds of the scheduled-jobs worker (reminders, escalations); 0 = no worker in this process */
  jobIntervalSeconds: number;
  masterKey: string | undefined;
  masterKeyFile: string;
  /** change subscriptions' deliveries (docs/platform.md): rounds, time-outs, retries, the pause threshold, intranet targets */
  webhooks: {
    /** ms between the dispatcher's rounds; 0 = no dispatcher in this process */
    intervalMs: number;
    timeoutMs: number;
    retryBaseMs: number;
    pauseAfter: number;
    allowPrivate: boolean;
    concurrency: number;
  };

  /**
   * Where the public reaches this platform (SMARTCITY_PUBLIC_URL, e.g. https://smartcity.example.gov.cn): signed
   * documents print their verification link from it, and e-mails their links (password resets), never from a
   * request's Host header, which the client chooses.
   */
  publicUrl: string;

  /** the footer every public page carries, as a government site's does: 主办单位 and contact (SMARTCITY_SITE_SPONSOR, SMARTCITY_SITE_CONTACT) */
  siteSponsor: string;
  siteContact: string | null;

  webDist: string;
  logLevel: string;
}

/** A start-up problem the user can fix (environment, port, data folder): one line, exit code 1, no stack trace. */
export class StartupError extends Error {}

export const DEFAULT_DEMO_PASSWORD = 'Smartcity@2013';

/** 《网络安全法》第二十一条: network logs are kept for no less than six months. */
export const AUDIT_RETENTION_MIN_MONTHS = 6;
const auditRetention = (months: number) => {
  if (months !== 0 && months < AUDIT_RETENTION_MIN_MONTHS)
    throw new StartupError(
      `SMARTCITY_AUDIT_RETENTION_MONTHS must be 0 (kept for ever) or at least ${AUDIT_RETENTION_MIN_MONTHS} (网络安全法第二十一条)`,
    );
  return months;
};

/**
 * PGlite's page cache. Its own default, 128 MB, is reserved in the process's memory from the start and grows the
 * resident size of an idle platform by as much (433 MB idle with the demo; 32 MB takes some 100 MB off): the embedded
 * engine serves a pilot's or a province's data, and a page it misses is read from the OS's file cache.
 */
export const PGLITE_SHARED_BUFFERS_MB = 32;

/**
 * Connections one process holds on PostgreSQL. More is not faster: at 50 concurrent requests on two cores a pool of 64
 * (every request its own backend) answered with 1.4–5.8 times the p99 of a pool of 8, and fewer requests a second
 * (bench/README.md, "Every read route"): fifty busy backends take the cores from the event loop that must answer them,
 * while a request waiting in the pool's queue costs nothing. Size it to the database server's cores, not the load.
 */
export const DATABASE_POOL_SIZE = 10;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.SMARTCITY_DATA_DIR ?? '.data/pglite');
  const num = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new StartupError(`${name} must be a number, got ${v}`);
    return n;
  };
  const wholeAtLeastOne = (name: string, fallback: number) => {
    const n = num(name, fallback);
    if (!Number.isInteger(n) || n < 1) throw new StartupError(`${name} must be a whole number, 1 or more, got ${n}`);
    return n;
  };
  const port = num('PORT', 3000);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    pgliteSharedBuffersMb: wholeAtLeastOne('SMARTCITY_PGLITE_SHARED_BUFFERS_MB', PGLITE_SHARED_BUFFERS_MB),
    databasePoolSize: wholeAtLeastOne('SMARTCITY_DB_POOL_SIZE', DATABASE_POOL_SIZE),
    host: env.HOST ?? '127.0.0.1',
    port,
    secret: env.SMARTCITY_SECRET ?? randomBytes(32).toString('hex'),
    secureCookies: env.SMARTCITY_SECURE_COOKIES === '1',
    trustProxy: env.SMARTCITY_TRUST_PROXY || undefined,
    sessionHours: num('SMARTCITY_SESSION_HOURS', 12),
    loginRateLimit: num('SMARTCITY_LOGIN_RATE_LIMIT', 30),
    redisUrl: env.REDIS_URL || undefined,
    metricsToken: env.SMARTCITY_METRICS_TOKEN || undefined,
    rateLimitNamespace: env.SMARTCITY_RATE_LIMIT_NAMESPACE || 'smartcity-rl:',
    documentRateLimit: num('SMARTCITY_DOCUMENT_RATE_LIMIT', 30),
    dataRateLimit: num('SMARTCITY_DATA_RATE_LIMIT', 600),
    loadMaxBytes: num('SMARTCITY_LOAD_MAX_MB', 2048) * 1024 * 1024,
    // a full sheet (1,048,576 rows × 12 fields) is about 700 MB of XML
    loadXlsxInflatedBytes: num('SMARTCITY_LOAD_XLSX_INFLATED_MB', 2048) * 1024 * 1024,
    dataLogRetentionDays: num('SMARTCITY_DATA_LOG_RETENTION_DAYS', 1095),
    auditRetentionMonths: auditRetention(num('SMARTCITY_AUDIT_RETENTION_MONTHS', 0)),
    // on PGlite beside the data folder by default; on PostgreSQL only where one is named
    backups: {
      dir: env.SMARTCITY_BACKUP_DIR ? resolve(env.SMARTCITY_BACKUP_DIR) : env.DATABASE_URL ? undefined : resolve(dataDir, '..', 'backups'),
      hours: num('SMARTCITY_BACKUP_HOURS', 24),
      keep: num('SMARTCITY_BACKUP_KEEP', 7),
    },
    lockoutAttempts: num('SMARTCITY_LOCKOUT_ATTEMPTS', 5),
    lockoutMinutes: num('SMARTCITY_LOCKOUT_MINUTES', 15),
    demoPassword: env.SMARTCITY_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    smtpUrl: env.SMARTCITY_SMTP_URL || undefined,
    mailFrom: env.SMARTCITY_MAIL_FROM ?? '国家智慧城市试点管理平台 <noreply@localhost>',
    jobIntervalSeconds: num('SMARTCITY_JOB_INTERVAL_SECONDS', 60),
    masterKey: env.SMARTCITY_MASTER_KEY || undefined,
    masterKeyFile: resolve(dataDir, '..', 'master.key'),
    webhooks: {
      intervalMs: num('SMARTCITY_WEBHOOK_INTERVAL_MS', 500),
      timeoutMs: num('SMARTCITY_WEBHOOK_TIMEOUT_MS', 10_000),
      retryBaseMs: num('SMARTCITY_WEBHOOK_RETRY_BASE_MS', 5_000),
      pauseAfter: num('SMARTCITY_WEBHOOK_PAUSE_AFTER', 10),
      allowPrivate: env.SMARTCITY_WEBHOOK_ALLOW_PRIVATE === '1',
      concurrency: num('SMARTCITY_WEBHOOK_CONCURRENCY', 200),
    },
    publicUrl: publicUrl(env.SMARTCITY_PUBLIC_URL || `http://127.0.0.1:${port}`),

    siteSponsor: env.SMARTCITY_SITE_SPONSOR || '中华人民共和国住房和城乡建设部',
    siteContact: env.SMARTCITY_SITE_CONTACT || null,

    webDist: resolve(env.SMARTCITY_WEB_DIST ?? WEB_DIST),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

/** An http(s) base URL without a trailing slash, so `${publicUrl}/verify/…` is one URL. */
function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StartupError(`SMARTCITY_PUBLIC_URL must be an http(s) URL, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new StartupError(`SMARTCITY_PUBLIC_URL must be an http(s) URL, got ${value}`);
  return url.href.replace(/\/+$/, '');
}
