import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentLoader } from '../../oscal/index.js';
import type { Store } from '../ports.js';
import { importStandard, type ImportedStandard, type ImportProgress } from './import-standard.js';

/**
 * The standard that ships with Shinrai (data/standard/README.md), imported
 * on first start so that a new programme has a standard to certify against.
 */
export const DEFAULT_STANDARD = {
  version: '2026.1',
  nameJa: 'Shinrai クラウドセキュリティ基準 2026',
  nameEn: 'Shinrai Cloud Security Standard 2026',
} as const;

/** data/standard, found from this module in src/app/standards or dist/app/standards alike. */
export function defaultStandardDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'standard');
}

/** Imports the default standard when no version exists yet; does nothing otherwise. */
export async function ensureDefaultStandard(
  deps: { store: Store; load: DocumentLoader; now: () => Date },
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportedStandard | undefined> {
  if ((await deps.store.standards.list()).length > 0) return undefined;
  const dir = defaultStandardDir();
  return importStandard(
    { ...deps, actor: { label: 'system:first-start' } },
    {
      ...DEFAULT_STANDARD,
      catalogHref: path.join(dir, 'NIST_SP-800-53_rev5_catalog.json'),
      profileHrefs: [path.join(dir, 'grade-1.json'), path.join(dir, 'grade-2.json'), path.join(dir, 'grade-3.json')],
      makeCurrent: true,
    },
    onProgress,
  );
}
