import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for the few secrets the database must keep readable
 * (TOTP secrets: unlike a password, the server needs the secret itself to
 * check a code). AES-256-GCM with a fresh 96-bit nonce per value; the row it
 * belongs to is bound in as associated data, so a value copied to another
 * row does not open. The key never enters the database: whoever steals a
 * backup gets ciphertext.
 *
 * Stored form: `v1.<nonce>.<ciphertext>.<tag>`, each part base64url.
 */
export interface SecretBox {
  seal(plaintext: string, boundTo: string): string;
  /** Throws when the value was not sealed with this key for this row. */
  open(sealed: string, boundTo: string): string;
}

const VERSION = 'v1';
export const SECRET_KEY_BYTES = 32;

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`the secret key must be ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
  return {
    seal: (plaintext, boundTo) => {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, nonce, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open: (sealed, boundTo) => {
      const [version, nonce, body, tag] = sealed.split('.');
      if (version !== VERSION || nonce === undefined || body === undefined || tag === undefined) {
        throw new Error('not a sealed secret (was it stored before encryption at rest?)');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url')).setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`);
}
