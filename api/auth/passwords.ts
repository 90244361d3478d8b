// Password hashing with scrypt, a memory-hard function built into Node.js (no native add-on).
// Stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` so the cost can rise without breaking old hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError, type Problem } from '../../domain/errors.ts';

const LOG_N = 15; // N = 32768, r = 8: 32 MiB and about 0.1 s per hash on a laptop core
const R = 8;
const P = 1;
const KEY_LEN = 32;

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(pw.normalize('NFKC'), salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
const options = (logN: number, r: number, p: number): ScryptOptions => ({
  N: 2 ** logN,
  r,
  p,
  maxmem: 256 * 2 ** logN * r + 1024 * 1024,
});

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LEN, options(LOG_N, R, P));
  return ['scrypt', LOG_N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, logN, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(
    password,
    Buffer.from(salt, 'base64url'),
    expected.length,
    options(Number(logN), Number(r), Number(p)),
  );
  return timingSafeEqual(key, expected);
}

// Verifying against this keeps the time of a sign-in with an unknown user name the same.
let dummy: Promise<string> | null = null;
export const dummyHash = () => (dummy ??= hashPassword('lotgraph-no-such-user'));

export const MIN_PASSWORD = 10;

/** What is wrong with a new password, or nothing. */
export function passwordProblems(password: unknown, username: string, field = 'password'): Problem[] {
  if (typeof password !== 'string') return [{ field, reason: 'is required' }];
  if (password.length < MIN_PASSWORD)
    return [{ field, reason: `must be at least ${MIN_PASSWORD} characters` }];
  if (password.length > 256) return [{ field, reason: 'must be at most 256 characters' }];
  if (password.toLowerCase() === username.toLowerCase())
    return [{ field, reason: 'must not be the user name' }];
  return [];
}

export function assertPassword(password: unknown, username: string, field = 'password'): string {
  const problems = passwordProblems(password, username, field);
  if (problems.length) throw new AppError('INVALID_INPUT', 'the password is not acceptable', { problems });
  return password as string;
}
