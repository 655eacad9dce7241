import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  checkGradesNested,
  checkStandardVersion,
  DomainError,
  GRADES,
  type Actor,
  type FieldIssue,
  type Grade,
} from '../../domain/index.js';
import {
  canonicalJson,
  controlText,
  flattenControls,
  isOscalError,
  resolveProfile,
  type Catalog,
  type DocumentLoader,
} from '../../oscal/index.js';
import { recordAudit, type CommandContext } from '../audit.js';
import { checkOscalInput, oscalInputError } from '../oscal-input.js';
import { OPERATOR } from '../policy.js';
import type { NewStandardGrade, Store } from '../ports.js';

/**
 * Imports a version of the standard: the catalog and one profile per grade
 * are checked against the OSCAL schema, each profile is resolved against the
 * catalog, the grades must nest (Grade 1 ⊆ 2 ⊆ 3), and then everything is
 * stored in one transaction. Any failure stores nothing and leaves the
 * current version as it was.
 */
export interface ImportStandardInput {
  readonly version: string;
  readonly nameJa: string;
  readonly nameEn: string;
  /** Where the catalog is (a path or file: URI the loader reads). */
  readonly catalogHref: string;
  /** Grade 1, 2 and 3's profiles. */
  readonly profileHrefs: readonly [string, string, string];
  /** Extra href → location pins for the resolver (`--map`). */
  readonly map?: Readonly<Record<string, string>>;
  /** Make it the current version (the first version always is). */
  readonly makeCurrent: boolean;
}

export interface ImportStandardDeps {
  readonly store: Store;
  readonly load: DocumentLoader;
  readonly now: () => Date;
  /** Who imports it, for the audit trail. */
  readonly actor: Actor;
}

export type ImportPhase = 'validate-catalog' | 'validate-profile' | 'resolve' | 'check-grades' | 'store';
export interface ImportProgress {
  readonly phase: ImportPhase;
  readonly grade?: Grade;
  /** Steps done so far, of `total`. */
  readonly step: number;
  readonly total: number;
}

export interface ImportedStandard {
  readonly version: string;
  readonly current: boolean;
  readonly controlCounts: Readonly<Record<Grade, number>>;
}

const TOTAL_STEPS = 9;

