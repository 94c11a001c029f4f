/** API key secrets: 256 random bits, hashed with SHA-256, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretGenerator } from '../domain/tenancy/api-key-service.ts';

export const sha256Secrets: SecretGenerator = {
  newSecretHex: () => randomBytes(32).toString('hex'),
  hash: (secretHex) => createHash('sha256').update(secretHex, 'utf8').digest('hex'),
  sameHash: (left, right) => {
    const a = Buffer.from(left, 'utf8');
    const b = Buffer.from(right, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  },
};
