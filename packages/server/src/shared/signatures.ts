import { and, asc, eq, inArray, type Column } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { signatures } from '../db/schema.js';
import { canonicalJson } from '../lib/canonical.js';
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { signMessage, verifyMessage, type MasterKey } from '../signing/keys.js';
import { derSignature, publishedKeys, signingKey, SM2_USER_ID, type PublishedKey } from '../signing/key-registry.js';
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
  format: string;
}

/** The current encoding: RFC 8785-style canonical JSON of the typed fields (sorted keys), so no text can move between them. */
export const SIGNATURE_FORMAT = 'smartcity-signature/2';
const LEGACY_FORMAT = 'smartcity-signature/1';

/**
 * The exact bytes an SM2 signature covers (UTF-8): which record and version, its SM3 digest, who signed for which
 * party with which key (fingerprint), when. Signatures made before the format existed used the '|'-joined layout and
 * still verify as the legacy format (docs/signatures.md).
 */
function signedMessage(f: SignedFields, keyFingerprint: string): string {
  if (f.format === LEGACY_FORMAT)
    return [f.subjectType, f.subjectId, f.versionNumber, f.digest, f.party, f.organisationId, f.signerName, f.signerTitle, f.signedOn].join(
      '|',
    );
  return canonicalJson({
    format: f.format,
    subjectType: f.subjectType,
    subjectId: f.subjectId,
    versionNumber: f.versionNumber,
    digest: f.digest,
    party: f.party,
    organisationId: f.organisationId,
    keyFingerprint,
    signerName: f.signerName,
    signerTitle: f.signerTitle,
    signedOn: f.signedOn,
  });
}

const keyOf = (organisationId: string, keyNo: number) => `${organisationId}#${keyNo}`;
async function keysOf(db: Queryable, rows: SignatureRow[]): Promise<Map<string, PublishedKey>> {
  const keys = await publishedKeys(db, [...new Set(rows.map((s) => s.organisationId))]);
  return new Map(keys.map((k) => [keyOf(k.organisationId, k.keyNo), k]));
}

export async function signaturesOf(db: Queryable, subject: Pick<Subject, 'type' | 'id'>, versionNumber?: number) {
  return db
    .select()
    .from(signatures)
    .where(and(signaturesWhere(subject), versionNumber === undefined ? undefined : eq(signatures.versionNumber, versionNumber)))
    .orderBy(...signatureOrder);
}

/** A subject's signatures (its id a value, or a column of an enclosing statement), by version and then as signed. */
export const signaturesWhere = (subject: { type: Subject['type']; id: string | Column }) =>
  and(eq(signatures.subjectType, subject.type), eq(signatures.subjectId, subject.id));
export const signatureOrder = [asc(signatures.versionNumber), asc(signatures.createdAt)];

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

/** Signs a frozen version for the actor's organisation with its current key; a party signs a version once. */
export async function addSignature(
  tx: Tx,
  masterKey: MasterKey,
  clock: Clock,
  subject: Subject,
  actor: Actor,
  s: { versionNumber: number; digest: string; party: string; signerName: string; signerTitle: string; signedOn: string },
) {
  const already = await signaturesOf(tx, subject, s.versionNumber);
  if (already.some((x) => x.party === s.party)) throw new AppError(409, 'already_signed', 'party');
  const fields: SignedFields = {
    ...s,
    subjectType: subject.type,
    subjectId: subject.id,
    organisationId: actor.organisationId,
    format: SIGNATURE_FORMAT,
  };
  const key = await signingKey(tx, masterKey, actor.organisationId, clock);
  await tx.insert(signatures).values({
    ...fields,
    ownerOrgId: subject.ownerOrgId,
    signerUserId: actor.userId,
    keyNo: key.keyNo,
    signature: signMessage(signedMessage(fields, key.fingerprint), key.privateKey),
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
  const keys = await keysOf(db, rows);
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
          // only a key the audit chain pins (and its predecessor announced) counts: not whatever the keys table holds
          const key = keys.get(keyOf(s.organisationId, s.keyNo));
          const ok =
            digestOk &&
            s.digest === digests!.recomputed &&
            !!key?.trusted &&
            verifyMessage(signedMessage(s, key.fingerprint), s.signature, key.publicKey);
          return { party: s.party, signerName: s.signerName, signedOn: s.signedOn, ok };
        }),
    });
  }
  return out;
}

/**
 * Everything a third party needs to check each signature of a record with standard tools (docs/signatures.md): the
 * exact signed message (UTF-8), the signature as DER, the signer's key as SPKI PEM with its SM3 fingerprint, the SM2 user ID.
 */
export async function signatureEvidence(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
  const rows = await signaturesOf(db, subject);
  const keys = await keysOf(db, rows);
  return rows.map((s) => {
    const key = keys.get(keyOf(s.organisationId, s.keyNo));
    return {
      versionNumber: s.versionNumber,
      party: s.party,
      organisationId: s.organisationId,
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      signedOn: s.signedOn,
      digest: s.digest,
      format: s.format,
      algorithm: 'SM2 with SM3 (GB/T 32918, GM/T 0009)',
      userId: SM2_USER_ID,
      message: signedMessage(s, key?.fingerprint ?? ''),
      signatureDer: derSignature(s.signature).toString('base64'),
      keyNo: s.keyNo,
      publicKeyPem: key?.publicKeyPem ?? '',
      publicKeyFingerprint: key?.fingerprint ?? '',
      keyPinnedAtSeq: key?.pinnedAtSeq ?? null,
    };
  });
}
