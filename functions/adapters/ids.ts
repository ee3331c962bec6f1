/** Access codes and hashes over node:crypto. */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Ids } from '#core/ports.ts';

/** No 0/O, 1/I/L: a payer reads the code aloud on the phone or copies it from paper. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

export const ids: Ids = {
  accessCode() {
    let code = '';
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    return code;
  },
  accessCodeFor(secret, caseNumber) {
    // Derived from what only the filing's client holds (core/intake.ts: its key and its request)
    // so that a retry gets the same code back while the table holds only hashes.
    const mac = createHmac('sha256', secret).update(caseNumber).digest();
    let code = '';
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[(mac[i] ?? 0) % ALPHABET.length];
    return code;
  },
  hash(value) {
    return createHash('sha256').update(value).digest('hex');
  },
  sameHash(a, b) {
    const x = Buffer.from(a, 'hex');
    const y = Buffer.from(b, 'hex');
    return x.length === y.length && timingSafeEqual(x, y);
  },
};
