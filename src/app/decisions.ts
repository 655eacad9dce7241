import {
  authorisationsAt,
  authorisedOn,
  calendarDateAt,
  certificationBlockers,
  checkReason,
  commandsFrom,
  decide,
  DomainError,
  isDomainError,
  rejectionBlockers,
  type Action,
  type Application,
  type CalendarDate,
  type Certificate,
  type CertificationCase,
  type CertificationRefusal,
  type DecisionFacts,
  type EngagementRefusal,
  type FieldIssue,
  type Grade,
  type Organisation,
  type Page,
} from '../domain/index.js';
import type { CaseEvent } from './application-ports.js';
import { changeCase, findApplication } from './applications.js';
import { recordAudit, type CommandContext } from './audit.js';
import type { DecisionQueue, FindingCounts, QueuedCase, QueueKeyset, SignedOffAssessment } from './decision-ports.js';
import { isUuid } from './ids.js';
import { getOrganisation } from './organisations.js';
import { checkPageRequest, readPage, type PageRequest } from './paging.js';
import { authorize, authorizeAction, principalOf, recordRefusal } from './policy.js';
import type { ServiceRef, Store } from './ports.js';
import type { SupplyChainCondition, SupplyChainConditions } from './supply-chain-conditions.js';

/**
 * Decisions on certification cases (issue 5, "Decisions"; DOMAIN.md, "A
 * certification's life"): an officer begins the review of an assessed case
 * and recommends certifying or rejecting it, with reasons; an approver, who
 * must be someone else (four eyes), certifies or rejects it, with reasons.
 * Certifying weighs the facts in the database inside the transaction that
 * changes the case and issues the certificate, so that nothing can change
 * between the weighing and the issue. Every refusal by the case's rules is
 * written to the audit trail as a refusal.
 */

export interface DecisionDeps {
  /** Grade 3's supply-chain and data-centre conditions (./supply-chain-conditions.ts). */
  readonly supplyChain: SupplyChainConditions;
  /** The programme's IANA time zone: the day of sign-off and the day of issue are days there. */
  readonly timeZone: string;
}

/** What a decision weighs, with the facts the case's rules take (src/domain/certification.ts, DecisionFacts). */
export interface DecisionEvidence {
  readonly assessment: SignedOffAssessment | undefined;
  readonly findings: FindingCounts;
  /**
   * Whether the body held an authorisation covering the grade when it signed
   * the assessment off, and why not; undefined without a signed-off assessment.
   */
  readonly authorisation: { readonly day: CalendarDate; readonly refusal: EngagementRefusal | undefined } | undefined;
  readonly supplyChain: SupplyChainCondition;
  readonly facts: DecisionFacts;
}

/** One reason a command would be refused, with what a page needs to say it in words. */
export type Blocker =
  | { readonly refusal: 'controls-not-assessed'; readonly assessed: number; readonly total: number }
  | { readonly refusal: 'open-findings'; readonly critical: number; readonly high: number }
  | { readonly refusal: 'body-not-authorised'; readonly why: EngagementRefusal | 'no-assessment'; readonly grade: Grade; readonly day: CalendarDate | null }
  | { readonly refusal: Exclude<CertificationRefusal, 'controls-not-assessed' | 'open-findings' | 'body-not-authorised'> };

/** The commands of a decision, as people give them. */
export const DECISION_COMMANDS = ['begin-review', 'recommend', 'certify', 'reject'] as const;
export type DecisionCommand = (typeof DECISION_COMMANDS)[number];

const ACTION_OF: Readonly<Record<DecisionCommand, Action>> = {
  'begin-review': 'decision.review',
  recommend: 'decision.review',
  certify: 'decision.approve',
  reject: 'decision.approve',
};

