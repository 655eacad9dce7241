/**
 * OSCAL documents: profile resolution (NIST's OSCAL Profile Resolution
 * specification) and the types it reads and writes, schema validation, the
 * completeness of a security plan, and an assessment's export as
 * assessment-results and POA&M and import from assessment-results. Pure apart
 * from `createFileLoader`, the one adapter that reads local files.
 */
export { resolveProfile, type ResolveProfileOptions } from './resolve-profile.js';
export type { DocumentLoader } from './import-resolution.js';
export { createFileLoader } from './file-loader.js';
export {
  OscalError,
  isOscalError,
  type OscalErrorCode,
  type OscalWarning,
  type OscalWarningCode,
} from './errors.js';
export { TOOL_OSCAL_VERSION, RESOLUTION_TOOL } from './metadata.js';
export type {
  Add,
  Alter,
  BackMatter,
  Catalog,
  Control,
  ControlSelector,
  CustomGroup,
  Group,
  Import,
  InsertControls,
  Link,
  Merge,
  Metadata,
  Modify,
  Parameter,
  Part,
  Profile,
  Property,
  Remove,
  Resource,
  SetParameter,
} from './types.js';
export { sspCompleteness, type CompletenessReport, type ControlAnswer, type SspDocument } from './ssp-completeness.js';
export { canonicalJson, controlText, flattenControls, insertParams, type ControlRow } from './control-rows.js';
export {
  declaredVersion,
  detectModel,
  OSCAL_MODELS,
  SUPPORTED_OSCAL_VERSIONS,
  validateOscal,
  type OscalModel,
  type SchemaIssue,
  type SchemaValidation,
} from './validate-schema.js';
export { DEFAULT_JSON_LIMITS, parseBoundedJson, type JsonLimits } from './bounded-json.js';
export {
  ASSESSMENT_KINDS,
  ASSESSMENT_METHODS,
  ASSESSMENT_OSCAL_VERSION,
  CONTROL_RESULTS,
  FINDING_RISKS,
  SHINRAI_NS,
  type AssessmentFinding,
  type AssessmentKind,
  type AssessmentMethod,
  type AssessmentReport,
  type ControlResult,
  type ControlResultValue,
  type EvidenceFile,
  type FindingRisk,
  type FindingStatus,
  type NamedRef,
} from './assessment-report.js';
export type { AssessmentResultsDocument, PoamDocument } from './assessment-model.js';
export { toAssessmentResults, type AssessmentResultsOptions } from './assessment-results.js';
export { toPoam, type PoamOptions } from './poam.js';
export {
  fromAssessmentResults,
  type AssessmentResultsImport,
  type ImportedFinding,
  type ImportedResult,
  type ImportIssueCode,
  type ImportOptions,
  type ImportProblem,
  type UnmappedCode,
} from './assessment-results-import.js';
