import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { Organisation } from '../domain/index.js';
import { isLocale, type Locale } from '../i18n/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The template environment: our templates first, then govuk-frontend's
 * (`govuk/components/…/macro.njk`). Autoescaping is on: every value is text
 * unless a template says `| safe`, which ours do only for our own markup.
 */
export function createEnvironment(timeZone: string): nunjucks.Environment {
  const govuk = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(here, 'templates'), govuk]), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const regionNames = new Map<Locale, Intl.DisplayNames>();
  const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

  // A component's parameters with defaults under them, such as the character count's words in the page's language.
  env.addFilter('defaults', (params: Record<string, unknown>, defaults: Record<string, unknown>) => ({ ...defaults, ...params }));
  env.addFilter('orgName', (org: Organisation, locale: unknown) => (locale === 'en' ? org.nameEn : org.nameJa));
  env.addFilter('countryName', (code: string, locale: unknown) => {
    const lang: Locale = isLocale(locale) ? locale : 'ja';
    let names = regionNames.get(lang);
    if (!names) regionNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })));
    return names.of(code) ?? code;
  });
  env.addFilter('date', (value: Date, locale: unknown) => {
    const lang: Locale = isLocale(locale) ? locale : 'ja';
    let format = dateFormats.get(lang);
    // English pages use British conventions, like their spelling (25 November 2026).
    if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ja-JP', { dateStyle: 'long', timeZone })));
    return format.format(value);
  });
  // A moment people act on (when a lock ends, when a session was last used):
  // the date with the time of day and the time zone's name, so that nobody
  // has to guess which clock it is on.
  const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();
  env.addFilter('dateTime', (value: Date, locale: unknown) => {
    const lang: Locale = isLocale(locale) ? locale : 'ja';
    let format = dateTimeFormats.get(lang);
    if (!format) {
      format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ja-JP', {
        year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone,
      });
      dateTimeFormats.set(lang, format);
    }
    return format.format(value);
  });
  return env;
}
