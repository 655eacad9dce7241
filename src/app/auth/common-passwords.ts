import { readFile } from 'node:fs/promises';

/**
 * The blocklist of NIST SP 800-63B rev 4 §3.1.1.2: passwords "obtained from
 * previous breach corpuses" and other commonly used ones, which a verifier
 * SHALL refuse. The list ships with the product (data/passwords/, see its
 * README for where it came from), so the check needs no network and never
 * sends any part of a password anywhere.
 *
 * The path is relative to this module and resolves to the same file from
 * src/app/auth (tsx, vitest) and from dist/app/auth (the build).
 */
const LIST_URL = new URL('../../../data/passwords/common-passwords.txt', import.meta.url);

/** Whether a password is on the list, compared NFKC-normalised and lower-cased. */
export type CommonPasswordCheck = (password: string) => boolean;

let loading: Promise<CommonPasswordCheck> | undefined;

/**
 * Reads the list once per process into a Set (about 49,000 entries, a few MiB
 * of memory) and answers from it. Concurrent callers share the one read; a
 * failed read is not cached, so a later call tries again.
 */
export function loadCommonPasswords(): Promise<CommonPasswordCheck> {
  loading ??= readList().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readList(): Promise<CommonPasswordCheck> {
  const text = await readFile(LIST_URL, 'utf8');
  const entries = new Set<string>();
  for (const line of text.split('\n')) {
    const entry = fold(line.replace(/\r$/, ''));
    if (entry !== '') entries.add(entry);
  }
  if (entries.size === 0) throw new Error(`the common-password list at ${LIST_URL.pathname} is empty`);
  // Folding again here makes the check safe to call with a raw password too;
  // folding is idempotent, so the domain's already-folded input is unchanged.
  return (password) => entries.has(fold(password));
}

/** The same folding as the password policy (src/domain/password-policy.ts). */
function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}
