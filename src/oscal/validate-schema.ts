import { OscalError } from './errors.js';

/**
 * Validation of any OSCAL document against the official JSON Schema of its
 * OSCAL version. The schemas are compiled at build time into standalone
 * validators (scripts/generate-validators.mjs), and only the one a document
 * needs is loaded, once.
 */

/** The root property of each OSCAL model, and its schema file's name. */
const MODELS = {
  catalog: 'catalog',
  profile: 'profile',
  'component-definition': 'component',
  'system-security-plan': 'ssp',
  'assessment-plan': 'assessment-plan',
  'assessment-results': 'assessment-results',
  'plan-of-action-and-milestones': 'poam',
  'mapping-collection': 'mapping',
} as const;
export type OscalModel = keyof typeof MODELS;
export const OSCAL_MODELS = Object.keys(MODELS) as OscalModel[];

/** The schema releases Shinrai carries, one per minor version of OSCAL. */
const RELEASES: Readonly<Record<string, string>> = { '1.0': '1.0.4', '1.1': '1.1.3', '1.2': '1.2.1' };
export const SUPPORTED_OSCAL_VERSIONS = Object.keys(RELEASES).map((minor) => `${minor}.x`);

export interface SchemaIssue {
  /** RFC 6901 pointer into the document. */
  readonly pointer: string;
  /** The JSON Schema keyword that failed (required, pattern, type, ...). */
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** What was expected, in words. */
  readonly message: string;
}

export interface SchemaValidation {
  readonly valid: boolean;
  readonly model: OscalModel;
  /** The version the document declares (metadata/oscal-version), or the one asked for. */
  readonly oscalVersion: string;
  /** The schema release it was checked against. */
  readonly schemaVersion: string;
  /** Empty when valid; otherwise the first problem found (validation stops there). */
  readonly issues: readonly SchemaIssue[];
}

interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string; schemaPath: string }[] | null;
}

const loaded = new Map<string, Promise<StandaloneValidator>>();

/** Which model a document is, from its one root property. */
export function detectModel(document: unknown): OscalModel {
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const roots = Object.keys(document).filter((key): key is OscalModel => key in MODELS);
    if (roots.length === 1 && roots[0]) return roots[0];
  }
  throw new OscalError('unknown-model', `not an OSCAL document: expected one root property of ${OSCAL_MODELS.join(', ')}`);
}

/** The OSCAL version a document declares in its metadata. */
export function declaredVersion(document: unknown, model: OscalModel): string | undefined {
  const version = (document as Record<string, { metadata?: { 'oscal-version'?: unknown } }>)[model]?.metadata?.['oscal-version'];
  return typeof version === 'string' ? version : undefined;
}

export async function validateOscal(document: unknown, options: { oscalVersion?: string } = {}): Promise<SchemaValidation> {
  const model = detectModel(document);
  const oscalVersion = options.oscalVersion ?? declaredVersion(document, model);
  if (!oscalVersion) {
    throw new OscalError('unsupported-oscal-version', `${model} has no metadata/oscal-version; give the version to check against`);
  }
  const release = RELEASES[/^(\d+\.\d+)(?:\.\d+)?(?:-.+)?$/.exec(oscalVersion)?.[1] ?? ''];
  if (!release) {
    throw new OscalError('unsupported-oscal-version', `OSCAL ${oscalVersion} is not supported; supported: ${SUPPORTED_OSCAL_VERSIONS.join(', ')}`);
  }
  // 1.0.x was published as one schema for every model.
  const file = release === '1.0.4' ? 'complete' : MODELS[model];
  const validate = await loadValidator(`${release}-${file}`);
  const valid = validate(document);
  return { valid, model, oscalVersion, schemaVersion: release, issues: valid ? [] : issuesOf(validate) };
}

function loadValidator(name: string): Promise<StandaloneValidator> {
  let validator = loaded.get(name);
  if (!validator) {
    validator = import(`./generated/${name}.js`).then((module: { default: StandaloneValidator }) => module.default);
    loaded.set(name, validator);
  }
  return validator;
}

function issuesOf(validate: StandaloneValidator): SchemaIssue[] {
  const errors = validate.errors ?? [];
  // The complete schema tries every model in a oneOf; the branches for other
  // models say only that their root is missing, which helps nobody.
  const relevant = errors.filter((e) => e.instancePath !== '' || !/^#\/oneOf/.test(e.schemaPath));
  return (relevant.length > 0 ? relevant : errors).map((e) => ({
    pointer: e.instancePath,
    keyword: e.keyword,
    params: e.params,
    message: e.message ?? e.keyword,
  }));
}
