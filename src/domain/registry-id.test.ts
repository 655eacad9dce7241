import { describe, expect, it } from 'vitest';
import { checkRegistryId } from './registry-id.js';

describe('checkRegistryId', () => {
  describe('when the scheme is the Japanese corporate number', () => {
    // Toyota Motor Corporation's number, as the National Tax Agency publishes it.
    it('accepts a published number', () => {
      expect(checkRegistryId('jp-corporate-number', '1180301018771')).toEqual({ valid: true, normalised: '1180301018771' });
    });

    it('normalises full-width digits, spaces and hyphens', () => {
      expect(checkRegistryId('jp-corporate-number', '１１８０３０１-０１８ ７７１')).toEqual({ valid: true, normalised: '1180301018771' });
    });

    it('refuses a wrong check digit', () => {
      expect(checkRegistryId('jp-corporate-number', '2180301018771')).toEqual({ valid: false, code: 'check-digit' });
    });

    it.each(['118030101877', '11803010187711', 'A180301018771'])('refuses %s as malformed', (value) => {
      expect(checkRegistryId('jp-corporate-number', value)).toEqual({ valid: false, code: 'format' });
    });
  });

  describe('when the scheme is LEI', () => {
    // GLEIF's record for Apple Inc.
    it('accepts a published LEI', () => {
      expect(checkRegistryId('lei', 'HWUPKR0MPOU8FGXBT394').valid).toBe(true);
    });
    it('refuses a transposed LEI', () => {
      expect(checkRegistryId('lei', 'HWUPKR0MPOU8FGXBT349')).toEqual({ valid: false, code: 'check-digit' });
    });
  });

  describe('when the scheme is the Australian Business Number', () => {
    // The ATO's own ABN, its worked example of the check.
    it('accepts 51 824 753 556', () => {
      expect(checkRegistryId('au-abn', '51 824 753 556')).toEqual({ valid: true, normalised: '51824753556' });
    });
    it('refuses a changed digit', () => {
      expect(checkRegistryId('au-abn', '51824753557')).toEqual({ valid: false, code: 'check-digit' });
    });
  });

  describe('when the scheme has only a format', () => {
    it.each([
      ['uk-company-number', '09876543', true],
      ['uk-company-number', 'OC412345', true],
      ['uk-company-number', '1234567', false],
      ['us-uei', 'K7LMN4PQ2RS8', true],
      ['us-uei', 'O7LMN4PQ2RS8', false],
      ['other', 'REG/2024:17', true],
      ['other', 'a b<script>', false],
    ] as const)('%s %s is valid: %s', (scheme, value, valid) => {
      expect(checkRegistryId(scheme, value).valid).toBe(valid);
    });
  });
});
