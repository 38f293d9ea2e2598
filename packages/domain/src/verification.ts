import { z } from 'zod';

/** The public page that verifies one signed text (a task book version, an agreement): printed with its QR code. */
export const verificationPath = (id: string) => `/verify/${id}`;
/** The link a document prints, under the platform's configured public address (never the request's Host). */
export const verificationUrl = (publicUrl: string, id: string) => `${publicUrl}${verificationPath(id)}`;

/**
 * valid: every party has signed, the text still hashes to its digest and every signature verifies with the signer's
 * published key; notSigned: not every party has signed (a draft is never reported valid); invalid: a check failed.
 */
export const VERIFICATION_RESULTS = ['valid', 'notSigned', 'invalid'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** What a third party needs to judge a printed document without signing in. */
export const publicVerificationSchema = z.object({
  kind: z.enum(['taskBook', 'agreement']),
  /** e.g. 无锡市国家智慧城市创建任务书 */
  title: z.string(),
  /** the pilot a task book belongs to; null for an agreement */
  pilot: z.string().nullable(),
  version: z.number(),
  /** false when a later version has replaced this one */
  current: z.boolean(),
  digest: z.string(),
  /** the stored text still hashes to the digest */
  digestOk: z.boolean(),
  /** every party that must sign, in the document's order */
  parties: z.array(z.string()),
  signatures: z.array(
    z.object({
      party: z.string(),
      organisation: z.string(),
      signerName: z.string(),
      signerTitle: z.string(),
      signedOn: z.string(),
      keyFingerprint: z.string(),
      ok: z.boolean(),
    }),
  ),
  result: z.enum(VERIFICATION_RESULTS),
});
export type PublicVerification = z.infer<typeof publicVerificationSchema>;
