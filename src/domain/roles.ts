import { DomainError, type FieldIssue } from './errors.js';
import type { OrganisationKind } from './organisation.js';

/**
 * The roles a person can hold, by the kind of organisation they belong to
 * (issue 4, "Users and roles"). A role of one kind of organisation means
 * nothing in another, so it cannot be given there.
 */
export const ROLES_BY_KIND = {
  'programme-office': ['officer', 'approver', 'registrar', 'admin'],
  'auditing-body': ['auditor', 'lead-auditor', 'admin'],
  provider: ['compliance', 'admin'],
  agency: ['staff', 'procurement', 'admin'],
  'infrastructure-operator': ['staff', 'procurement', 'admin'],
} as const satisfies Record<OrganisationKind, readonly string[]>;

export type Role = (typeof ROLES_BY_KIND)[OrganisationKind][number];
export const ROLES: readonly Role[] = [...new Set(Object.values(ROLES_BY_KIND).flat())];

/** Those who decide and those who assess must prove a second factor at every sign-in. */
export function requiresSecondFactor(kind: OrganisationKind): boolean {
  return kind === 'programme-office' || kind === 'auditing-body';
}

/** Checks that every role exists for this kind of organisation; returns them without repeats. */
export function checkRoles(kind: OrganisationKind, roles: readonly string[]): Role[] {
  const allowed: readonly string[] = ROLES_BY_KIND[kind];
  const issues: FieldIssue[] = [];
  if (roles.length === 0) issues.push({ pointer: '/roles', code: 'required' });
  for (const role of roles) {
    if (!allowed.includes(role)) issues.push({ pointer: '/roles', code: 'role-not-for-kind', params: { role, kind, allowed: allowed.join(', ') } });
  }
  if (issues.length > 0) throw new DomainError('validation', `roles not valid for ${kind}: ${roles.join(', ')}`, { issues });
  return [...new Set(roles)] as Role[];
}

const EMAIL = /^[^\s@"<>()[\]\\,;:]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** An email address in the form it is stored and compared in: trimmed, NFC, lower-case. */
export function normaliseEmail(raw: string): string {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new DomainError('validation', 'not an email address', { issues: [{ pointer: '/email', code: 'email' }] });
  }
  return email;
}