/** A case as the office weighs it, for the person asking. */
export interface DecisionCase {
  readonly application: Application;
  readonly provider: Organisation;
  readonly service: ServiceRef;
  /** The body that signed the assessment off (the one the application engaged, before then). */
  readonly body: Organisation;
  readonly evidence: DecisionEvidence;
  /** Every change of the case, oldest first, with its reason. */
  readonly history: readonly CaseEvent[];
  /** The latest recommendation's reason, while there is one. */
  readonly recommendationReason: string | null;
  readonly certificate: Certificate | undefined;
  /** What the person asking may do now: the commands the case's state takes (commandsFrom) that their roles allow. */
  readonly commands: readonly DecisionCommand[];
  /** Why each command would be refused if this person gave it now; empty when nothing stops it. */
  readonly blockers: Readonly<Record<'recommend' | 'certify' | 'reject', readonly Blocker[]>>;
}

/** A case in one of the office's queues, with its service named. */
export interface QueueItem extends QueuedCase {
  readonly service: ServiceRef;
}

export interface Decided {
  readonly application: Application;
  /** Issued when the case was certified. */
  readonly certificate: Certificate | undefined;
}

/** A certificate as its page shows it: what it names, and its status (the case's state). */
export interface CertificateView {
  readonly certificate: Certificate;
  readonly service: ServiceRef;
  readonly provider: Organisation;
  readonly body: Organisation;
  readonly status: CertificationCase['state'];
}

/** States a case is in once an approver has decided it. */
const DECIDED: readonly CertificationCase['state'][] = ['certified', 'rejected', 'suspended', 'revoked', 'expired', 'withdrawn', 'renewal-pending'];

/** An officer takes an assessed case into review. */
export async function beginReview(store: Store, context: CommandContext, applicationId: string): Promise<Application> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'decision.review', { organisationId: found.providerId });
  return refusalsAudited(store, context, 'decision.begin-review', found.id, () =>
    changeCase(store, context, found.id, 'decision.begin-review', async (_tx, current) => ({
      command: { type: 'begin-review' },
      returnReason: current.returnReason,
      submittedAt: current.submittedAt,
    })),
  );
}

/** An officer recommends certifying or rejecting a case under review; the reason goes into its history. */
export async function recommendCase(store: Store, context: CommandContext, applicationId: string, input: { readonly outcome: string; readonly reason: string }): Promise<Application> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'decision.review', { organisationId: found.providerId });
  const { outcome, reason } = checkChoice(input.outcome, '/outcome', input.reason);
  const by = personOf(context);
  return refusalsAudited(store, context, 'decision.recommend', found.id, () =>
    changeCase(store, context, found.id, 'decision.recommend', async (_tx, current) => {
      checkUndecided(current);
      return { command: { type: 'recommend', by, outcome }, returnReason: current.returnReason, submittedAt: current.submittedAt, reason };
    }),
  );
}

/** An approver's decision as a form gives it: certify or reject, with a reason either way. */
export async function decideCase(
  store: Store,
  context: CommandContext,
  applicationId: string,
  input: { readonly decision: string; readonly reason: string },
  deps: DecisionDeps,
): Promise<Decided> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'decision.approve', { organisationId: found.providerId });
  const { outcome, reason } = checkChoice(input.decision, '/decision', input.reason);
  if (outcome === 'certify') return certifyCase(store, context, found.id, { reason }, deps);
  return { application: await rejectCase(store, context, found.id, { reason }), certificate: undefined };
}

/**
 * An approver certifies a case under review and its certificate is issued,
 * in one transaction: the facts are read with the case's row locked, so of
 * two approvers deciding at once the second finds it decided. The
 * certificate is valid as the case says (end of the audited period + 1 day +
 * 16 months), and issued on today's date in the programme's time zone.
 */
