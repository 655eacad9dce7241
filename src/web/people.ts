import type { FastifyRequest } from 'fastify';
import { decide, ROLES_BY_KIND, type Organisation } from '../domain/index.js';
import type { Locale, Translate } from '../i18n/index.js';

/** What the pages of an organisation's people share: the link to them, role names and role checkboxes. */

/**
 * Where the signed-in person manages an organisation's people, if the policy
 * lets them (its own admin, or the programme office's admin): pages show the
 * link only to those it would not refuse.
 */
export function peopleHref(request: FastifyRequest, organisationId: string): string | undefined {
  return decide(request.principal, 'user.read', { organisationId }).allowed ? `/organisations/${organisationId}/users` : undefined;
}

/** The values of a group of checkboxes as a form posts them: none, one (a string) or several (an array). */
export function checkedValues(value: unknown): string[] {
  return [value].flat().filter((item): item is string => typeof item === 'string');
}

/** The checkboxes of the roles an organisation of this kind has, with those given ticked. */
export function roleItems(t: Translate, organisation: Organisation, checked: readonly string[]) {
  return ROLES_BY_KIND[organisation.kind].map((role) => ({ value: role, text: t(`role.${role}`), checked: checked.includes(role) }));
}

/** Roles as a reader says them, in a list of their language. */
export function roleNames(t: Translate, locale: Locale, roles: readonly string[]): string {
  return roles.map((role) => t(`role.${role}`)).join(locale === 'ja' ? '、' : ', ');
}

export function orgName(organisation: Organisation, locale: Locale): string {
  return locale === 'en' ? organisation.nameEn : organisation.nameJa;
}
