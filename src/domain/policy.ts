import type { OrganisationKind } from './organisation.js';
import type { Role } from './roles.js';

/**
 * Who may do what to which object (issue 4, "Authorisation"). This table is
 * the one place the rules live: routes declare the action they perform
 * (src/http/access.ts), and every use case asks `decide` again with the
 * object in hand (src/app/policy.ts), so a route that forgot a check still
 * cannot act on another organisation's records.
 */
export const ACTIONS = [
  'organisation.register',
  'user.read',
  'user.invite',
  'user.change-roles',
  'user.remove',
  'audit.read',
  'token.manage',
  'token.introspect',
  'service.read',
  'service.register',
  'service.update',
  'body.oversee',
  'body.authorise',
  'body.declare-conflict',
  'body.read-conflicts',
  'body.read-auditors',
  'application.read',
  'application.draft',
  'application.check',
  'assessment.read',
  'assessment.name-lead',
  'assessment.record',
  'assessment.sign-off',
  'finding.read',
  'finding.respond',
  'decision.oversee',
  'decision.review',
  'decision.approve',
  'certification.read',
  'certification.oversee',
  'certification.suspend',
  'certification.decide',
  'certification.maintain',
  'certification.run-due-changes',
  'service.clear-review-flag',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What an API token may be allowed: `read` covers every reading action; a
 * write action must be named one by one, so a token made for one job can do
 * nothing else.
 */
export const TOKEN_SCOPES = [
  'read',
  'organisation.register',
  'user.invite',
  'user.change-roles',
  'user.remove',
  'service.register',
  'service.update',
  'body.authorise',
  'body.declare-conflict',
  'application.draft',
  'application.check',
  // An auditing body's own tools may record results (and import them as OSCAL); a provider's may answer findings.
  // Reviews, decisions and changes of a certification's status stay with people signed in with their second factor.
  'assessment.record',
  'finding.respond',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The person (or the machine client holding one of their tokens) a request acts for. */
export interface Principal {
  readonly userId: string;
  readonly organisationId: string;
  readonly organisationKind: OrganisationKind;
  readonly roles: readonly Role[];
  /** How they proved it: a browser session, or an API token limited to `scopes`. */
  readonly via: 'session' | 'token';
  readonly scopes?: readonly TokenScope[] | undefined;
}

/** The object an action is about: for now, whose it is. */
export interface PolicyTarget {
  readonly organisationId: string;
}

interface Grant {
  readonly kinds: readonly OrganisationKind[] | 'any';
  readonly roles: readonly Role[] | 'any';
  /** Only on objects of the principal's own organisation. */
  readonly ownOrganisation?: boolean;
}

interface Rule {
  readonly grants: readonly Grant[];
  /** Whether the action changes state (a token needs it named) or only reads (a token needs `read`). */
  readonly writes: boolean;
  /** Only a person at a browser may do it, never a token (managing tokens themselves). */
  readonly sessionOnly?: boolean;
}

const ALL_KINDS = 'any';
const OFFICE: readonly OrganisationKind[] = ['programme-office'];
const OFFICE_ADMIN: Grant = { kinds: OFFICE, roles: ['admin'] };
const OWN_ADMIN: Grant = { kinds: ALL_KINDS, roles: ['admin'], ownOrganisation: true };
const OWN_SERVICE_KEEPERS: Grant = { kinds: ['provider'], roles: ['compliance', 'admin'], ownOrganisation: true };
const ANYONE_OF_THE_OFFICE: Grant = { kinds: OFFICE, roles: 'any' };
/** An auditing body's people see their own body's records, and only theirs. */
const ANYONE_OF_THE_BODY: Grant = { kinds: ['auditing-body'], roles: 'any', ownOrganisation: true };

const RULES: Readonly<Record<Action, Rule>> = {
  // The registrar keeps the lists of parties; the office's admin may too.
  'organisation.register': { grants: [{ kinds: OFFICE, roles: ['registrar', 'admin'] }], writes: true },
  // Each organisation's admin administers its own people; the office's admin administers everyone's.
  'user.read': { grants: [OWN_ADMIN, OFFICE_ADMIN], writes: false },
  'user.invite': { grants: [OWN_ADMIN, OFFICE_ADMIN], writes: true },
  'user.change-roles': { grants: [OWN_ADMIN, OFFICE_ADMIN], writes: true },
  'user.remove': { grants: [OWN_ADMIN, OFFICE_ADMIN], writes: true },
  // The trail is the office's to search; it names people and addresses of every organisation.
  'audit.read': { grants: [ANYONE_OF_THE_OFFICE], writes: false },
  // Anyone signed in manages their own tokens, from their account page only.
  'token.manage': { grants: [{ kinds: ALL_KINDS, roles: 'any', ownOrganisation: true }], writes: true, sessionOnly: true },
  // A machine client may ask what its own token is (GET /api/v1/tokens/current): it reads, so it needs `read`.
  'token.introspect': { grants: [{ kinds: ALL_KINDS, roles: 'any' }], writes: false },
  // A provider's services, before certification: its own people see them, and the office, which will assess them, sees all.
  'service.read': { grants: [{ kinds: ['provider'], roles: 'any', ownOrganisation: true }, { kinds: OFFICE, roles: 'any' }], writes: false },
  // Those who apply for certification keep the service's details: the provider's compliance people and admins.
  'service.register': { grants: [OWN_SERVICE_KEEPERS], writes: true },
  'service.update': { grants: [OWN_SERVICE_KEEPERS], writes: true },
  // The office's portal of every auditing body; what it shows is public, what it offers is the registrar's.
  'body.oversee': { grants: [ANYONE_OF_THE_OFFICE], writes: false },
  // The registrar authorises bodies, and suspends, ends or reinstates their authorisations (issue 5).
  'body.authorise': { grants: [{ kinds: OFFICE, roles: ['registrar'] }], writes: true },
  // A body declares its own conflicts of interest: its admin speaks for it.
  'body.declare-conflict': { grants: [{ kinds: ['auditing-body'], roles: ['admin'], ownOrganisation: true }], writes: true },
  // Conflicts name the providers a body works for: the office and the body itself, no one else.
  'body.read-conflicts': { grants: [ANYONE_OF_THE_OFFICE, ANYONE_OF_THE_BODY], writes: false },
  // Who audits for a body: the office (which checks lead-auditor rotation) and the body itself.
  'body.read-auditors': { grants: [ANYONE_OF_THE_OFFICE, ANYONE_OF_THE_BODY], writes: false },
  // A provider's applications and their security plans: its own people, and the office that checks them.
  'application.read': { grants: [{ kinds: ['provider'], roles: 'any', ownOrganisation: true }, ANYONE_OF_THE_OFFICE], writes: false },
  // Those who keep the service's details apply for it: draft, upload the plan, submit.
  'application.draft': { grants: [OWN_SERVICE_KEEPERS], writes: true },
  // The office's officers check a submitted application's completeness, and return or accept it.
  'application.check': { grants: [{ kinds: OFFICE, roles: ['officer'] }], writes: true },
  // An assessment is the engaged body's work: its people read it, the office reads every one, and the
  // provider its own once signed off (the use case targets the body or the provider, and checks the state).
  'assessment.read': { grants: [ANYONE_OF_THE_OFFICE, ANYONE_OF_THE_BODY, { kinds: ['provider'], roles: 'any', ownOrganisation: true }], writes: false },
  // The body's admin or a lead auditor names who leads an assessment (rotation is checked then).
  'assessment.name-lead': { grants: [{ kinds: ['auditing-body'], roles: ['admin', 'lead-auditor'], ownOrganisation: true }], writes: true },
  // Those who audit for the engaged body record results, evidence and findings.
  'assessment.record': { grants: [{ kinds: ['auditing-body'], roles: ['auditor', 'lead-auditor'], ownOrganisation: true }], writes: true },
  // A lead auditor signs off; the use case checks they are the one named for the assessment.
  'assessment.sign-off': { grants: [{ kinds: ['auditing-body'], roles: ['lead-auditor'], ownOrganisation: true }], writes: true },
  // Findings on a provider's services: its own people read them to answer them, the office reads them all.
  'finding.read': { grants: [{ kinds: ['provider'], roles: 'any', ownOrganisation: true }, ANYONE_OF_THE_OFFICE], writes: false },
  // Those who keep the service's details answer its findings.
  'finding.respond': { grants: [OWN_SERVICE_KEEPERS], writes: true },
  // The office's own view of a case under decision (its queues and forms): everyone of the office reads it.
  'decision.oversee': { grants: [ANYONE_OF_THE_OFFICE], writes: false },
  // An officer reviews an assessed case and recommends certifying or rejecting it, with reasons.
  'decision.review': { grants: [{ kinds: OFFICE, roles: ['officer'] }], writes: true },
  // An approver decides: certifies (issuing the certificate) or rejects. Never the case's own reviewer (four eyes, src/domain/certification.ts).
  'decision.approve': { grants: [{ kinds: OFFICE, roles: ['approver'] }], writes: true },
  // A certification's status, validity and history: the provider's own people, and the office.
  'certification.read': { grants: [{ kinds: ['provider'], roles: 'any', ownOrganisation: true }, ANYONE_OF_THE_OFFICE], writes: false },
  // The office's lists of every certification and of the services to review.
  'certification.oversee': { grants: [ANYONE_OF_THE_OFFICE], writes: false },
  // A manual suspension is the office's protective measure, not its decision
  // on the case: ISMAP's and FedRAMP's offices stop a registration at once
  // when a serious incident or an unanswered finding comes to light, and the
  // daily job suspends with no person at all. So an officer who learns of it
  // may act as soon as an approver could, always with a reason that is
  // published. What restores or ends the certification (reinstate, revoke, a
  // renewal's decision) stays the approver's, under the four-eyes rule.
  'certification.suspend': { grants: [{ kinds: OFFICE, roles: ['officer', 'approver'] }], writes: true },
  // Reinstate, revoke, and renew or refuse a renewal: the approver's decisions (DOMAIN.md, "Decision").
  'certification.decide': { grants: [{ kinds: OFFICE, roles: ['approver'] }], writes: true },
  // Keeping a certification alive or giving it up: those who applied for it
  // (request an inspection or a renewal's assessment, file a renewal, withdraw).
  'certification.maintain': { grants: [OWN_SERVICE_KEEPERS], writes: true },
  // The time-driven changes (expiry, automatic suspension) are run by the
  // operator only: `shinrai jobs run` and the server's own timer. No person's role grants it.
  'certification.run-due-changes': { grants: [], writes: true },
  // A service flagged because one it runs on lapsed: its provider's keepers, or the office's officers and approvers, clear it once reviewed.
  'service.clear-review-flag': { grants: [OWN_SERVICE_KEEPERS, { kinds: OFFICE, roles: ['officer', 'approver'] }], writes: true },
};

export type Refusal = 'unauthenticated' | 'role' | 'organisation' | 'scope';
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly refusal: Refusal };

const ALLOWED: Decision = { allowed: true };

/**
 * Whether `principal` may perform `action` on `target`. Without a target the
 * question is whether they may attempt it at all (what a route checks before
 * the object is known); the use case asks again with the object.
 */
export function decide(principal: Principal | undefined, action: Action, target?: PolicyTarget): Decision {
  if (!principal) return { allowed: false, refusal: 'unauthenticated' };
  const rule = RULES[action];
  if (principal.via === 'token') {
    const needed: TokenScope | undefined = rule.sessionOnly ? undefined : rule.writes ? (action as TokenScope) : 'read';
    if (needed === undefined || !(principal.scopes ?? []).includes(needed)) return { allowed: false, refusal: 'scope' };
  }
  const byRole = rule.grants.filter(
    (grant) =>
      (grant.kinds === 'any' || grant.kinds.includes(principal.organisationKind)) &&
      (grant.roles === 'any' || principal.roles.some((role) => (grant.roles as readonly Role[]).includes(role))),
  );
  if (byRole.length === 0) return { allowed: false, refusal: 'role' };
  if (target === undefined) return ALLOWED;
  return byRole.some((grant) => !grant.ownOrganisation || principal.organisationId === target.organisationId) ? ALLOWED : { allowed: false, refusal: 'organisation' };
}

/** Whether an action only reads (an API token's `read` scope covers it). */
export function isReadAction(action: Action): boolean {
  return !RULES[action].writes;
}

/** Whether a string names a scope a token may be given. */
export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}
