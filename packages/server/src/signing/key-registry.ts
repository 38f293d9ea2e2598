import { and, asc, desc, eq, inArray, isNull, notExists, sql } from 'drizzle-orm';
import { sm2 } from 'sm-crypto-v2';
import { appendAudit } from '../audit/audit.js';
import type { Db, Queryable, Tx } from '../db/client.js';
import { auditLog, organisationKeys } from '../db/schema.js';
import { canonicalJson, digestOf, sm3Bytes } from '../lib/canonical.js';
import type { Clock } from '../lib/clock.js';
import { ministryOrgId } from '../modules/organisations/organisations.repository.js';
import type { Actor } from '../tenancy/actor.js';
import { openPrivateKey, sealPrivateKey, signMessage, verifyMessage, type MasterKey } from './keys.js';

/*
 * Which public key is an organisation's is not taken from the keys table alone — someone able to write the database
 * could put their own key there and sign anything again. Each key is pinned in the audit chain when it is made (its
 * number and SM3 fingerprint; the chain is anchored by signed checkpoints), and a later key is announced by a
 * statement signed with the previous one. Verification trusts only keys that are pinned and, after the first, announced.
 */

// SM2 public keys are the uncompressed point 04‖x‖y; as SubjectPublicKeyInfo (id-ecPublicKey, curve SM2 1.2.156.10197.1.301)
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
/** The SM2 user ID (GB/T 32918 default) every signature here is made with: OpenSSL's `-pkeyopt distid:` */
export const SM2_USER_ID = '1234567812345678';

/** The key as SPKI PEM (what OpenSSL reads) and its fingerprint: SM3 of the SPKI DER. */
export function publicKeyPem(publicKeyHex: string): { pem: string; fingerprint: string } {
  const der = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]);
  const lines = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return { pem: `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`, fingerprint: sm3Bytes(der) };
}
const fingerprintOf = (publicKeyHex: string) => publicKeyPem(publicKeyHex).fingerprint;