export async function importStandard(
  deps: ImportStandardDeps,
  input: ImportStandardInput,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportedStandard> {
  const version = checkStandardVersion(input.version);
  const nameJa = input.nameJa.trim();
  const nameEn = input.nameEn.trim();
  const nameIssues: FieldIssue[] = [];
  if (nameJa === '' || nameJa.length > 200) nameIssues.push({ pointer: '/nameJa', code: nameJa === '' ? 'required' : 'too-long', params: { max: 200 } });
  if (nameEn === '' || nameEn.length > 200) nameIssues.push({ pointer: '/nameEn', code: nameEn === '' ? 'required' : 'too-long', params: { max: 200 } });
  if (nameIssues.length > 0) throw new DomainError('validation', 'standard name is invalid', { issues: nameIssues });
  if (await deps.store.standards.find(version)) {
    throw new DomainError('conflict', `standard version ${version} exists`, { issues: [{ pointer: '/version', code: 'taken' }] });
  }

  let step = 0;
  const progress = (phase: ImportPhase, grade?: Grade) => onProgress({ phase, step: ++step, total: TOTAL_STEPS, ...(grade ? { grade } : {}) });

  const catalogDocument = await loadValid(deps.load, input.catalogHref, 'catalog', '/catalog');
  const catalog = (catalogDocument as { catalog: Catalog }).catalog;
  const catalogIds = new Set(flattenControls(catalog).map((row) => row.control.id));
  progress('validate-catalog');

  // The profiles draw on the given catalog whatever serialisation or path
  // they name it by: pin its name, in each form, to the file given.
  const stem = path.basename(input.catalogHref).replace(/\.(json|xml|ya?ml)$/i, '');
  const map: Record<string, string> = { ...input.map };
  for (const ext of ['json', 'xml', 'yaml', 'yml']) map[`${stem}.${ext}`] ??= input.catalogHref;

  const now = deps.now();
  const grades: NewStandardGrade[] = [];
  for (const grade of GRADES) {
    const href = input.profileHrefs[grade - 1] as string;
    const pointer = `/grades/${grade}`;
    const profile = await loadValid(deps.load, href, 'profile', pointer);
    progress('validate-profile', grade);
    let resolved: Catalog;
    try {
      resolved = await resolveProfile(profile, { load: deps.load, profileHref: href, now, map });
    } catch (error) {
      if (!isOscalError(error)) throw error;
      throw new DomainError('validation', `grade ${grade}: ${error.message}`, {
        issues: [{ pointer, code: `oscal.${error.code}`, params: { grade, message: error.message } }],
        cause: error,
      });
    }
    const rows = flattenControls(resolved);
    const foreign = rows.map((r) => r.control.id).filter((id) => !catalogIds.has(id));
    if (foreign.length > 0) {
      throw new DomainError('validation', `grade ${grade} has controls that are not in the catalog`, {
        issues: [{ pointer, code: 'not-in-catalog', params: { grade, count: foreign.length, controls: foreign.slice(0, 20).join(', ') } }],
      });
    }
    grades.push({
      grade,
      profileJson: JSON.stringify(profile),
      resolvedJson: JSON.stringify({ catalog: resolved }),
      controls: rows.map((row, position) => ({
        id: row.control.id,
        position,
        familyId: row.familyId,
        familyTitle: row.familyTitle,
        title: row.control.title,
        searchText: controlText(row.control).toLowerCase(),
        digest: sha256(canonicalJson(row.control)),
        controlJson: JSON.stringify(row.control),
      })),
    });
    progress('resolve', grade);
  }

  const idsOf = (grade: Grade) => grades[grade - 1]?.controls.map((c) => c.id) ?? [];
  checkGradesNested({ 1: idsOf(1), 2: idsOf(2), 3: idsOf(3) });
  progress('check-grades');

  const catalogJson = JSON.stringify(catalogDocument);
  const current = await deps.store.transaction(async (tx) => {
    await tx.standards.insert({
      version,
      publishedAt: now,
      nameJa,
      nameEn,
      oscalVersion: catalog.metadata['oscal-version'],
      catalogJson,
      catalogSha256: sha256(catalogJson),
      grades,
    });
    // Importing a standard is the operator's (the command line, or the server's first start).
    const context: CommandContext = { actor: deps.actor, authority: OPERATOR, now };
    await recordAudit(tx, context, {
      action: 'standard.import',
      objectType: 'standard-version',
      objectId: version,
      change: { version, nameJa, nameEn, catalogSha256: sha256(catalogJson), grades: grades.map((g) => ({ grade: g.grade, controls: g.controls.map((c) => c.digest) })) },
    });
    const makeCurrent = input.makeCurrent || !(await tx.standards.current());
    if (makeCurrent) {
      await tx.standards.setCurrent(version);
      await recordAudit(tx, context, { action: 'standard.make-current', objectType: 'standard-version', objectId: version, change: { version } });
    }
    return makeCurrent;
  });
  progress('store');
  return { version, current, controlCounts: { 1: idsOf(1).length, 2: idsOf(2).length, 3: idsOf(3).length } };
}

/** Loads a document and checks it is the expected OSCAL model and valid against its schema. */
async function loadValid(load: DocumentLoader, href: string, model: 'catalog' | 'profile', pointer: string): Promise<unknown> {
  let document: unknown;
  try {
    document = await load(href);
  } catch (error) {
    throw oscalInputError(error, href, pointer);
  }
  if (document === undefined) throw new DomainError('validation', `${href} not found`, { issues: [{ pointer, code: 'file-missing', params: { file: href } }] });
  await checkOscalInput(document, model, href, pointer);
  return document;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
