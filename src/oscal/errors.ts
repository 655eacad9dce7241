/**
 * Errors and warnings of OSCAL processing. Each carries a stable code; the
 * message is for logs and people, never for branching.
 *
 * The profile resolution specification separates conditions that MUST stop
 * processing (failed acquisition, req-uri-error; circular import,
 * req-circular-error; invalid fetched object, req-internal-error) from those
 * where processing MUST continue and a warning SHOULD be given (unknown
 * parameter, req-modify-set-param-warning; inoperative add,
 * req-modify-alter-add-explicit-id-ignore; empty custom selection,
 * req-custom-select-warning). The first kind throws an `OscalError`; the second
 * is reported through the caller's `onWarning` (or thrown, in strict mode).
 */
export type OscalErrorCode =
  /** A profile imports itself, directly or through other profiles. */
  | 'import-cycle'
  /** An `import` has no `href`. */
  | 'missing-href'
  /** A control id named by the profile is not in what it imports. */
  | 'unknown-control'
  /** A loaded object is not a valid OSCAL catalog or profile. */
  | 'invalid-document'
  /** No document could be loaded for an href (or a `#uuid` names no resource). */
  | 'unresolvable-href'
  /** The profile asks for behaviour the specification leaves undefined. */
  | 'unsupported-directive'
  /** Inputs mix OSCAL major versions (req-meta-oscalversion-error). */
  | 'oscal-version-mismatch'
  /** Schema validation and bounded parsing (validate-schema.ts, bounded-json.ts). */
  | 'document-too-large'
  | 'document-too-deep'
  | 'unknown-model'
  | 'unsupported-oscal-version';

export type OscalWarningCode =
  | 'unknown-control'
  | 'unmatched-pattern'
  | 'unknown-parameter'
  | 'inoperative-add'
  | 'inoperative-remove'
  | 'duplicate-control'
  | 'empty-selection';

export class OscalError extends Error {
  readonly code: OscalErrorCode | OscalWarningCode;

  constructor(code: OscalErrorCode | OscalWarningCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OscalError';
    this.code = code;
  }
}

export function isOscalError(value: unknown): value is OscalError {
  return value instanceof OscalError;
}

/** A condition the specification says to report while carrying on. */
export interface OscalWarning {
  readonly code: OscalWarningCode;
  readonly message: string;
  /** The href of the profile whose directive caused the warning. */
  readonly profile: string;
}

/**
 * Where warnings go. In strict mode the first warning becomes an `OscalError`
 * with the same code, for callers (such as a programme office publishing a
 * standard) that must refuse a profile naming controls that do not exist.
 */
export interface WarningSink {
  warn(code: OscalWarningCode, message: string): void;
}

export function createWarningSink(
  profile: string,
  options: { readonly onWarning?: (warning: OscalWarning) => void; readonly strict?: boolean },
): WarningSink {
  return {
    warn(code, message) {
      if (options.strict === true) throw new OscalError(code, `${message} (in ${profile})`);
      options.onWarning?.({ code, message, profile });
    },
  };
}
