import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { checkRoles, normaliseEmail, requiresSecondFactor } from './roles.js';

describe('checkRoles', () => {
  it('accepts the roles of the organisation kind, without repeats', () => {
    expect(checkRoles('programme-office', ['officer', 'approver', 'officer'])).toEqual(['officer', 'approver']);
  });

  it('refuses a role of another kind of organisation, and no role at all', () => {
    for (const [kind, roles] of [['provider', ['approver']], ['auditing-body', ['compliance']], ['agency', []]] as const) {
      expect(() => checkRoles(kind, roles)).toThrow(DomainError);
    }
  });
});

describe('requiresSecondFactor', () => {
  it('is true for the programme office and auditing bodies only', () => {
    expect(requiresSecondFactor('programme-office')).toBe(true);
    expect(requiresSecondFactor('auditing-body')).toBe(true);
    expect(requiresSecondFactor('provider')).toBe(false);
    expect(requiresSecondFactor('agency')).toBe(false);
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases an address', () => {
    expect(normaliseEmail('  Hanako.Yamada@Example.GO.jp ')).toBe('hanako.yamada@example.go.jp');
  });
  it.each(['', 'no-at-sign', 'a@b', 'a b@example.jp', `${'a'.repeat(250)}@example.jp`])('refuses %j', (raw) => {
    expect(() => normaliseEmail(raw)).toThrow(DomainError);
  });
});