export async function certifyCase(store: Store, context: CommandContext, applicationId: string, input: { readonly reason: string }, deps: DecisionDeps): Promise<Decided> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'decision.approve', { organisationId: found.providerId });
  const reason = checkReason(input.reason);
  const by = personOf(context);
  return refusalsAudited(store, context, 'decision.certify', found.id, () =>
    store.transaction(async (tx) => {
      const weighed: { evidence?: DecisionEvidence } = {};
      const application = await changeCase(tx, context, found.id, 'decision.certify', async (inner, current) => {
        checkUndecided(current);
        weighed.evidence = await weighEvidence(inner, current, deps);
        return { command: { type: 'certify', by, facts: weighed.evidence.facts }, returnReason: current.returnReason, submittedAt: current.submittedAt, reason };
      });
      const { auditedPeriod, validUntil } = application.case;
      const assessment = weighed.evidence?.assessment;
      // The rules certify only with every control of a signed-off assessment, so these are set.
      if (!auditedPeriod || !validUntil || !assessment) throw new Error(`certified case ${application.id} lacks its period, validity or assessment`);
      const certificate = await tx.certificates.issue({
        applicationId: application.id,
        serviceId: application.serviceId,
        providerId: application.providerId,
        bodyId: assessment.bodyId,
        grade: application.grade,
        standardVersion: application.standardVersion,
        scope: application.scope,
        auditedPeriod,
        issuedOn: calendarDateAt(context.now, deps.timeZone),
        validUntil,
        approverId: by,
        issuedAt: context.now,
      });
      await recordAudit(tx, context, { action: 'certificate.issue', objectType: 'certificate', objectId: certificate.registrationNumber, change: certificate });
      return { application, certificate };
    }),
  );
}

/** An approver rejects a case under review, saying why; the reason goes into its history. */
export async function rejectCase(store: Store, context: CommandContext, applicationId: string, input: { readonly reason: string }): Promise<Application> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'decision.approve', { organisationId: found.providerId });
  const reason = checkReason(input.reason);
  const by = personOf(context);
  return refusalsAudited(store, context, 'decision.reject', found.id, () =>
    changeCase(store, context, found.id, 'decision.reject', async (_tx, current) => {
      checkUndecided(current);
      return { command: { type: 'reject', by, reason }, returnReason: current.returnReason, submittedAt: current.submittedAt };
    }),
  );
}

/** A case as the office's page shows it: its assessment, what blocks each decision, and what the person asking may do. */
export async function getDecisionCase(store: Store, context: CommandContext, applicationId: string, deps: DecisionDeps): Promise<DecisionCase> {
  return loadDecisionCase(store, context, applicationId, deps, 'decision.oversee');
}

/** The same, for the provider's own people as well as the office (the API's view of a case's decision). */
export async function getDecision(store: Store, context: CommandContext, applicationId: string, deps: DecisionDeps): Promise<DecisionCase> {
  return loadDecisionCase(store, context, applicationId, deps, 'application.read');
}

/** How a case was decided, for its provider's pages: its certificate, or why it was rejected. */
export async function getCaseOutcome(store: Store, context: CommandContext, applicationId: string): Promise<{ certificate: Certificate | undefined; rejectedBecause: string | null }> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.read', { organisationId: found.providerId });
  if (found.case.state === 'rejected') {
    const rejection = (await store.applications.listEvents(found.id)).filter((event) => event.command === 'reject').at(-1);
    return { certificate: undefined, rejectedBecause: rejection?.reason ?? null };
  }
  return { certificate: await store.certificates.findByApplication(found.id), rejectedBecause: null };
}

/** The officers' queue: assessed cases, and those under review with no recommendation yet, the longest waiting first. */
export async function listReviewQueue(store: Store, context: CommandContext, query: PageRequest): Promise<Page<QueueItem>> {
  return listQueue(store, context, 'reviews', query);
}

/** The approvers' queue: cases under review with a recommendation, the longest waiting first. */
export async function listDecisionQueue(store: Store, context: CommandContext, query: PageRequest): Promise<Page<QueueItem>> {
  return listQueue(store, context, 'decisions', query);
}

