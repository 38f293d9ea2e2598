import { and, eq, sql } from 'drizzle-orm';
import { sm2 } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organisationKeys, organisations } from '../db/schema.js';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { deriveMasterKey, sealPrivateKey } from './keys.js';
import { pinExistingKeys, publishedKeys, signingKey } from './key-registry.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ demo: false });
});
afterAll(() => env?.close());

const orgId = async (code: string) =>
  (await env.database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code)))[0]!.id;
const pins = async (organisationId: string) =>
  env.database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'organisationKey'), eq(auditLog.targetId, organisationId)));

describe('pinning keys made before pinning existed', () => {
  it('pins a first key no audit entry names, once, and leaves keys made since alone', async () => {
    const db = env.database.db;
    const master = deriveMasterKey('test-master');
    // a key made the current way: pinned when made
    const made = await orgId('DEPT-320000');
    await db.transaction((tx) => signingKey(tx, master, made, env.clock));
    expect(await pinExistingKeys(db, env.clock)).toBe(0);
    // a key as an older version stored it: no audit entry
    const old = await orgId('DEPT-110000');
    const pair = sm2.generateKeyPairHex();
    await db
      .insert(organisationKeys)
      .values({ organisationId: old, keyNo: 1, publicKey: pair.publicKey, privateKeyEncrypted: sealPrivateKey(master, pair.privateKey) });
    expect((await publishedKeys(db, [old]))[0]!.pinnedAtSeq).toBeNull();
    expect(await pinExistingKeys(db, env.clock)).toBe(1);
    expect((await publishedKeys(db, [old]))[0]!.pinnedAtSeq).toEqual(expect.any(Number));
    expect(await pins(old)).toEqual([{ action: 'organisationKey.pinExisting' }]);
    // the next start finds nothing to pin
    expect(await pinExistingKeys(db, env.clock)).toBe(0);
    expect(await pins(old)).toHaveLength(1);
    expect(await pins(made)).toEqual([{ action: 'organisationKey.create' }]);
    const [{ n }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from organisation_keys`)).rows as [{ n: number }];
    expect(n).toBe(2);
  });
});
