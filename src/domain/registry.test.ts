import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { checkRegistryFilter, isRegistryStatus, REGISTRY_STATUSES } from './registry.js';

describe('the public list', () => {
  it('lists a certification from its certification on, whatever became of it, but not one withdrawn or never granted', () => {
    expect(REGISTRY_STATUSES).toEqual(['certified', 'renewal-pending', 'suspended', 'expired', 'revoked']);
    expect(isRegistryStatus('withdrawn')).toBe(false);
    expect(isRegistryStatus('under-review')).toBe(false);
    expect(isRegistryStatus('suspended')).toBe(true);
  });

  describe('checkRegistryFilter', () => {
    it('gives each filter in canonical form, and none for what is empty', () => {
      expect(
        checkRegistryFilter({
          grade: '2',
          status: 'renewal-pending',
          provider: '8F14E45F-CEEA-467A-9575-2A1B2C3D4E5F',
          auditingBody: '',
          serviceModel: 'saas',
          region: ' ap-northeast-1 ',
          q: ' ＫＵＭＯ ',
        }),
      ).toEqual({
        grade: 2,
        status: 'renewal-pending',
        providerId: '8f14e45f-ceea-467a-9575-2a1b2c3d4e5f',
        bodyId: undefined,
        serviceModel: 'saas',
        region: 'ap-northeast-1',
        text: 'KUMO',
      });
      expect(checkRegistryFilter({ grade: 3 })).toMatchObject({ grade: 3, text: undefined });
      expect(checkRegistryFilter({})).toEqual({});
    });

    it('names every filter at fault at once', () => {
      let caught: unknown;
      try {
        checkRegistryFilter({ grade: '4', status: 'withdrawn', provider: 'kumo', auditingBody: '1', serviceModel: 'faas', region: '東京', q: 'x'.repeat(201) });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe('validation');
      expect((caught as DomainError).issues.map((i) => [i.pointer, i.code])).toEqual([
        ['/grade', 'registry.grade'],
        ['/status', 'registry.status'],
        ['/provider', 'registry.id'],
        ['/auditingBody', 'registry.id'],
        ['/serviceModel', 'registry.service-model'],
        ['/region', 'registry.region'],
        ['/q', 'too-long'],
      ]);
    });
  });
});
