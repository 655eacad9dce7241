export type {
  ApiToken,
  ApiTokenRepository,
  NewApiToken,
  AuditFilter,
  AuditOrder,
  NewPendingSignIn,
  NewSession,
  PendingSignIn,
  UserTotp,
  Session,
  SessionRepository,
  SignInClaim,
  SignInPolicy,
  AuditRepository,
  NewOneTimeToken,
  NewUser,
  StoredAuditRecord,
  User,
  UserFilter,
  UserRepository,
  ListWindow,
  Mailer,
  OutgoingMail,
  OrganisationFilter,
  OrganisationKeyset,
  OrganisationRepository,
  Slice,
  Store,
  CloudServiceRepository,
  ServiceFilter,
  ServiceKeyset,
  ServiceRef,
} from './ports.js';
export {
  authorizeOrganisation,
  countOrganisations,
  getOrganisation,
  listOrganisations,
  registerOrganisation,
  type OrganisationListQuery,
  type OrganisationPage,
} from './organisations.js';
export { seedDemo, type SeedReport } from './demo/seed.js';
export { DEMO_ORGANISATIONS } from './demo/organisations.js';
export { DEMO_PEOPLE, ensureDemoPeople, type DemoAccess } from './demo/people.js';
export { seedDemoServicesAndBodies } from './demo/services-and-bodies.js';
export { DEMO_CASES, seedDemoCases, type DemoCasesReport } from './demo/cases.js';
export { loadDemo, type DemoLoadOptions, type DemoLoadReport } from './demo/load.js';
export type {
  ControlFilter,
  ControlListItem,
  FamilyCount,
  GradedControl,
  NewStandardControl,
  NewStandardGrade,
  NewStandardVersion,
  StandardRepository,
  StandardVersionSummary,
} from './ports.js';
export {
  importStandard,
  type ImportedStandard,
  type ImportPhase,
  type ImportProgress,
  type ImportStandardDeps,
  type ImportStandardInput,
} from './standards/import-standard.js';
export { DEFAULT_STANDARD, defaultStandardDir, ensureDefaultStandard } from './standards/default-standard.js';
export {
  diffStandards,
  getStandard,
  getStandardControl,
  getStandardDocument,
  getStandardOverview,
  listStandardControls,
  listStandards,
  type ControlListQuery,
  type StandardControl,
  type StandardDiff,
  type StandardOverview,
} from './standards/queries.js';
export { recordAudit, systemContext, type AuditedChange, type CommandContext } from './audit.js';
export { ANONYMOUS, authorize, authorizeAction, OPERATOR, principalOf, recordRefusal, type Authority, type TenantScope } from './policy.js';
export * as auth from './auth/index.js';
export {
  checkSetPasswordToken,
  createUser,
  setPasswordLink,
  setPasswordWithToken,
  SET_PASSWORD_TTL_HOURS,
  type CreatedUser,
  type CreateUserInput,
} from './users.js';
export { inviteUser, type InviteUserInput } from './invitations.js';
export {
  changeRoles,
  getOrganisationUser,
  listUsers,
  removeUser,
  type ChangeRolesInput,
  type OrganisationUser,
  type RemoveUserInput,
  type UserList,
} from './organisation-users.js';
export {
  checkPasswordResetToken,
  issuePasswordReset,
  passwordResetLink,
  requestPasswordReset,
  resetPassword,
  RESET_PASSWORD_TTL_HOURS,
  type IssuedPasswordReset,
} from './password-reset.js';
export {
  endOtherSession,
  listSessions,
  resolveSession,
  signIn,
  signOut,
  signOutEverywhere,
  type SignedIn,
  type SignInDeps,
  type SignInResult,
  type SecondFactorNeed,
} from './sessions.js';
export {
  completeSignIn,
  disableTotp,
  enableTotp,
  findPendingSignIn,
  offerTotpEnrolment,
  type DisableTotpResult,
  type PendingSecondFactor,
  type SecondFactorResult,
  type TotpEnrolment,
} from './second-factor.js';
export { MAX_SEARCH_LENGTH } from './paging.js';
export {
  actorOrganisations,
  AUDIT_COUNT_CAP,
  exportAudit,
  searchAudit,
  type AuditCount,
  type AuditExportOptions,
  type AuditSearch,
  type AuditSearchQuery,
  type AuditTrailPage,
} from './audit-trail.js';
export {
  createApiToken,
  listApiTokens,
  resolveApiToken,
  revokeApiToken,
  type ApiTokenListItem,
  type CreatedApiToken,
  type ResolvedApiToken,
} from './api-tokens.js';
export {
  getService,
  getServiceToUpdate,
  listProviderServices,
  listServiceChoices,
  registerService,
  serviceGradeCeiling,
  SERVICE_CHOICES_LIMIT,
  updateService,
  type ServiceList,
  type ServiceView,
} from './services.js';
export type {
  AuditingBodyRepository,
  AuthorisationEvent,
  AuthorisationStatusChange,
  HistoryActor,
  NewAuthorisation,
  NewConflict,
  StoredAuthorisation,
  StoredConflict,
} from './auditing-body-ports.js';
export {
  authoriseBody,
  authorizeBody,
  changeAuthorisationStatus,
  checkEngagement,
  getAuditingBody,
  getAuthorisation,
  listAuditingBodies,
  type AuditingBody,
  type AuditingBodyDetail,
  type AuthoriseBodyInput,
  type ChangeAuthorisationStatusInput,
  type EngagementQuestion,
} from './auditing-bodies.js';
export {
  declareConflict,
  endConflict,
  listAuditors,
  listConflicts,
  providerChoices,
  type BodyAuditors,
  type BodyConflicts,
  type ConflictWithProvider,
  type DeclareConflictInput,
  type EndConflictInput,
} from './conflicts-of-interest.js';
export type { ApplicationKeyset, ApplicationRepository, CaseChange, CaseEvent, NewSsp, StoredSsp } from './application-ports.js';
export { applicationInputOf, editApplication, getApplicationToEdit, type ApplicationEdit } from './application-edits.js';
export { listApplicationsToCheck, listProviderApplications, type ApplicationListItem, type ProviderApplicationList } from './application-lists.js';
export type { CertificateRepository, NewCertificate } from './certificate-ports.js';
export {
  DECISION_QUEUES,
  type DecisionFactsRepository,
  type DecisionQueue,
  type FindingCounts,
  type QueuedCase,
  type QueueKeyset,
  type SignedOffAssessment,
} from './decision-ports.js';
export {
  beginReview,
  certifyCase,
  decideCase,
  DECISION_COMMANDS,
  getCaseOutcome,
  getCertificate,
  getDecision,
  getDecisionCase,
  listDecisionQueue,
  listReviewQueue,
  recommendCase,
  rejectCase,
  type Blocker,
  type CertificateView,
  type Decided,
  type DecisionCase,
  type DecisionCommand,
  type DecisionDeps,
  type DecisionEvidence,
  type QueueItem,
} from './decisions.js';
export { supplyChainNotYetAssessed, type SupplyChainCondition, type SupplyChainConditions } from './supply-chain-conditions.js';
export {
  acceptApplication,
  changeCase,
  draftApplication,
  getApplication,
  isEditable,
  returnApplication,
  SSP_MAX_BYTES,
  submitApplication,
  uploadSsp,
  type ApplicationView,
  type CaseChangeOptions,
  type CaseStep,
  type SspUpload,
} from './applications.js';
export type {
  AssessmentKeyset,
  AssessmentListItem,
  AssessmentRepository,
  EvidenceCitation,
  EvidenceDownload,
  EvidenceRef,
  FindingKeyset,
  NewAssessment,
  NewEvidenceFile,
  NewFinding,
  ProviderFinding,
  SignOff,
  StoredEvidenceFile,
} from './assessment-ports.js';
export {
  downloadEvidence,
  getAssessment,
  leadAuditorChoices,
  listBodyAssessments,
  nameLeadAuditor,
  recordControlResult,
  recordControlResults,
  recordFinding,
  signOffAssessment,
  signOffState,
  uploadEvidence,
  type AssessmentView,
  type BodyAssessmentItem,
  type BodyAssessments,
  type EvidenceUpload,
  type UploadedEvidence,
} from './assessments.js';
export { assessmentReportOf, exportAssessmentResults, exportPoam, type OscalExport, type OscalExportOptions } from './assessment-oscal.js';
export {
  ASSESSMENT_RESULTS_MAX_BYTES,
  importAssessmentResults,
  type AssessmentResultsImported,
  type AssessmentResultsUpload,
  type ImportSettings,
  type UnmappedItem,
} from './assessment-import.js';
export { getFinding, listProviderFindings, respondToFinding, type FindingView, type ProviderFindingItem, type ProviderFindings } from './findings.js';
export type {
  CaseAssessment,
  CertificationFilter,
  CertificationKeyset,
  LapseToFlag,
  LifecycleRepository,
  NewFollowUpAssessment,
  ReviewFlagKeyset,
} from './lifecycle-ports.js';
export {
  decideRenewal,
  fileRenewal,
  onAssessmentSignedOff,
  reinstateCertification,
  requestAssessment,
  revokeCertification,
  suspendCertification,
  withdrawCertification,
  type RenewalDecisionInput,
  type SignedOffFollowUp,
} from './lifecycle.js';
export {
  CERTIFIED_STATES,
  getCertification,
  listCertifications,
  listProviderCertifications,
  LIVE_STATES,
  type CertificationListItem,
  type CertificationView,
  type OfficeCertificationView,
} from './certifications.js';
export { JOB_ACTOR_ROLE, runDueChanges, type DueChangeKind, type DueChangesReport } from './certification-job.js';
export { startDueChangesTimer, type DueChangesTimer, type DueChangesTimerOptions } from './due-changes-timer.js';
export { clearReviewFlag, flaggedServices, listProviderReviewFlags, listReviewFlags, type ReviewFlagView } from './service-review-flags.js';
export type { PartyName, RegistryEntry, RegistryFacets, RegistryKeyset, RegistryRepository, ServiceCertificate } from './registry-ports.js';
export {
  exportRegistry,
  getRegistryService,
  getServiceCertification,
  REGISTRY_EXPORT_BATCH,
  registryFacets,
  searchRegistry,
  type PublicCaseEvent,
  type RegistryPage,
  type RegistryQuery,
  type PublicReviewFlag,
  type ServiceCertification,
} from './registry.js';
