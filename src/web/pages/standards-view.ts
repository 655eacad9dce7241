import { listStandardControls, type ControlListItem, type Store } from '../../app/index.js';
import { MAX_PAGE_SIZE, type Grade } from '../../domain/index.js';
import { catalogue, translator, type Locale } from '../../i18n/index.js';
import type { Control } from '../../oscal/index.js';

/** What the standard's pages share: names of families and controls, and whole lists of controls. */

/** Colours of the grade tags; each passes WCAG AA contrast in govuk-frontend. */
export const GRADE_COLOURS: Readonly<Record<Grade, string>> = { 1: 'turquoise', 2: 'blue', 3: 'purple' };

/** A version's name in the page's language. */
export function nameOf(standard: { readonly nameJa: string; readonly nameEn: string }, locale: Locale): string {
  return locale === 'en' ? standard.nameEn : standard.nameJa;
}

/** Text with the language it is written in, when that differs from the page's. */
export interface LangText {
  readonly text: string;
  readonly lang: string | undefined;
}

/**
 * A family's name in the page's language. Families keep NIST's English
 * titles; the Japanese catalogue names the 20 families of SP 800-53 rev 5,
 * and is used only when the standard's title is NIST's own, so that a
 * standard with families of its own is never mistranslated.
 */
export function familyName(locale: Locale, familyId: string, familyTitle: string): LangText {
  const key = `standards.family.${familyId}`;
  if (locale !== 'en' && catalogue('en')[key] === familyTitle) return { text: translator(locale)(key), lang: undefined };
  return { text: familyTitle, lang: locale === 'en' ? undefined : 'en' };
}

/** NIST's label for a control id: ac-2 → AC-2, ac-2.1 → AC-2(1); any other id is shown as it is. */
export function controlLabel(id: string): string {
  const match = /^([a-z]+)-(\d+)((?:\.\d+)*)$/.exec(id);
  if (!match) return id;
  const [, family = '', number = '', enhancements = ''] = match;
  const suffix = enhancements === '' ? '' : enhancements.slice(1).split('.').map((n) => `(${n})`).join('');
  return `${family.toUpperCase()}-${number}${suffix}`;
}

/** The control's own label property (OSCAL `props[name=label]`), else one made from its id. */
export function labelOf(control: Control): string {
  return control.props?.find((p) => p.name === 'label')?.value ?? controlLabel(control.id);
}

/** NIST's text is English: inside a page in another language it is marked so (WCAG 3.1.2). */
export function englishLang(locale: Locale): string | undefined {
  return locale === 'en' ? undefined : 'en';
}

/** Safety bound on paging through one list: 100 pages of 100 is more than any catalog holds. */
const MAX_PAGES = 100;

/** Every control of a grade (or of one family in it), in catalog order, by paging through the list. */
export async function listAllControls(store: Store, version: string, grade: Grade, family?: string): Promise<ControlListItem[]> {
  const items: ControlListItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const slice = await listStandardControls(store, version, grade, { family, cursor, limit: MAX_PAGE_SIZE });
    items.push(...slice.items);
    if (!slice.nextCursor) break;
    cursor = slice.nextCursor;
  }
  return items;
}

export function gradeHref(version: string, grade: Grade): string {
  return `/standards/${encodeURIComponent(version)}/grades/${grade}`;
}

export function controlHref(version: string, id: string): string {
  return `/standards/${encodeURIComponent(version)}/controls/${encodeURIComponent(id)}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
