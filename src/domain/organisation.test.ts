import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { NAME_MAX_LENGTH, validateOrganisation, type OrganisationInput } from './organisation.js';

const valid: OrganisationInput = {
  kind: 'provider',
  nameJa: '株式会社さくらクラウド基盤',
  nameEn: 'Sakura Cloud Infrastructure Inc.',
  registryScheme: 'jp-corporate-number',
  registryId: '1180301018771',
  country: 'jp',
  website: 'https://example.jp',
};

function issuesOf(input: OrganisationInput) {
  try {
    validateOrganisation(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).issues.map((i) => `${i.pointer} ${i.code}`);
  }
  throw new Error('expected a validation error');
}

describe('validateOrganisation', () => {
  describe('when every field is valid', () => {
    it('returns the organisation in canonical form', () => {
      expect(validateOrganisation({ ...valid, nameEn: '  Sakura   Cloud ', website: ' https://Example.jp ' })).toEqual({
        kind: 'provider',
        nameJa: '株式会社さくらクラウド基盤',
        nameEn: 'Sakura Cloud',
        registryScheme: 'jp-corporate-number',
        registryId: '1180301018771',
        country: 'JP',
        website: 'https://example.jp/',
      });
    });

    it('treats an empty website as none', () => {
      expect(validateOrganisation({ ...valid, website: '' }).website).toBeNull();
    });
  });

  describe('when fields are wrong', () => {
    it('lists every problem at once', () => {
      expect(issuesOf({ ...valid, kind: 'bank', nameJa: ' ', registryId: '1180301018770', country: 'XX', website: 'ftp://x' })).toEqual([
        '/kind one-of',
        '/nameJa required',
        '/country country',
        '/registryId check-digit',
        '/website https-url',
      ]);
    });

    it('refuses a Japanese corporate number for a foreign organisation', () => {
      expect(issuesOf({ ...valid, country: 'US' })).toEqual(['/country scheme-country']);
    });

    it('refuses a name longer than the limit, counting characters not bytes', () => {
      expect(validateOrganisation({ ...valid, nameJa: '漢'.repeat(NAME_MAX_LENGTH) }).nameJa).toHaveLength(NAME_MAX_LENGTH);
      expect(issuesOf({ ...valid, nameJa: '漢'.repeat(NAME_MAX_LENGTH + 1) })).toEqual(['/nameJa too-long']);
    });

    it('refuses a website with credentials in it', () => {
      expect(issuesOf({ ...valid, website: 'https://user:secret@example.jp' })).toEqual(['/website https-url']);
    });

    it('refuses control characters in names', () => {
      expect(issuesOf({ ...valid, nameEn: 'Evil\u0007Corp' })).toEqual(['/nameEn control-characters']);
    });
  });

  describe('for any input at all', () => {
    it('either returns a valid organisation or throws a validation error, never anything else', () => {
      fc.assert(
        fc.property(
          fc.record({
            kind: fc.string(),
            nameJa: fc.string(),
            nameEn: fc.string(),
            registryScheme: fc.constantFrom('jp-corporate-number', 'lei', 'other', 'x'),
            registryId: fc.string(),
            country: fc.string({ maxLength: 3 }),
            website: fc.option(fc.string()),
          }),
          (input) => {
            try {
              const result = validateOrganisation(input);
              expect(result.nameEn.length).toBeGreaterThan(0);
              expect(result.country).toMatch(/^[A-Z]{2}$/);
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe('validation');
              expect((error as DomainError).issues.length).toBeGreaterThan(0);
            }
          },
        ),
      );
    });
  });
});
