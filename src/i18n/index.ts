export {
  catalogue,
  DEFAULT_LOCALE,
  hasMessage,
  isLocale,
  LOCALES,
  translator,
  type Locale,
  type MessageKey,
  type MessageParams,
  type Translate,
} from './translator.js';
export { negotiateLocale } from './negotiate.js';
export { describeIssue } from './describe-issue.js';
