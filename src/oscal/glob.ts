/**
 * `matching/@pattern` is a glob (req-include-by-match): `*` matches any run of
 * characters, `?` one character, `[abc]` / `[a-z]` / `[!abc]` one character of
 * (or not of) a set. The whole id must match. Everything else is literal, so
 * the dots and hyphens of control ids (`ac-2.1`) need no escaping.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern.charAt(i);
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else source += char.replace(/[.+^${}()|\\/\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/** True when `id` matches the glob `pattern`. */
export function matchesGlob(id: string, pattern: string): boolean {
  return globToRegExp(pattern).test(id);
}
