import { DEFAULT_LOCALE, isLocale, type Locale } from './translator.js';

/**
 * Picks the language of a response: an explicit choice (the `lang` query or
 * cookie) wins, then the first supported language of Accept-Language by
 * quality (RFC 9110 §12.5.4), then Japanese.
 */
export function negotiateLocale(choice: unknown, acceptLanguage: string | undefined): Locale {
  if (isLocale(choice)) return choice;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...attributes] = part.trim().split(';');
      const q = attributes.map((a) => a.trim()).find((a) => a.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((r) => r.primary).find(isLocale) ?? DEFAULT_LOCALE;
}
