export { DomainError, isDomainError, type DomainErrorCode, type FieldIssue } from './errors.js';
export { countryCodes, isCountryCode, type CountryCode } from './country.js';
export { checkRegistryId, REGISTRY_SCHEMES, type RegistryIdCheck, type RegistryScheme } from './registry-id.js';
export {
  NAME_MAX_LENGTH,
  ORGANISATION_KINDS,
  validateOrganisation,
  WEBSITE_MAX_LENGTH,
  type NewOrganisation,
  type Organisation,
  type OrganisationInput,
  type OrganisationKind,
} from './organisation.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from './paging.js';
export { GRADES, isGrade, parseGrade, type Grade } from './grade.js';
export {
  checkGradesNested,
  checkStandardVersion,
  diffStandardVersions,
  type ControlFingerprint,
  type GradeDiff,
} from './standard.js';
export { checkRoles, normaliseEmail, requiresSecondFactor, ROLES, ROLES_BY_KIND, type Role } from './roles.js';
export type { Actor, AuditOutcome, AuditRecord } from './audit.js';
export {
  checkPassword,
  MAX_LENGTH as PASSWORD_MAX_LENGTH,
  MIN_LENGTH_SINGLE_FACTOR,
  MIN_LENGTH_WITH_MFA,
  type PasswordContext,
  type PasswordIssueCode,
} from './password-policy.js';
export {
  idleCutoff,
  sessionExpiry,
  sessionState,
  shouldTouch,
  SESSION_ABSOLUTE_TIMEOUT_HOURS,
  SESSION_IDLE_TIMEOUT_MINUTES,
  SESSION_TOUCH_INTERVAL_SECONDS,
  SIGN_IN_LOCK_MINUTES,
  SIGN_IN_MAX_FAILURES,
  PENDING_SIGN_IN_MINUTES,
  SECOND_FACTOR_MAX_FAILURES,
  type SessionState,
  type SessionTimes,
} from './sessions.js';
export {
  ACTIONS,
  decide,
  isReadAction,
  isTokenScope,
  TOKEN_SCOPES,
  type Action,
  type Decision,
  type PolicyTarget,
  type Principal,
  type Refusal,
  type TokenScope,
} from './policy.js';
export {
  addDays,
  addMonths,
  calendarDate,
  calendarDateAt,
  daysBetween,
  endOfDay,
  isCalendarDate,
  parseCalendarDate,
  startOfDay,
  type CalendarDate,
} from './calendar-date.js';
export {
  applyCommand,
  CERTIFICATION_STATES,
  commandsFrom,
  DEFAULT_CERTIFICATION_RULES,
  dueCommand,
  FINAL_STATES,
  newCase,
  periodValid,
  VALID_STATES,
  validity,
  type AuditedPeriod,
  type CertificationCase,
  type CertificationCommand,
  type CertificationCommandType,
  type CertificationRefusal,
  type CertificationRules,
  type CertificationState,
  type DecisionFacts,
  type SuspensionCause,
  type Transition,
} from './certification.js';
export { REGISTRATION_NUMBER_PATTERN, registrationNumber, type Certificate } from './certificate.js';
export {
  authorisedOn,
  engagementRefusals,
  independentOf,
  INDEPENDENCE_MONTHS,
  MAX_CONSECUTIVE_LEADS,
  mayLead,
  type Authorisation,
  type AuthorisationStatus,
  type ConflictOfInterest,
  type EngagementRefusal,
} from './auditing-body.js';
export { blocksCertification, DEFAULT_REMEDIATION_DAYS, remediationDue, RISK_LEVELS, type RemediationDays, type RiskLevel } from './finding.js';
export {
  DEPLOYMENT_MODELS,
  DESCRIPTION_MAX_LENGTH,
  gradeCeiling,
  MAX_REGIONS,
  MAX_RUNS_ON,
  REGION_PATTERN,
  SERVICE_MODELS,
  SERVICE_NAME_MAX_LENGTH,
  validateService,
  type CloudService,
  type DeploymentModel,
  type ServiceDetails,
  type ServiceInput,
  type ServiceModel,
  type Underlying,
} from './service.js';
export {
  apiTokenExpiry,
  apiTokenState,
  API_TOKEN_DEFAULT_DAYS,
  API_TOKEN_LIFETIMES,
  API_TOKEN_MAX_DAYS,
  API_TOKEN_NAME_MAX_LENGTH,
  checkApiTokenRequest,
  grantableScopes,
  type ApiTokenRequest,
  type ApiTokenState,
  type CheckedApiTokenRequest,
} from './api-tokens.js';
export {
  AUTHORISATION_NUMBER,
  AUTHORISATION_NUMBER_EXAMPLE,
  changesFrom,
  changeStatus,
  checkAuthorisation,
  checkConflict,
  checkConflictEnd,
  checkReason,
  currentAuthorisation,
  isStatusChange,
  REASON_MAX_LENGTH,
  STATUS_CHANGES,
  type AuthorisationInput,
  type CheckedAuthorisation,
  type CheckedConflict,
  type ConflictInput,
  type StatusChange,
} from './body-authorisation.js';
export {
  APPLICATION_SCOPE_MAX_LENGTH,
  validateApplication,
  type Application,
  type ApplicationDetails,
  type ApplicationInput,
} from './application.js';
export {
  checkRegistryFilter,
  isRegistryStatus,
  REGISTRY_SEARCH_MAX_LENGTH,
  REGISTRY_STATUSES,
  type RegistryFilter,
  type RegistryFilterInput,
  type RegistryStatus,
} from './registry.js';
