import type { FieldIssue } from './errors.js';

/**
 * A name people typed (of an organisation, of an API token) in the form it is
 * kept: NFC keeps what the person typed but makes equal names compare equal,
 * and runs of white space become one space. Problems are added to `issues`;
 * the length is counted in characters, as PostgreSQL's length() counts them.
 */
export function checkName(raw: string, pointer: string, maxLength: number, issues: FieldIssue[]): string {
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (name === '') issues.push({ pointer, code: 'required' });
  else if ([...name].length > maxLength) issues.push({ pointer, code: 'too-long', params: { max: maxLength } });
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  else if (/[\u0000-\u001f\u007f]/.test(name)) issues.push({ pointer, code: 'control-characters' });
  return name;
}
