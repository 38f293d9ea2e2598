import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Evidence {
  message: string;
  signatureDer: string;
  publicKeyPem: string;
  userId: string;
}

/**
 * Checks signatures as a third party would, with OpenSSL 3 and nothing of ours: per item, whether the signed message
 * verifies, and whether the message with one more byte is refused (it must be).
 */
export async function opensslVerifies(items: Evidence[]): Promise<{ genuine: boolean; altered: boolean }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sm2-openssl-'));
  const verify = (n: number, msg: string, userId: string) =>
    run('openssl', [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      join(dir, `${n}.pem`),
      '-rawin',
      '-in',
      msg,
      '-sigfile',
      join(dir, `${n}.sig`),
      '-digest',
      'sm3',
      '-pkeyopt',
      `distid:${userId}`,
    ])
      .then((r) => r.stdout.includes('Signature Verified Successfully'))
      .catch(() => false);
  try {
    return await Promise.all(
      items.map(async (item, n) => {
        writeFileSync(join(dir, `${n}.msg`), item.message, 'utf8');
        writeFileSync(join(dir, `${n}.bad`), `${item.message}x`, 'utf8');
        writeFileSync(join(dir, `${n}.sig`), Buffer.from(item.signatureDer, 'base64'));
        writeFileSync(join(dir, `${n}.pem`), item.publicKeyPem);
        return {
          genuine: await verify(n, join(dir, `${n}.msg`), item.userId),
          altered: await verify(n, join(dir, `${n}.bad`), item.userId),
        };
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
