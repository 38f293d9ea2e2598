import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { organisationKeys, signatures } from '../db/schema.js';
import { sm3Bytes } from '../lib/canonical.js';
import { AppError } from '../lib/errors.js';
import { organisationKeyPair, signMessage, verifyMessage, type MasterKey } from '../signing/keys.js';
import type { Actor } from '../tenancy/actor.js';
import type { Subject } from './subject.js';

export type SignatureRow = typeof signatures.$inferSelect;

interface SignedFields {
  subjectType: string;
  subjectId: string;
  versionNumber: number;
  digest: string;
  party: string;
  organisationId: string;
  signerName: string;
  signerTitle: string;
  signedOn: string;
}

/** What an SM2 signature covers: which record and version, its SM3 digest, and who signed for which party, when. */
const signedMessage = (f: SignedFields) =>
  [f.subjectType, f.subjectId, f.versionNumber, f.digest, f.party, f.organisationId, f.signerName, f.signerTitle, f.signedOn].join('|');

export async function signaturesOf(db: Queryable, subject: Pick<Subject, 'type' | 'id'>, versionNumber?: number) {
  return db
    .select()
    .from(signatures)
    .where(
      and(
        eq(signatures.subjectType, subject.type),
        eq(signatures.subjectId, subject.id),
        versionNumber === undefined ? undefined : eq(signatures.versionNumber, versionNumber),
      ),
    )
    .orderBy(asc(signatures.versionNumber), asc(signatures.createdAt));
}

/** Every record that carries a signature (for checking the whole database). */
export const signedSubjects = (db: Queryable) =>
  db.selectDistinct({ type: signatures.subjectType, id: signatures.subjectId }).from(signatures) as Promise<Pick<Subject, 'type' | 'id'>[]>;

/**
 * Which parties have signed each of many records, at the version given per record: one query for a whole list
 * (the to-do lists), instead of one per record.
 */
export async function partiesSigned(db: Queryable, type: string, versions: Map<string, number>): Promise<Map<string, string[]>> {
  const signed = new Map<string, string[]>([...versions.keys()].map((id) => [id, []]));
  if (versions.size === 0) return signed;
  const rows = await db
    .select({ subjectId: signatures.subjectId, versionNumber: signatures.versionNumber, party: signatures.party })
    .from(signatures)
    .where(and(eq(signatures.subjectType, type), inArray(signatures.subjectId, [...versions.keys()])));
  for (const r of rows) if (versions.get(r.subjectId) === r.versionNumber) signed.get(r.subjectId)!.push(r.party);
  return signed;
}

/** Signs a frozen version for the actor's organisation; a party signs a version once. */
export async function addSignature(
  tx: Tx,
  masterKey: MasterKey,
  subject: Subject,
  actor: Actor,
  s: { versionNumber: number; digest: string; party: string; signerName: string; signerTitle: string; signedOn: string },
) {
  const already = await signaturesOf(tx, subject, s.versionNumber);
  if (already.some((x) => x.party === s.party)) throw new AppError(409, 'already_signed', 'party');
  const fields: SignedFields = { ...s, subjectType: subject.type, subjectId: subject.id, organisationId: actor.organisationId };
  const { privateKey } = await organisationKeyPair(tx, masterKey, actor.organisationId);
  await tx.insert(signatures).values({
    ...s,
    subjectType: subject.type,
    subjectId: subject.id,
    ownerOrgId: subject.ownerOrgId,
    organisationId: actor.organisationId,
    signerUserId: actor.userId,
    signature: signMessage(signedMessage(fields), privateKey),
  });
  return [...already.map((x) => x.party), s.party];
}

export interface VersionCheck {
  number: number;
  digestOk: boolean;
  signatures: { party: string; signerName: string; signedOn: string; ok: boolean }[];
}

/**
 * Every signed version: its stored content must still hash to its digest (`recompute` returns the stored and
 * the recomputed digest), and every signature must verify with the signer organisation's published key.
 */
export async function verifySignatures(
  db: Queryable,
  subject: Pick<Subject, 'type' | 'id'>,
  recompute: (versionNumber: number) => Promise<{ stored: string; recomputed: string } | null>,
): Promise<VersionCheck[]> {
  const rows = await signaturesOf(db, subject);
  const keys = await publicKeys(db, [...new Set(rows.map((s) => s.organisationId))]);
  const out: VersionCheck[] = [];
  for (const number of [...new Set(rows.map((s) => s.versionNumber))]) {
    const digests = await recompute(number);
    const digestOk = digests !== null && digests.stored === digests.recomputed;
    out.push({
      number,
      digestOk,
      signatures: rows
        .filter((s) => s.versionNumber === number)
        .map((s) => {
          const key = keys.get(s.organisationId);
          const ok = digestOk && s.digest === digests!.recomputed && !!key && verifyMessage(signedMessage(s), s.signature, key);
          return { party: s.party, signerName: s.signerName, signedOn: s.signedOn, ok };
        }),
    });
  }
  return out;
}

async function publicKeys(db: Queryable, organisationIds: string[]) {
  if (organisationIds.length === 0) return new Map<string, string>();
  const rows = await db.select().from(organisationKeys).where(inArray(organisationKeys.organisationId, organisationIds));
  return new Map(rows.map((r) => [r.organisationId, r.publicKey]));
}

/** Public keys are published: anyone may check a signed document. */
export async function listPublicKeys(db: Queryable) {
  return db
    .select({
      organisationId: organisationKeys.organisationId,
      publicKey: organisationKeys.publicKey,
      createdAt: organisationKeys.createdAt,
    })
    .from(organisationKeys);
}

// SM2 public keys are the uncompressed point 04‖x‖y; as SubjectPublicKeyInfo (id-ecPublicKey, curve SM2 1.2.156.10197.1.301)
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
/** The SM2 user ID (GB/T 32918 default) every signature here is made with: OpenSSL's `-pkeyopt distid:` */
export const SM2_USER_ID = '1234567812345678';

/** r‖s (64 bytes, hex) as the DER SEQUENCE of two INTEGERs that OpenSSL reads. */
function derSignature(rs: string): Buffer {
  const int = (hex: string) => {
    let b = Buffer.from(hex, 'hex');
    while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1);
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([int(rs.slice(0, 64)), int(rs.slice(64))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function publicKeyPem(publicKeyHex: string): { pem: string; fingerprint: string } {
  const der = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]);
  const lines = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return { pem: `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`, fingerprint: sm3Bytes(der) };
}

/**
 * Everything a third party needs to check each signature of a record with standard tools (docs/signatures.md): the
 * exact signed message (UTF-8), the signature as DER, the signer's key as SPKI PEM with its SM3 fingerprint, the SM2 user ID.
 */
export async function signatureEvidence(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
  const rows = await signaturesOf(db, subject);
  const keys = await publicKeys(db, [...new Set(rows.map((s) => s.organisationId))]);
  return rows.map((s) => {
    const key = keys.get(s.organisationId);
    const pem = key ? publicKeyPem(key) : null;
    return {
      versionNumber: s.versionNumber,
      party: s.party,
      organisationId: s.organisationId,
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      signedOn: s.signedOn,
      digest: s.digest,
      algorithm: 'SM2 with SM3 (GB/T 32918, GM/T 0009)',
      userId: SM2_USER_ID,
      message: signedMessage(s),
      signatureDer: derSignature(s.signature).toString('base64'),
      publicKeyPem: pem?.pem ?? '',
      publicKeyFingerprint: pem?.fingerprint ?? '',
    };
  });
}