/** A certificate by its registration number: public, as the list of certified services is. */
export async function getCertificate(store: Store, registrationNumber: string): Promise<CertificateView> {
  const number = registrationNumber.trim().toUpperCase();
  const certificate = /^C[0-9]{2}-[0-9]{4,}$/.test(number) ? await store.certificates.findByNumber(number) : undefined;
  if (!certificate) throw new DomainError('not-found', `no certificate ${registrationNumber}`);
  const [application, [service], provider, body] = await Promise.all([
    findApplication(store, certificate.applicationId),
    store.services.refs([certificate.serviceId]),
    getOrganisation(store, certificate.providerId),
    getOrganisation(store, certificate.bodyId),
  ]);
  if (!service) throw new DomainError('not-found', `no service ${certificate.serviceId}`);
  return { certificate, service, provider, body, status: application.case.state };
}

async function loadDecisionCase(store: Store, context: CommandContext, applicationId: string, deps: DecisionDeps, action: Action): Promise<DecisionCase> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, action, { organisationId: found.providerId });
  const [evidence, history, certificate, provider, [service]] = await Promise.all([
    weighEvidence(store, found, deps),
    store.applications.listEvents(found.id),
    store.certificates.findByApplication(found.id),
    getOrganisation(store, found.providerId),
    store.services.refs([found.serviceId]),
  ]);
  if (!service) throw new DomainError('not-found', `no service ${found.serviceId}`);
  const body = await getOrganisation(store, evidence.assessment?.bodyId ?? found.bodyId);
  const principal = principalOf(context);
  // Someone who is not a person of the office can never be the reviewer.
  const viewer = principal?.userId ?? '';
  const allowed = (command: DecisionCommand) => decide(principal, ACTION_OF[command], { organisationId: found.providerId }).allowed;
  const recommendations = history.filter((event) => event.command === 'recommend');
  return {
    application: found,
    provider,
    service,
    body,
    evidence,
    history,
    recommendationReason: found.case.recommendation === null ? null : (recommendations.at(-1)?.reason ?? null),
    certificate,
    commands: DECISION_COMMANDS.filter((command) => commandsFrom(found.case.state).includes(command) && allowed(command)),
    blockers: {
      recommend: found.case.reviewer !== null && found.case.reviewer !== viewer ? [{ refusal: 'recommended-by-another' }] : [],
      certify: certificationBlockers(found.case, viewer, evidence.facts).map((refusal) => explain(refusal, found.grade, evidence)),
      reject: rejectionBlockers(found.case, viewer).map((refusal) => explain(refusal, found.grade, evidence)),
    },
  };
}

async function listQueue(store: Store, context: CommandContext, queue: DecisionQueue, query: PageRequest): Promise<Page<QueueItem>> {
  await authorizeAction(store, context, 'decision.oversee');
  const { limit } = checkPageRequest(query);
  const page = await readPage(limit, query.cursor, isQueueKeyset, (item: QueuedCase) => ({ since: item.since.toISOString(), id: item.applicationId }), (window) =>
    store.decisionFacts.listQueue(queue, window),
  );
  const services = new Map((await store.services.refs([...new Set(page.items.map((item) => item.serviceId))])).map((ref) => [ref.id, ref]));
  return {
    ...page,
    items: page.items.flatMap((item) => {
      const service = services.get(item.serviceId);
      return service ? [{ ...item, service }] : [];
    }),
  };
}

/**
 * Reads what the case's rules weigh: the signed-off initial assessment and
 * its controls, the case's open critical and high findings, whether the body
 * held an authorisation covering the grade at the moment it signed off (its
 * status replayed from the public history, since it may have changed
 * since), and the supply-chain conditions.
 */
