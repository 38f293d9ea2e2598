import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { sm3 } from '../lib/canonical.js';

/**
 * SM2 signatures (GM/T 0003, via sm-crypto-v2: SM3 with the signer's Z value) with one key pair per
 * organisation. Private keys are stored SM4-CBC encrypted and HMAC-SM3 authenticated under a key
 * derived from the platform's master key.
 */
export interface MasterKey {
  enc: Buffer;
  mac: Buffer;
}

export function deriveMasterKey(secret: string): MasterKey {
  return {
    enc: Buffer.from(sm3(`smartcity/sm4/${secret}`), 'hex').subarray(0, 16),
    mac: Buffer.from(sm3(`smartcity/mac/${secret}`), 'hex'),
  };
}

/** SMARTCITY_MASTER_KEY, or a key file made once beside the embedded database (see README). */
export function loadMasterSecret(explicit: string | undefined, keyFile: string): string {
  if (explicit) return explicit;
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(keyFile, 'utf8').trim();
}

const mac = (key: MasterKey, data: Buffer) => createHmac('sm3', key.mac).update(data).digest();

export function sealPrivateKey(key: MasterKey, privateKeyHex: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', key.enc, iv);
  const body = Buffer.concat([iv, cipher.update(privateKeyHex, 'utf8'), cipher.final()]);
  return `v1.${body.toString('base64')}.${mac(key, body).toString('base64')}`;
}

export function openPrivateKey(key: MasterKey, sealed: string): string {
  const [version, bodyB64, tagB64] = sealed.split('.');
  if (version !== 'v1' || !bodyB64 || !tagB64) throw new Error('unknown private key format');
  const body = Buffer.from(bodyB64, 'base64');
  const tag = Buffer.from(tagB64, 'base64');
  const expected = mac(key, body);
  if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) throw new Error('private key failed authentication');
  const decipher = createDecipheriv('sm4-cbc', key.enc, body.subarray(0, 16));
  return Buffer.concat([decipher.update(body.subarray(16)), decipher.final()]).toString('utf8');
}

export const signMessage = (message: string, privateKeyHex: string) => sm2.doSignature(message, privateKeyHex, { hash: true });

export function verifyMessage(message: string, signatureHex: string, publicKeyHex: string): boolean {
  try {
    return sm2.doVerifySignature(message, signatureHex, publicKeyHex, { hash: true });
  } catch {
    return false;
  }
}
