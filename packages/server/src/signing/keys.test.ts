import { describe, expect, it } from 'vitest';
import { sm2 } from 'sm-crypto-v2';
import { deriveMasterKey, openPrivateKey, sealPrivateKey, signMessage, verifyMessage } from './keys.js';

describe('organisation keys', () => {
  const key = deriveMasterKey('test-master');
  const pair = sm2.generateKeyPairHex();

  it('seal and open a private key; a wrong master key or a flipped byte is refused', () => {
    const sealed = sealPrivateKey(key, pair.privateKey);
    expect(sealed).not.toContain(pair.privateKey);
    expect(openPrivateKey(key, sealed)).toBe(pair.privateKey);
    expect(() => openPrivateKey(deriveMasterKey('other'), sealed)).toThrow(/authentication/);
    const [v, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64');
    flipped[20] = flipped[20]! ^ 1;
    expect(() => openPrivateKey(key, `${v}.${flipped.toString('base64')}.${tag}`)).toThrow(/authentication/);
  });

  it('SM2 signatures verify with the public key and fail for another message or key', () => {
    const sig = signMessage('digest|ministry|张三|2013-02-20', pair.privateKey);
    expect(verifyMessage('digest|ministry|张三|2013-02-20', sig, pair.publicKey)).toBe(true);
    expect(verifyMessage('digest|ministry|李四|2013-02-20', sig, pair.publicKey)).toBe(false);
    expect(verifyMessage('digest|ministry|张三|2013-02-20', sig, sm2.generateKeyPairHex().publicKey)).toBe(false);
    expect(verifyMessage('digest|ministry|张三|2013-02-20', 'zz' + sig.slice(2), pair.publicKey)).toBe(false);
  });
});