async function weighEvidence(store: Store, application: Application, deps: DecisionDeps): Promise<DecisionEvidence> {
  const [assessment, findings, supplyChain] = await Promise.all([
    store.decisionFacts.signedOffAssessment(application.id),
    store.decisionFacts.findingCounts(application.id),
    deps.supplyChain.forService(application.serviceId),
  ]);
  let authorisation: DecisionEvidence['authorisation'];
  if (assessment) {
    const day = calendarDateAt(assessment.signedOffAt, deps.timeZone);
    const [authorisations, history] = await Promise.all([
      store.auditingBodies.listAuthorisations([assessment.bodyId]),
      store.auditingBodies.listHistory(assessment.bodyId),
    ]);
    authorisation = { day, refusal: authorisedOn(authorisationsAt(authorisations, history, assessment.signedOffAt), application.grade, day) };
  }
  return {
    assessment,
    findings,
    authorisation,
    supplyChain,
    facts: {
      controlsTotal: assessment?.controlsTotal ?? 0,
      controlsAssessed: assessment?.controlsAssessed ?? 0,
      openCriticalOrHighFindings: findings.critical.open + findings.high.open,
      bodyAuthorisedOnSignOff: authorisation !== undefined && authorisation.refusal === undefined,
      supplyChain,
    },
  };
}

function explain(refusal: CertificationRefusal, grade: Grade, evidence: DecisionEvidence): Blocker {
  switch (refusal) {
    case 'controls-not-assessed':
      return { refusal, assessed: evidence.facts.controlsAssessed, total: evidence.facts.controlsTotal };
    case 'open-findings':
      return { refusal, critical: evidence.findings.critical.open, high: evidence.findings.high.open };
    case 'body-not-authorised':
      return { refusal, why: evidence.authorisation?.refusal ?? 'no-assessment', grade, day: evidence.authorisation?.day ?? null };
    default:
      return { refusal };
  }
}

/**
 * A case already decided is a conflict that says so: what the second of two
 * approvers deciding at once is told, rather than that the state is wrong.
 */
function checkUndecided(current: Application): void {
  if (DECIDED.includes(current.case.state)) {
    throw new DomainError('conflict', `case ${current.id} is already ${current.case.state}`, {
      issues: [{ pointer: '/state', code: 'case.already-decided', params: { status: current.case.state } }],
    });
  }
}

/** Runs a decision; a refusal by the case's rules (a conflict) is written to the trail as refused, in a transaction of its own. */
async function refusalsAudited<T>(store: Store, context: CommandContext, action: string, applicationId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error) && error.code === 'conflict') {
      await recordRefusal(store, context, action, { type: 'application', id: applicationId }, error.issues.map((issue) => issue.code).join(', ') || 'conflict');
    }
    throw error;
  }
}

/** The person deciding: a decision is always someone's, so that four eyes can be checked. */
function personOf(context: CommandContext): string {
  const principal = principalOf(context);
  if (!principal) throw new DomainError('forbidden', 'a decision on a case is made by a person of the office');
  return principal.userId;
}

/** A choice of certify or reject, and the reason for it, checked together so a form names both problems at once. */
function checkChoice(rawChoice: string, pointer: string, rawReason: string): { outcome: 'certify' | 'reject'; reason: string } {
  const issues: FieldIssue[] = [];
  const choice = rawChoice.trim();
  const outcome = choice === 'certify' || choice === 'reject' ? choice : undefined;
  if (!outcome) issues.push({ pointer, code: 'unknown-choice' });
  let reason: string | undefined;
  try {
    reason = checkReason(rawReason);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    issues.push(...error.issues);
  }
  if (!outcome || reason === undefined) throw new DomainError('validation', `decision not valid: ${issues.map((i) => `${i.pointer} ${i.code}`).join(', ')}`, { issues });
  return { outcome, reason };
}

function isQueueKeyset(value: unknown): value is QueueKeyset {
  if (typeof value !== 'object' || value === null) return false;
  const { since, id } = value as Record<string, unknown>;
  return typeof since === 'string' && since.length <= 40 && !Number.isNaN(Date.parse(since)) && typeof id === 'string' && isUuid(id);
}
