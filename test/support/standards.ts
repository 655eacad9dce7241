import type { NewStandardVersion } from '../../src/app/index.js';

/**
 * A version of the standard small enough to answer by hand: Grades 1 and 2
 * are `ac-1` and `ac-2`, Grade 3 adds `sr-4`. The system security plans in
 * test/fixtures/ssp answer Grades 1 and 2.
 */
export function smallStandard(version: string): NewStandardVersion {
  const control = (id: string, position: number) => ({
    id,
    position,
    familyId: id.slice(0, 2),
    familyTitle: id.startsWith('ac') ? 'Access Control' : 'Supply Chain Risk Management',
    title: `Control ${id}`,
    searchText: `${id} control ${id}`,
    digest: id.padEnd(64, '0').slice(0, 64),
    controlJson: JSON.stringify({ id, title: `Control ${id}` }),
  });
  return {
    version,
    publishedAt: new Date('2026-01-05T00:00:00Z'),
    nameJa: '小さな基準',
    nameEn: 'Small standard',
    oscalVersion: '1.1.3',
    catalogJson: '{"catalog":{"uuid":"x"}}',
    catalogSha256: 'a'.repeat(64),
    grades: ([1, 2, 3] as const).map((grade) => ({
      grade,
      profileJson: `{"profile":{"grade":${grade}}}`,
      resolvedJson: `{"catalog":{"grade":${grade}}}`,
      controls: [control('ac-1', 0), control('ac-2', 1), ...(grade === 3 ? [control('sr-4', 2)] : [])],
    })),
  };
}
