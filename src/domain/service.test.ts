import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { DESCRIPTION_MAX_LENGTH, MAX_REGIONS, validateService, type ServiceInput } from './service.js';

const IAAS = '5f0c7a1e-3b2d-4c6e-9a8b-1d2e3f405060';
const STORAGE = '6a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9';

const valid: ServiceInput = {
  nameJa: 'くもストレージ',
  nameEn: 'Kumo Storage',
  description: '政府機関向けのオブジェクトストレージ。\r\nS3 互換。',
  serviceModel: 'saas',
  deploymentModel: 'government-only',
  regions: ['ap-northeast-1', ' JP-East ', 'Osaka  2'],
  runsOn: [IAAS.toUpperCase()],
};

function errorOf(input: ServiceInput, selfId?: string): DomainError {
  try {
    validateService(input, selfId);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation');
    return error as DomainError;
  }
  throw new Error('expected a validation error');
}

const issuesOf = (input: ServiceInput, selfId?: string) => errorOf(input, selfId).issues.map((i) => `${i.pointer} ${i.code}`);

describe('validateService', () => {
  describe('when every field is valid', () => {
    it('returns the service in canonical form: trimmed, one kind of line ending, ids in lower case', () => {
      expect(validateService(valid)).toEqual({
        nameJa: 'くもストレージ',
        nameEn: 'Kumo Storage',
        description: '政府機関向けのオブジェクトストレージ。\nS3 互換。',
        serviceModel: 'saas',
        deploymentModel: 'government-only',
        regions: ['ap-northeast-1', 'JP-East', 'Osaka 2'],
        runsOn: [IAAS],
      });
    });

    it('accepts a service that runs on nothing and has no description', () => {
      expect(validateService({ ...valid, description: undefined, runsOn: undefined })).toMatchObject({ description: '', runsOn: [] });
    });
  });

  describe('when fields are wrong', () => {
    it('names every problem at once', () => {
      expect(issuesOf({ nameJa: ' ', nameEn: 'x'.repeat(201), serviceModel: 'faas', deploymentModel: '', regions: [] })).toEqual([
        '/nameJa required',
        '/nameEn too-long',
        '/serviceModel one-of',
        '/deploymentModel required',
        '/regions required',
      ]);
    });

    it('refuses a description over the limit, or with control characters other than line breaks and tabs', () => {
      expect(issuesOf({ ...valid, description: 'あ'.repeat(DESCRIPTION_MAX_LENGTH + 1) })).toEqual(['/description too-long']);
      expect(issuesOf({ ...valid, description: 'bell\u0007' })).toEqual(['/description control-characters']);
      expect(validateService({ ...valid, description: 'a\tb\nc' }).description).toBe('a\tb\nc');
    });
  });

  describe('regions', () => {
    it('refuses a region outside the pattern, naming it', () => {
      expect(errorOf({ ...valid, regions: ['Tokyo', '東京', '-east', 'a'.repeat(41), ''] }).issues).toEqual([
        { pointer: '/regions', code: 'region', params: { region: '東京' } },
        { pointer: '/regions', code: 'region', params: { region: '-east' } },
        { pointer: '/regions', code: 'region', params: { region: 'a'.repeat(41) } },
        { pointer: '/regions', code: 'region', params: { region: '' } },
      ]);
    });

    it('refuses the same region twice, whatever its case, and more than the limit', () => {
      expect(issuesOf({ ...valid, regions: ['Tokyo', 'tokyo'] })).toEqual(['/regions duplicate']);
      expect(issuesOf({ ...valid, regions: Array.from({ length: MAX_REGIONS + 1 }, (_, i) => `r${i}`) })).toEqual(['/regions too-many']);
    });
  });

  describe('the services it runs on', () => {
    it('refuses itself, a repeat, and anything that is not a service id', () => {
      expect(issuesOf({ ...valid, runsOn: [IAAS, STORAGE, IAAS.toUpperCase(), 'kumo'] }, STORAGE)).toEqual([
        '/runsOn runs-on-itself',
        '/runsOn duplicate',
        '/runsOn service-id',
      ]);
    });

    it('refuses more than twenty', () => {
      const many = Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      expect(issuesOf({ ...valid, runsOn: many })).toEqual(['/runsOn too-many']);
    });
  });
});
