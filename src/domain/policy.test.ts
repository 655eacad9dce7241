import { describe, expect, it } from 'vitest';
import { decide, TOKEN_SCOPES, type Principal } from './policy.js';

const OFFICE = 'office-0000';
const PROVIDER_A = 'provider-a';
const PROVIDER_B = 'provider-b';

const person = (organisationId: string, organisationKind: Principal['organisationKind'], ...roles: Principal['roles']): Principal => ({
  userId: `user-of-${organisationId}`,
  organisationId,
  organisationKind,
  roles,
  via: 'session',
});

describe('decide', () => {
  it('asks for a principal before anything else', () => {
    expect(decide(undefined, 'user.read', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'unauthenticated' });
  });

  it("lets an organisation's admin administer its own people and nobody else's", () => {
    const adminA = person(PROVIDER_A, 'provider', 'admin');
    expect(decide(adminA, 'user.invite', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
    expect(decide(adminA, 'user.read', { organisationId: PROVIDER_B })).toEqual({ allowed: false, refusal: 'organisation' });
    expect(decide(adminA, 'user.remove', { organisationId: OFFICE })).toEqual({ allowed: false, refusal: 'organisation' });
  });

  it("lets the programme office's admin administer every organisation, and no other office role", () => {
    expect(decide(person(OFFICE, 'programme-office', 'admin'), 'user.change-roles', { organisationId: PROVIDER_B })).toEqual({ allowed: true });
    expect(decide(person(OFFICE, 'programme-office', 'officer'), 'user.read', { organisationId: OFFICE })).toEqual({ allowed: false, refusal: 'role' });
  });

  it('does not let a role of one kind act as the same-named role of another', () => {
    // An auditing body's admin is an admin, but not the office's: only its own people.
    expect(decide(person('body', 'auditing-body', 'admin'), 'user.read', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'organisation' });
    expect(decide(person('body', 'auditing-body', 'admin'), 'organisation.register')).toEqual({ allowed: false, refusal: 'role' });
  });

  it('keeps the audit trail to the programme office', () => {
    expect(decide(person(OFFICE, 'programme-office', 'approver'), 'audit.read')).toEqual({ allowed: true });
    expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'audit.read')).toEqual({ allowed: false, refusal: 'role' });
  });

  it("lets a provider's compliance people and admins keep their own services, and refuses another provider's", () => {
    const complianceA = person(PROVIDER_A, 'provider', 'compliance');
    expect(decide(complianceA, 'service.register', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
    expect(decide(complianceA, 'service.update', { organisationId: PROVIDER_B })).toEqual({ allowed: false, refusal: 'organisation' });
    expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'service.read', { organisationId: PROVIDER_B })).toEqual({ allowed: false, refusal: 'organisation' });
    // The office reads every provider's services but registers none.
    expect(decide(person(OFFICE, 'programme-office', 'officer'), 'service.read', { organisationId: PROVIDER_B })).toEqual({ allowed: true });
    expect(decide(person(OFFICE, 'programme-office', 'admin'), 'service.register', { organisationId: PROVIDER_B })).toEqual({ allowed: false, refusal: 'role' });
  });

  it('without an object, answers whether the action may be attempted at all', () => {
    expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'user.read')).toEqual({ allowed: true });
    expect(decide(person(PROVIDER_A, 'provider', 'compliance'), 'user.read')).toEqual({ allowed: false, refusal: 'role' });
  });

  it('limits a token to its scopes, on top of its owner’s roles', () => {
    const admin = person(OFFICE, 'programme-office', 'admin');
    const reader: Principal = { ...admin, via: 'token', scopes: ['read'] };
    const inviter: Principal = { ...admin, via: 'token', scopes: ['user.invite'] };
    expect(decide(reader, 'user.read', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
    expect(decide(reader, 'user.invite', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'scope' });
    expect(decide(inviter, 'user.invite', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
    expect(decide(inviter, 'user.read', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'scope' });
    // Scopes never add to roles: an officer's token with every scope still cannot invite.
    const officerToken: Principal = { ...person(OFFICE, 'programme-office', 'officer'), via: 'token', scopes: ['user.invite'] };
    expect(decide(officerToken, 'user.invite', { organisationId: OFFICE })).toEqual({ allowed: false, refusal: 'role' });
    // Tokens cannot manage tokens.
    expect(decide({ ...admin, via: 'token', scopes: ['read', 'user.invite'] }, 'token.manage', { organisationId: OFFICE })).toEqual({ allowed: false, refusal: 'scope' });
  });

  it('lets a body’s tools record results and a provider’s answer findings, but never lets a token review, decide or change a certification', () => {
    const auditor = person('body-a', 'auditing-body', 'auditor');
    expect(decide({ ...auditor, via: 'token', scopes: ['assessment.record'] }, 'assessment.record', { organisationId: 'body-a' })).toEqual({ allowed: true });
    expect(decide({ ...auditor, via: 'token', scopes: ['read'] }, 'assessment.record', { organisationId: 'body-a' })).toEqual({ allowed: false, refusal: 'scope' });
    expect(decide({ ...auditor, via: 'token', scopes: ['assessment.record'] }, 'assessment.record', { organisationId: 'body-b' })).toEqual({ allowed: false, refusal: 'organisation' });
    const keeper = person(PROVIDER_A, 'provider', 'compliance');
    expect(decide({ ...keeper, via: 'token', scopes: ['finding.respond'] }, 'finding.respond', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
    const approver: Principal = { ...person(OFFICE, 'programme-office', 'officer', 'approver'), via: 'token', scopes: [...TOKEN_SCOPES] };
    for (const action of ['decision.review', 'decision.approve', 'certification.suspend', 'certification.decide'] as const) {
      expect(decide(approver, action, { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'scope' });
    }
  });

  describe('when auditing bodies are concerned', () => {
    const BODY_A = 'body-a';
    const BODY_B = 'body-b';

    it('lets only the registrar authorise a body', () => {
      expect(decide(person(OFFICE, 'programme-office', 'registrar'), 'body.authorise', { organisationId: BODY_A })).toEqual({ allowed: true });
      expect(decide(person(OFFICE, 'programme-office', 'officer'), 'body.authorise', { organisationId: BODY_A })).toEqual({ allowed: false, refusal: 'role' });
      expect(decide(person(OFFICE, 'programme-office', 'admin'), 'body.authorise')).toEqual({ allowed: false, refusal: 'role' });
      expect(decide(person(BODY_A, 'auditing-body', 'admin'), 'body.authorise', { organisationId: BODY_A })).toEqual({ allowed: false, refusal: 'role' });
    });

    it("lets a body's admin declare its own conflicts, and refuses them another body's", () => {
      const adminA = person(BODY_A, 'auditing-body', 'admin');
      expect(decide(adminA, 'body.declare-conflict', { organisationId: BODY_A })).toEqual({ allowed: true });
      expect(decide(adminA, 'body.declare-conflict', { organisationId: BODY_B })).toEqual({ allowed: false, refusal: 'organisation' });
      expect(decide(person(BODY_A, 'auditing-body', 'lead-auditor'), 'body.declare-conflict', { organisationId: BODY_A })).toEqual({ allowed: false, refusal: 'role' });
      // A provider's admin is an admin, but not of an auditing body.
      expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'body.declare-conflict', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'role' });
    });

    it("shows a body's conflicts and auditors to its own people and the office, and to no other body", () => {
      const auditorA = person(BODY_A, 'auditing-body', 'auditor');
      expect(decide(auditorA, 'body.read-conflicts', { organisationId: BODY_A })).toEqual({ allowed: true });
      expect(decide(auditorA, 'body.read-conflicts', { organisationId: BODY_B })).toEqual({ allowed: false, refusal: 'organisation' });
      expect(decide(auditorA, 'body.read-auditors', { organisationId: BODY_B })).toEqual({ allowed: false, refusal: 'organisation' });
      expect(decide(person(OFFICE, 'programme-office', 'approver'), 'body.read-conflicts', { organisationId: BODY_B })).toEqual({ allowed: true });
      expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'body.read-auditors', { organisationId: BODY_A })).toEqual({ allowed: false, refusal: 'role' });
    });
  });

  describe('life after certification', () => {
    it('lets officers and approvers suspend, and only approvers decide what restores or ends a certification', () => {
      expect(decide(person(OFFICE, 'programme-office', 'officer'), 'certification.suspend', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
      expect(decide(person(OFFICE, 'programme-office', 'approver'), 'certification.suspend', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
      expect(decide(person(OFFICE, 'programme-office', 'registrar'), 'certification.suspend', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'role' });
      expect(decide(person(OFFICE, 'programme-office', 'officer'), 'certification.decide', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'role' });
      expect(decide(person(OFFICE, 'programme-office', 'approver'), 'certification.decide', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
    });

    it("lets a provider's keepers maintain their own certifications only, and its other people read them", () => {
      expect(decide(person(PROVIDER_A, 'provider', 'compliance'), 'certification.maintain', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
      expect(decide(person(PROVIDER_A, 'provider', 'compliance'), 'certification.maintain', { organisationId: PROVIDER_B })).toEqual({ allowed: false, refusal: 'organisation' });
      expect(decide(person(PROVIDER_A, 'provider', 'compliance'), 'certification.read', { organisationId: PROVIDER_B })).toEqual({ allowed: false, refusal: 'organisation' });
      expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'certification.suspend', { organisationId: PROVIDER_A })).toEqual({ allowed: false, refusal: 'role' });
    });

    it('leaves the time-driven changes to the operator: no person may run them', () => {
      expect(decide(person(OFFICE, 'programme-office', 'admin'), 'certification.run-due-changes')).toEqual({ allowed: false, refusal: 'role' });
      expect(decide(person(OFFICE, 'programme-office', 'approver'), 'certification.run-due-changes')).toEqual({ allowed: false, refusal: 'role' });
    });

    it("lets a flagged service's provider or the office clear its flag, and no other provider", () => {
      expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'service.clear-review-flag', { organisationId: PROVIDER_A })).toEqual({ allowed: true });
      expect(decide(person(PROVIDER_A, 'provider', 'admin'), 'service.clear-review-flag', { organisationId: PROVIDER_B })).toEqual({ allowed: false, refusal: 'organisation' });
      expect(decide(person(OFFICE, 'programme-office', 'officer'), 'service.clear-review-flag', { organisationId: PROVIDER_B })).toEqual({ allowed: true });
    });
  });
});
