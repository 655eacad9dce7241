/**
 * Where to go after signing in: only a path on this site. Anything that a
 * browser could read as another origin — `https://…`, `//evil.example`,
 * `/\evil.example` (browsers treat the backslash as a slash), or a scheme
 * such as `javascript:` — falls back to the default, so the sign-in form
 * cannot be used as an open redirect (OWASP "Unvalidated Redirects and
 * Forwards").
 */
export function safeNext(value: unknown, fallback = '/account'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || hasControlCharacter(value)) return fallback;
  const base = 'http://shinrai.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const path = `${url.pathname}${url.search}`;
  // Signing in again, or signing out, is never where a person meant to go.
  return path.startsWith('/sign-in') || path.startsWith('/sign-out') ? fallback : path;
}

/** The sign-in page that comes back to `path` afterwards (slashes left readable). */
export function signInHref(path: string): string {
  return `/sign-in?next=${encodeURIComponent(path).replace(/%2F/gi, '/')}`;
}

/** C0 controls and DEL: a CR or LF in a Location header could split the response. */
function hasControlCharacter(value: string): boolean {
  return [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