/** r‖s (64 bytes, hex) as the DER SEQUENCE of two INTEGERs that OpenSSL reads. */
export function derSignature(rs: string): Buffer {
  const int = (hex: string) => {
    let b = Buffer.from(hex, 'hex');
    while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1);
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([int(rs.slice(0, 64)), int(rs.slice(64))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** What the audit chain records of a key (as the entry's after-digest). */
const pinOf = (keyNo: number, fingerprint: string) => ({ keyNo, fingerprint });
const PIN_ACTIONS = ['organisationKey.create', 'organisationKey.rotate', 'organisationKey.pinExisting'];

/** The statement a retiring key signs to announce its successor (canonical JSON). */
export const rotationStatement = (
  organisationId: string,
  previous: { keyNo: number; fingerprint: string },
  next: { keyNo: number; fingerprint: string },
) =>
  canonicalJson({
    format: 'smartcity-key-rotation/1',
    organisationId,
    previousKeyNo: previous.keyNo,
    previousFingerprint: previous.fingerprint,
    keyNo: next.keyNo,
    fingerprint: next.fingerprint,
  });

export interface SigningKey {
  keyNo: number;
  publicKey: string;
  privateKey: string;
  fingerprint: string;
}

// one organisation's keys change one at a time (first use, rotation)
const lockKeys = (tx: Tx, organisationId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`organisation_keys:${organisationId}`}))`);

async function currentKey(tx: Tx, masterKey: MasterKey, organisationId: string): Promise<SigningKey | null> {
  const [row] = await tx
    .select()
    .from(organisationKeys)
    .where(and(eq(organisationKeys.organisationId, organisationId), isNull(organisationKeys.retiredAt)))
    .orderBy(desc(organisationKeys.keyNo))
    .limit(1);
  return row
    ? {
        keyNo: row.keyNo,
        publicKey: row.publicKey,
        privateKey: openPrivateKey(masterKey, row.privateKeyEncrypted),
        fingerprint: fingerprintOf(row.publicKey),
      }
    : null;
}

/** The organisation's current key pair; its first is made, and pinned in the audit chain, on first use. */
export async function signingKey(tx: Tx, masterKey: MasterKey, organisationId: string, clock: Clock): Promise<SigningKey> {
  await lockKeys(tx, organisationId);
  const current = await currentKey(tx, masterKey, organisationId);
  if (current) return current;
  const pair = sm2.generateKeyPairHex();
  await tx
    .insert(organisationKeys)
    .values({ organisationId, keyNo: 1, publicKey: pair.publicKey, privateKeyEncrypted: sealPrivateKey(masterKey, pair.privateKey) });
  const fingerprint = fingerprintOf(pair.publicKey);
  await appendAudit(
    tx,
    null,
    { action: 'organisationKey.create', targetType: 'organisationKey', targetId: organisationId, after: pinOf(1, fingerprint) },
    clock,
  );
  return { keyNo: 1, publicKey: pair.publicKey, privateKey: pair.privateKey, fingerprint };
}

/** Signs with the Ministry's current key (the audit checkpoints). */
export const ministrySigner = (masterKey: MasterKey, clock: Clock) => async (tx: Tx) => {
  const organisationId = await ministryOrgId(tx);
  const key = await signingKey(tx, masterKey, organisationId, clock);
  return { organisationId, keyNo: key.keyNo, sign: (message: string) => signMessage(message, key.privateKey) };
};

/**
 * A new key for the actor's organisation (after a suspected compromise, or on schedule): the current key signs the
 * statement announcing it and is retired — kept to verify what it signed — and the change is audited.
 */
export async function rotateKey(tx: Tx, masterKey: MasterKey, actor: Actor, clock: Clock) {
  const organisationId = actor.organisationId;
  const previous = await signingKey(tx, masterKey, organisationId, clock);
  const pair = sm2.generateKeyPairHex();
  const next = { keyNo: previous.keyNo + 1, fingerprint: fingerprintOf(pair.publicKey) };
  const statement = rotationStatement(organisationId, previous, next);
  const rotationSignature = signMessage(statement, previous.privateKey);
  await tx
    .update(organisationKeys)
    .set({ retiredAt: clock.now() })
    .where(and(eq(organisationKeys.organisationId, organisationId), eq(organisationKeys.keyNo, previous.keyNo)));
  await tx.insert(organisationKeys).values({
    organisationId,
    keyNo: next.keyNo,
    publicKey: pair.publicKey,
    privateKeyEncrypted: sealPrivateKey(masterKey, pair.privateKey),
    rotationSignature,
  });
  await appendAudit(
    tx,
    actor,
    {
      action: 'organisationKey.rotate',
      targetType: 'organisationKey',
      targetId: organisationId,
      before: pinOf(previous.keyNo, previous.fingerprint),
      after: pinOf(next.keyNo, next.fingerprint),
    },
    clock,
  );
  return {
    organisationId,
    keyNo: next.keyNo,
    fingerprint: next.fingerprint,
    previousKeyNo: previous.keyNo,
    previousFingerprint: previous.fingerprint,
    statement,
    signatureDer: derSignature(rotationSignature).toString('base64'),
    userId: SM2_USER_ID,
  };
}

export interface PublishedKey {
  organisationId: string;
  keyNo: number;
  publicKey: string;
  publicKeyPem: string;
  fingerprint: string;
  createdAt: Date;
  retiredAt: Date | null;
  /** base64 DER of the previous key's signature over the rotation statement */
  rotationSignatureDer: string | null;
  /** the audit entry pinning it; null: not pinned, so not trusted */
  pinnedAtSeq: number | null;
  /** pinned, and (after the first) announced by its predecessor */
  trusted: boolean;
}

/** The keys of the organisations given (all when omitted), each with whether verification may trust it. */
export async function publishedKeys(db: Queryable, organisationIds?: string[]): Promise<PublishedKey[]> {
  if (organisationIds?.length === 0) return [];
  const rows = await db
    .select()
    .from(organisationKeys)
    .where(organisationIds ? inArray(organisationKeys.organisationId, organisationIds) : undefined)
    .orderBy(asc(organisationKeys.organisationId), asc(organisationKeys.keyNo));
  const pins = await db
    .select({ seq: auditLog.seq, organisationId: auditLog.targetId, digest: auditLog.afterDigest })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.targetType, 'organisationKey'),
        inArray(auditLog.action, PIN_ACTIONS),
        organisationIds ? inArray(auditLog.targetId, organisationIds) : undefined,
      ),
    );
  const pinnedAt = new Map(pins.map((p) => [`${p.organisationId}#${p.digest}`, p.seq]));
  const out: PublishedKey[] = [];
  for (const row of rows) {
    const { pem, fingerprint } = publicKeyPem(row.publicKey);
    const pinnedAtSeq = pinnedAt.get(`${row.organisationId}#${digestOf(pinOf(row.keyNo, fingerprint))}`) ?? null;
    const previous = out.find((k) => k.organisationId === row.organisationId && k.keyNo === row.keyNo - 1);
    const announced =
      row.keyNo === 1 ||
      (!!previous &&
        !!row.rotationSignature &&
        verifyMessage(
          rotationStatement(row.organisationId, previous, { keyNo: row.keyNo, fingerprint }),
          row.rotationSignature,
          previous.publicKey,
        ));
    out.push({
      organisationId: row.organisationId,
      keyNo: row.keyNo,
      publicKey: row.publicKey,
      publicKeyPem: pem,
      fingerprint,
      createdAt: row.createdAt,
      retiredAt: row.retiredAt,
      rotationSignatureDer: row.rotationSignature ? derSignature(row.rotationSignature).toString('base64') : null,
      pinnedAtSeq,
      trusted: pinnedAtSeq !== null && announced && (row.keyNo === 1 || previous!.trusted),
    });
  }
  return out;
}

/**
 * Keys made before pinning existed (an upgraded database) are pinned as they are found, once: trust on first use,
 * stated in docs/threat-model.md. Run at start-up and after a restore.
 */
export async function pinExistingKeys(db: Db, clock: Clock): Promise<number> {
  // every start asks, so first one probe for a first key that no first-key pin names, rather than reading and
  // fingerprinting every key (0.2 s of a start)
  const firstKeyPins = db
    .select({ one: sql`1` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.targetType, 'organisationKey'),
        eq(auditLog.targetId, sql`${organisationKeys.organisationId}::text`),
        inArray(auditLog.action, ['organisationKey.create', 'organisationKey.pinExisting']),
      ),
    );
  const [suspect] = await db
    .select({ id: organisationKeys.organisationId })
    .from(organisationKeys)
    .where(and(eq(organisationKeys.keyNo, 1), notExists(firstKeyPins)))
    .limit(1);
  if (!suspect) return 0;
  const unpinned = (await publishedKeys(db)).filter((k) => k.pinnedAtSeq === null && k.keyNo === 1);
  if (unpinned.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (const k of unpinned)
      await appendAudit(
        tx,
        null,
        {
          action: 'organisationKey.pinExisting',
          targetType: 'organisationKey',
          targetId: k.organisationId,
          after: pinOf(k.keyNo, k.fingerprint),
        },
        clock,
      );
  });
  return unpinned.length;
}
