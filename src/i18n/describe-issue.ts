import type { FieldIssue } from '../domain/index.js';
import { hasMessage, translator, type Locale } from './translator.js';

/** "Field: what is wrong", in one language, for one issue found in an input. */
export function describeIssue(locale: Locale, issue: FieldIssue): string {
  const t = translator(locale);
  const key = `field.${issue.pointer.replace(/^\//, '').replaceAll('/', '.')}`;
  // A field without a label (an unknown parameter) is named as it was sent.
  const field = hasMessage(key) ? t(key) : (issue.pointer.split('/').at(-1) ?? issue.pointer);
  // A registry scheme is named in the reader's words, not by its identifier.
  const params = issue.params?.scheme === undefined ? issue.params : { ...issue.params, scheme: t(`scheme.${issue.params.scheme}`) };
  return t('issue.with-field', { field, problem: t(`issue.${issue.code}`, params) });
}
