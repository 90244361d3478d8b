// Random secrets (session ids, API tokens, CSRF tokens) and their stored digests. The secrets
// carry 256 random bits, so a plain SHA-256 digest is enough to store them; only the holder of
// the secret can present it, and a stolen table reveals nothing usable.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'lgt_';

export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
export const newId = () => randomUUID();

/** A new API token: the secret (shown once) and the prefix kept to recognise it in lists. */
export function newApiToken(): { secret: string; prefix: string; hash: string } {
  const secret = TOKEN_PREFIX + randomSecret();
  return { secret, prefix: secret.slice(0, TOKEN_PREFIX.length + 6), hash: digest(secret) };
}

/** Compares two strings in constant time (for CSRF tokens and the environment's admin token). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(digest(a), 'hex');
  const y = Buffer.from(digest(b), 'hex');
  return timingSafeEqual(x, y);
}
