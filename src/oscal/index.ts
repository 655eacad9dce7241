/**
 * OSCAL documents: profile resolution (NIST's OSCAL Profile Resolution
 * specification) and the types it reads and writes. Pure apart from
 * `createFileLoader`, the one adapter that reads local files.
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
