import { importProblemSchema } from './imports.js';
import { z } from 'zod';

export const provinceSchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  mainland: z.boolean(),
  pilotCount: z.number().int(),
});

export const indicatorSystemSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  version: z.string(),
  issuedBy: z.string(),
  counts: z.array(z.number().int()),
});

export type IndicatorNode = {
  id: string;
  code: string;
  name: string;
  level: number;
  uncertain: boolean;
  /** a level-3 indicator whose target is yes/no or a text, not a number (data/indicator-systems, `qualitative`) */
  qualitative: boolean;
  children: IndicatorNode[];
};
export const indicatorNodeSchema: z.ZodType<IndicatorNode> = z
  .lazy(() =>
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      level: z.number().int(),
      uncertain: z.boolean(),
      qualitative: z.boolean(),
      children: z.array(indicatorNodeSchema),
    }),
  )
  .meta({ id: 'IndicatorNode' }); // recursive: the OpenAPI document refers to it by this name

/** An indicator system as a tree (一级→二级→三级). */
export const indicatorTreeSchema = z.object({
  system: z.object({ id: z.string(), code: z.string(), name: z.string(), version: z.string() }),
  items: z.array(indicatorNodeSchema),
});

export const idParam = z.strictObject({ id: z.uuid() });
export const codeParam = z.strictObject({
  id: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9._-]+$/),
});

/** An organisation's SM2 public key as published: trusted only when the audit chain pins it (and, after the first, its predecessor announced it). */
export const publishedKeySchema = z.object({
  organisationId: z.string(),
  keyNo: z.number().int(),
  publicKey: z.string(),
  publicKeyPem: z.string(),
  /** SM3 of the key's SubjectPublicKeyInfo DER */
  fingerprint: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  /** base64 DER: the previous key's signature over the rotation statement */
  rotationSignatureDer: z.string().nullable(),
  pinnedAtSeq: z.number().int().nullable(),
  trusted: z.boolean(),
});

/** A key rotation: `statement` (canonical JSON) signed by the previous key (DER, SM2 user ID `userId`). */
export const keyRotationSchema = z.object({
  organisationId: z.string(),
  keyNo: z.number().int(),
  fingerprint: z.string(),
  previousKeyNo: z.number().int(),
  previousFingerprint: z.string(),
  statement: z.string(),
  signatureDer: z.string(),
  userId: z.string(),
});

/** A signed checkpoint of the audit chain's head: SM2 (user ID 1234567812345678) over `message`, by the Ministry's key. */
export const auditCheckpointSchema = z.object({
  seq: z.number().int(),
  /** auditCheckpoint/1 (the one legacy chain, '|' message) or smartcity-audit-checkpoint/2 (canonical JSON of every chain's head) */
  format: z.string(),
  /** chain (the acting organisation's id, 'system', or the legacy 'programme') → its head: chain_seq and hash */
  heads: z.record(z.string(), z.object({ seq: z.number().int(), hash: z.string() })),
  headHash: z.string(),
  signedAt: z.string(),
  message: z.string(),
  signature: z.string(),
  publicKey: z.string(),
});

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstBroken: z
    .object({
      seq: z.number().int(),
      chain: z.string().optional(),
      problem: z.enum(['hashMismatch', 'chainBroken', 'gap', 'tailLost', 'checkpointMismatch', 'checkpointForged', 'retentionForged']),
    })
    .nullable(),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    /** a bulk action's refused rows (nothing was done): index in the request, reason code, its words */
    rows: z.array(z.object({ index: z.number().int(), code: z.string(), message: z.string() })).optional(),
    /** an import refused: every problem by sheet, row and column */
    problems: z.array(importProblemSchema).optional(),
  }),
});
