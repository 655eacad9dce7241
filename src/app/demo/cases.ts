import { createHash } from 'node:crypto';
import {
  addDays,
  addMonths,
  calendarDateAt,
  CERTIFICATION_STATES,
  DEFAULT_CERTIFICATION_RULES,
  type Application,
  type CalendarDate,
  type CertificationState,
  type Grade,
  type Organisation,
} from '../../domain/index.js';
import { listProviderApplications } from '../application-lists.js';
import { acceptApplication, draftApplication, returnApplication, submitApplication, uploadSsp } from '../applications.js';
import { nameLeadAuditor, recordControlResults, recordFinding, signOffAssessment } from '../assessments.js';
import { systemContext, type CommandContext } from '../audit.js';
import { runDueChanges } from '../certification-job.js';
import { beginReview, certifyCase, recommendCase, rejectCase } from '../decisions.js';
import { respondToFinding } from '../findings.js';
import { fileRenewal, revokeCertification, suspendCertification, withdrawCertification } from '../lifecycle.js';
import type { Store, User } from '../ports.js';
import { listProviderServices, registerService } from '../services.js';
import { supplyChainNotYetAssessed } from '../supply-chain-conditions.js';
import { DEMO_PEOPLE } from './people.js';

/**
 * The demo's certification cases (issue 5: "the README's first command starts
 * with services in every state, so a newcomer sees a lively list"): at least
 * one case in each state of a certification's life, each brought there by
 * the demo people of the right organisations through the same use cases the
 * pages call, so that every case has its plan, assessment, findings, history
 * and audit trail as if people had done the work. Nothing is written around
 * the rules: a step the rules refuse fails the seeding.
 *
 * Dates are counted back from the day the demo starts, so the states stay
 * what they say whenever it is started: a certificate meant to be valid is
 * valid, the one meant to have expired has. The auditing bodies' first
 * authorisations (./services-and-bodies.ts) took effect at least 200 days
 * before the demo starts, so no step that engages a body lies before them.
 *
 * Added once: a case is made for a demo service that has no application yet
 * (services are matched by their provider and English name, and made if
 * missing); a service that has one, whatever its state, is left as it is. So
 * a second start adds nothing, and a demo database from before the cases
 * existed gets them on its next start.
 */

export interface DemoCasesReport {
  /** Cases made by this run. */
  readonly created: number;
  /** Demo services that already had an application, left as they were. */
  readonly existing: number;
  /** The cases made, by the state they reached (after the daily job's runs). */
  readonly states: Partial<Record<CertificationState, number>>;
  /** Cases that could not be made, each with why; nothing of them was kept. */
  readonly failures: readonly { readonly service: string; readonly message: string }[];
}

export interface DemoCasesOptions {
  /** The moment the demo starts: every step happens before it. */
  readonly now: Date;
  /** The programme's time zone: the days of acceptance, sign-off and the job are days there. */
  readonly timeZone: string;
}

type Risk = 'critical' | 'high' | 'moderate' | 'low';

interface DemoFinding {
  /** The control's position in the grade (0 is its first control). */
  readonly control: number;
  readonly risk: Risk;
  readonly title: string;
  readonly description: string;
  /** The provider's answer, once the assessment is signed off. */
  readonly response?: string;
}

interface DemoCase {
  /** Registry id of the provider (./organisations.ts). */
  readonly provider: string;
  readonly service: { readonly nameJa: string; readonly nameEn: string; readonly model: string; readonly deployment: string; readonly regions: readonly string[] };
  readonly grade: Grade;
  /** Registry id of the auditing body engaged. */
  readonly body: string;
  /**
   * The state the case is brought to: `recommended` is under review with the
   * officer's recommendation given; `suspended-manually` is suspended by the
   * office; `lapsing` is certified on dates that let the daily job suspend or
   * expire it.
   */
  readonly target: Exclude<CertificationState, 'suspended' | 'expired'> | 'recommended' | 'suspended-manually' | 'lapsing';
  /** Days before the start that the application was drafted; each later step follows a few days after the one before. */
  readonly draftedDaysAgo: number;
  /** When the audited period of twelve months ended, counted back from the start. */
  readonly periodEndedAgo: { readonly months: number; readonly days: number };
  readonly findings?: readonly DemoFinding[];
  /** Days before the start of the step after certification (suspension, withdrawal, renewal). */
  readonly laterDaysAgo?: number;
  /** What the officer or approver gave as the reason, where the step needs one. */
  readonly reasons?: { readonly recommend?: string; readonly decide?: string; readonly return?: string; readonly suspend?: string; readonly revoke?: string };
  /** For a case still in assessment: how many of the grade's controls have a result. */
  readonly recordedControls?: number;
}

const SAKURA = '8011001200002';
const HOKKAI = '4120001300003';
const HIKARI = '9010401400004';
const MIRAI = '7011101500005';
const TSUBASA = '7010001600006';
const NORDIC = '549300VZ2Y4XKHM5YJ04';
const ATLAS = 'K7LMN4PQ2RS8';
const SOUTHERN_CROSS = '51824753556';
const BLUEFINCH = '09876543';
const SHIZUKU = '4180001700007';
const TOTO = '4010001234567';
const MINATO = '9010401100001';

const service = (nameJa: string, nameEn: string, model: string, deployment: string, regions: string[]) => ({ nameJa, nameEn, model, deployment, regions });

/** The cases, in the order of a certification's life. Most are Grade 1 (149 controls) so that the demo starts quickly. */
export const DEMO_CASES: readonly DemoCase[] = [
  {
    provider: SAKURA,
    service: service('さくら マネージドデータベース', 'Sakura Managed Database', 'paas', 'public', ['JP-East']),
    grade: 2,
    body: TOTO,
    target: 'draft',
    draftedDaysAgo: 5,
    periodEndedAgo: { months: 1, days: 0 },
  },
  {
    provider: TSUBASA,
    service: service('つばさ 電子保存', 'Tsubasa e-Archive', 'saas', 'public', ['JP-East']),
    grade: 1,
    body: TOTO,
    target: 'submitted',
    draftedDaysAgo: 10,
    periodEndedAgo: { months: 1, days: 0 },
  },
  {
    provider: ATLAS,
    service: service('アトラス オブジェクトストレージ', 'Atlas Object Storage', 'iaas', 'public', ['US-East', 'JP-East']),
    grade: 2,
    body: MINATO,
    target: 'returned',
    draftedDaysAgo: 20,
    periodEndedAgo: { months: 1, days: 0 },
    reasons: { return: 'The scope leaves out the backup region (US-West), which holds copies of customer data. Please include it or explain why it is out of scope.' },
  },
  {
    provider: MIRAI,
    service: service('ミライ給与', 'Mirai Payroll', 'saas', 'public', ['JP-East']),
    grade: 1,
    body: MINATO,
    target: 'in-assessment',
    draftedDaysAgo: 30,
    periodEndedAgo: { months: 2, days: 0 },
    recordedControls: 60,
    findings: [{ control: 3, risk: 'moderate', title: 'Access reviews not evidenced', description: 'Quarterly reviews of payroll administrators were planned but two quarters have no record of one.' }],
  },
  {
    provider: SHIZUKU,
    service: service('しずく経費精算', 'Shizuku Expense', 'saas', 'public', ['JP-West']),
    grade: 1,
    body: TOTO,
    target: 'assessed',
    draftedDaysAgo: 40,
    periodEndedAgo: { months: 2, days: 0 },
  },
  {
    provider: BLUEFINCH,
    service: service('ブルーフィンチ インサイト', 'Bluefinch Insight', 'saas', 'public', ['UK-South', 'JP-East']),
    grade: 2,
    body: TOTO,
    target: 'under-review',
    draftedDaysAgo: 45,
    periodEndedAgo: { months: 2, days: 0 },
  },
  {
    provider: HOKKAI,
    service: service('北海ソブリンクラウド', 'Hokkai Sovereign Cloud', 'iaas', 'government-only', ['JP-North']),
    grade: 3,
    body: TOTO,
    target: 'recommended',
    draftedDaysAgo: 50,
    periodEndedAgo: { months: 2, days: 0 },
    reasons: { recommend: 'Every control satisfied and no open finding. For the approver: Grade 3 also needs the supply-chain and data-centre conditions.' },
  },
  {
    provider: SOUTHERN_CROSS,
    service: service('サザンクロス バックアップ', 'Southern Cross Backup', 'saas', 'public', ['AU-East']),
    grade: 1,
    body: MINATO,
    target: 'rejected',
    draftedDaysAgo: 60,
    periodEndedAgo: { months: 2, days: 0 },
    findings: [
      {
        control: 20,
        risk: 'high',
        title: 'Backups not encrypted at rest',
        description: 'Customer backups in the secondary site are written unencrypted; the provider has no date for a fix.',
      },
    ],
    reasons: {
      recommend: 'A high finding is open with no remediation plan: recommend rejecting.',
      decide: 'Rejected: customer backups are stored unencrypted (high finding open, no remediation plan). The provider may apply again once it is fixed.',
    },
  },
  {
    provider: SAKURA,
    service: service('さくら IaaS 基盤', 'Sakura IaaS Platform', 'iaas', 'public', ['JP-East', 'JP-West']),
    grade: 2,
    body: TOTO,
    target: 'certified',
    draftedDaysAgo: 80,
    periodEndedAgo: { months: 3, days: 0 },
    findings: [
      {
        control: 10,
        risk: 'moderate',
        title: 'Leavers kept console access for up to ten days',
        description: 'Three of forty sampled leavers still had console accounts between five and ten days after leaving.',
        response: 'Accounts are now disabled by the HR system on the last working day; we will show a quarter of evidence at the next inspection.',
      },
      {
        control: 40,
        risk: 'low',
        title: 'Audit log retention policy out of date',
        description: 'The retention policy names a log store retired last year, though logs are in fact kept for the stated period.',
        response: 'The policy was revised and approved on the date of this answer.',
      },
    ],
  },
  {
    provider: HIKARI,
    service: service('ひかり ID 基盤', 'Hikari Identity Platform', 'paas', 'government-only', ['JP-East']),
    grade: 2,
    body: TOTO,
    target: 'certified',
    draftedDaysAgo: 70,
    periodEndedAgo: { months: 2, days: 0 },
  },
  {
    provider: MIRAI,
    service: service('ミライ シフト', 'Mirai Shift Planner', 'saas', 'public', ['JP-East']),
    grade: 1,
    body: MINATO,
    target: 'certified',
    draftedDaysAgo: 90,
    periodEndedAgo: { months: 3, days: 0 },
    findings: [
      {
        control: 5,
        risk: 'low',
        title: 'Security awareness records incomplete',
        description: 'Two of twenty-five sampled staff have no record of the annual security awareness course.',
        response: 'Both have since taken the course; completion is now checked monthly.',
      },
    ],
  },
  {
    provider: NORDIC,
    service: service('ノルディック・ストラタ Kubernetes', 'Nordic Strata Kubernetes', 'paas', 'public', ['SE-Stockholm', 'JP-East']),
    grade: 1,
    body: MINATO,
    target: 'certified',
    draftedDaysAgo: 60,
    periodEndedAgo: { months: 2, days: 0 },
  },
  {
    provider: BLUEFINCH,
    service: service('ブルーフィンチ ダッシュボード', 'Bluefinch Dashboards', 'saas', 'public', ['UK-South']),
    grade: 1,
    body: MINATO,
    target: 'certified',
    draftedDaysAgo: 110,
    periodEndedAgo: { months: 4, days: 0 },
  },
  {
    provider: HIKARI,
    service: service('ひかり セキュアメール', 'Hikari Secure Mail', 'saas', 'government-only', ['JP-East']),
    grade: 1,
    body: TOTO,
    target: 'certified',
    draftedDaysAgo: 130,
    periodEndedAgo: { months: 5, days: 0 },
  },
  {
    provider: SHIZUKU,
    service: service('しずく会計クラウド', 'Shizuku Accounting Cloud', 'saas', 'public', ['JP-West']),
    grade: 1,
    body: TOTO,
    target: 'renewal-pending',
    draftedDaysAgo: 200,
    // Its next inspection was due ten days ago, and its certificate ends in under four months: time to renew.
    periodEndedAgo: { months: 12, days: 10 },
    laterDaysAgo: 8,
  },
  {
    provider: SAKURA,
    service: service('さくら オブジェクトストレージ', 'Sakura Object Storage', 'iaas', 'public', ['JP-East', 'JP-West']),
    grade: 1,
    body: TOTO,
    target: 'suspended-manually',
    draftedDaysAgo: 75,
    periodEndedAgo: { months: 3, days: 0 },
    laterDaysAgo: 12,
    reasons: { suspend: 'Unauthorised access to a storage management console reported by the provider; suspended while the incident is investigated.' },
  },
  {
    provider: HOKKAI,
    service: service('北海コロケーションクラウド', 'Hokkai Colocation Cloud', 'iaas', 'public', ['JP-North']),
    grade: 1,
    body: TOTO,
    // Its regular inspection fell due ninety days ago and was never recorded: the daily job suspends it.
    target: 'lapsing',
    draftedDaysAgo: 190,
    periodEndedAgo: { months: 12, days: 90 },
  },
  {
    provider: TSUBASA,
    service: service('つばさ 電子契約', 'Tsubasa e-Contract', 'saas', 'public', ['JP-East']),
    grade: 1,
    body: MINATO,
    target: 'revoked',
    draftedDaysAgo: 120,
    periodEndedAgo: { months: 5, days: 0 },
    laterDaysAgo: 40,
    reasons: {
      suspend: 'Evidence submitted for the assessment appears to have been altered; suspended while the office investigates.',
      revoke: 'Revoked: the office confirmed that test records submitted as evidence were falsified.',
    },
  },
  {
    provider: NORDIC,
    service: service('ノルディック・ストラタ コンピュート', 'Nordic Strata Compute', 'iaas', 'public', ['SE-Stockholm']),
    grade: 1,
    body: TOTO,
    // Its inspection was never recorded (suspended by the job) and then its validity ended (expired by the job).
    target: 'lapsing',
    draftedDaysAgo: 165,
    periodEndedAgo: { months: 16, days: 5 },
  },
  {
    provider: ATLAS,
    service: service('アトラス アナリティクス', 'Atlas Analytics Platform', 'paas', 'public', ['US-East']),
    grade: 1,
    body: TOTO,
    target: 'withdrawn',
    draftedDaysAgo: 100,
    periodEndedAgo: { months: 4, days: 0 },
    laterDaysAgo: 10,
  },
];

/** The people who act in the cases, by role, found by the demo people's e-mail addresses. */
const OFFICER = 'officer@office.demo.example.go.jp';
const APPROVER = 'approver@office.demo.example.go.jp';

/** Days after the draft at which each step happens (the audited period has ended before the draft). */
const STEP = { ssp: 1, submit: 2, returned: 5, accept: 6, lead: 7, record: 10, sign: 20, review: 22, recommend: 24, decide: 27, respond: 31 } as const;

const ORDER: readonly DemoCase['target'][] = ['draft', 'submitted', 'in-assessment', 'assessed', 'under-review', 'recommended', 'certified'];

/** Adds the demo cases missing; see the module's comment. */
export async function seedDemoCases(store: Store, options: DemoCasesOptions): Promise<DemoCasesReport> {
  const standard = await store.standards.current();
  if (!standard) return { created: 0, existing: 0, states: {}, failures: [] };
  const operator = systemContext('demo', options.now);
  const actors = await demoActors(store);
  const controlIds = await store.standards.fingerprints(standard.version);
  const made: Application[] = [];
  const failures: { service: string; message: string }[] = [];
  let existing = 0;
  // The earliest drafted first, so that certificates are numbered in the order they were issued.
  for (const demo of [...DEMO_CASES].sort((a, b) => b.draftedDaysAgo - a.draftedDaysAgo)) {
    const provider = actors.organisation(demo.provider);
    const body = actors.organisation(demo.body);
    // A demo organisation or person removed or deactivated in this database: the case is left out.
    if (!provider || !body || !actors.ready(demo)) continue;
    const serviceId = await ensureService(store, operator, provider, demo, actors.keeperOf(demo.provider), options.now);
    const applications = await listProviderApplications(store, operator, provider.id, { limit: 100 });
    if (applications.items.some((item) => item.service.id === serviceId)) {
      existing += 1;
      continue;
    }
    const ids = controlIds[demo.grade].map((control) => control.id);
    const authorisedSince = await authorisedSinceOf(store, body.id);
    try {
      // One transaction per case: a case is made whole or not at all.
      made.push(await store.transaction((tx) => bringCase(tx, { demo, provider, body, serviceId, standardVersion: standard.version, controlIds: ids, actors, options, authorisedSince })));
    } catch (error) {
      // Demo data changed by hand (a body suspended, a person's roles changed) may stop a case; the others are still made.
      failures.push({ service: demo.service.nameEn, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (made.length > 0) await runPastJobs(store, made, options, await latestFloor(store, actors));
  const states: Partial<Record<CertificationState, number>> = {};
  for (const { id } of made) {
    const state = (await store.applications.findById(id))?.case.state;
    if (state) states[state] = (states[state] ?? 0) + 1;
  }
  return { created: made.length, existing, states: sortedStates(states), failures };
}

interface CaseRun {
  readonly demo: DemoCase;
  readonly provider: Organisation;
  readonly body: Organisation;
  readonly serviceId: string;
  readonly standardVersion: string;
  readonly controlIds: readonly string[];
  readonly actors: DemoActors;
  readonly options: DemoCasesOptions;
  /** When the body's authorisation took its present standing, as recorded. */
  readonly authorisedSince: Date;
}

/**
 * The moments of one case's steps: each as planned, but never before the one
 * before it (nor before a floor set on the way), and never after the start.
 * The steps of a case keep their order even when a floor crowds them together.
 */
function caseClock(now: Date) {
  let last = new Date(0);
  return {
    next(planned: Date): Date {
      const soonest = new Date(last.getTime() + 1000);
      const moment = planned > soonest ? planned : soonest;
      last = moment < now ? moment : now;
      return last;
    },
    notBefore(floor: Date): void {
      if (floor > last) last = floor;
    },
  };
}

/** Brings one case to its target, step by step, each step as the person whose step it is. */
async function bringCase(store: Store, run: CaseRun): Promise<Application> {
  const { demo, provider, actors, options } = run;
  const clock = caseClock(options.now);
  const at = (afterDraft: number) => clock.next(daysAgo(options.now, demo.draftedDaysAgo - afterDraft));
  const dayOf = (moment: Date) => calendarDateAt(moment, options.timeZone);
  const keeper = (moment: Date) => actors.as(actors.keeperOf(demo.provider), moment);
  const officer = (moment: Date) => actors.as(actors.person(OFFICER), moment);
  const approver = (moment: Date) => actors.as(actors.person(APPROVER), moment);
  const lead = (moment: Date) => actors.as(actors.leadOf(demo.body), moment);
  const auditor = (moment: Date) => actors.as(actors.auditorOf(demo.body), moment);
  const reached = (target: DemoCase['target']) => ORDER.indexOf(target) <= ORDER.indexOf(past(demo.target));

  const period = auditedPeriod(dayOf(options.now), demo.periodEndedAgo);
  const drafted = await draftApplication(
    store,
    provider.id,
    {
      serviceId: run.serviceId,
      grade: String(demo.grade),
      standardVersion: run.standardVersion,
      scope: `${demo.service.nameEn}: its production environment in ${demo.service.regions.join(' and ')}, and the people and processes that run it.`,
      auditedFrom: period.start,
      auditedUntil: period.end,
      bodyId: run.body.id,
    },
    keeper(at(0)),
  );
  const id = drafted.id;
  // A draft shows a plan still being written: a third of its controls unanswered.
  const answered = demo.target === 'draft' ? run.controlIds.slice(0, Math.ceil((run.controlIds.length * 2) / 3)) : run.controlIds;
  await uploadSsp(store, keeper(at(STEP.ssp)), id, { fileName: `${slug(demo.service.nameEn)}-ssp.json`, bytes: systemSecurityPlan(demo, answered) });
  if (demo.target === 'draft') return current(store, id);

  await submitApplication(store, keeper(at(STEP.submit)), id);
  if (demo.target === 'returned') return returnApplication(store, officer(at(STEP.returned)), id, demo.reasons?.return ?? 'Incomplete.');
  if (!reached('in-assessment')) return current(store, id);

  await acceptApplication(store, officer(at(STEP.accept)), id, dayOf(at(STEP.accept)));
  const assessmentId = await openAssessmentOf(store, id);
  await nameLeadAuditor(store, lead(at(STEP.lead)), assessmentId, actors.leadOf(demo.body).user.id, dayOf(at(STEP.lead)));
  const recorded = demo.target === 'in-assessment' ? run.controlIds.slice(0, demo.recordedControls ?? 0) : run.controlIds;
  const flagged = new Set((demo.findings ?? []).map((finding) => run.controlIds[finding.control]));
  // The auditors' work spreads over the days between the lead's naming and the sign-off: a worksheet every few days.
  const worksheets = 3;
  for (let sheet = 0; sheet < worksheets; sheet += 1) {
    const worksheet = recorded.slice(Math.ceil((sheet * recorded.length) / worksheets), Math.ceil(((sheet + 1) * recorded.length) / worksheets));
    if (worksheet.length === 0) continue;
    const entries = worksheet.map((controlId) => ({ controlId, input: controlResult(demo, controlId, flagged.has(controlId)) }));
    await recordControlResults(store, auditor(at(STEP.record + sheet * 3)), assessmentId, entries);
  }
  const answers: { id: string; response: string | undefined }[] = [];
  for (const finding of demo.findings ?? []) {
    const moment = at(STEP.record + 2);
    const input = { controlId: run.controlIds[finding.control] ?? '', risk: finding.risk, title: finding.title, description: finding.description };
    answers.push({ id: (await recordFinding(store, auditor(moment), assessmentId, input, dayOf(moment))).id, response: finding.response });
  }
  if (demo.target === 'in-assessment') return current(store, id);

  // A decision asks whether the body was authorised when it signed off, as the database then knew it: never before its authorisation was recorded.
  clock.notBefore(run.authorisedSince);
  const signedAt = at(STEP.sign);
  await signOffAssessment(store, lead(signedAt), assessmentId, dayOf(signedAt));
  if (demo.target === 'assessed') return current(store, id);

  await beginReview(store, officer(at(STEP.review)), id);
  if (demo.target === 'under-review') return current(store, id);

  const rejecting = demo.target === 'rejected';
  await recommendCase(store, officer(at(STEP.recommend)), id, {
    outcome: rejecting ? 'reject' : 'certify',
    reason: demo.reasons?.recommend ?? 'Every control of the grade assessed; no critical or high finding open. Recommend certifying.',
  });
  if (demo.target === 'recommended') return current(store, id);
  if (rejecting) return rejectCase(store, approver(at(STEP.decide)), id, { reason: demo.reasons?.decide ?? 'Rejected.' });

  await certifyCase(store, approver(at(STEP.decide)), id, { reason: demo.reasons?.decide ?? 'Certified on the officer’s recommendation.' }, { supplyChain: supplyChainNotYetAssessed, timeZone: options.timeZone });
  for (const answer of answers) {
    if (answer.response) await respondToFinding(store, keeper(at(STEP.respond)), answer.id, answer.response);
  }
  const later = clock.next(daysAgo(options.now, demo.laterDaysAgo ?? 1));
  switch (demo.target) {
    case 'suspended-manually':
      return suspendCertification(store, officer(later), id, demo.reasons?.suspend ?? 'Suspended.');
    case 'revoked':
      await suspendCertification(store, officer(later), id, demo.reasons?.suspend ?? 'Suspended.');
      return revokeCertification(store, approver(clock.next(daysAgo(options.now, (demo.laterDaysAgo ?? 2) / 2))), id, demo.reasons?.revoke ?? 'Revoked.');
    case 'withdrawn':
      return withdrawCertification(store, keeper(later), id);
    case 'renewal-pending':
      return fileRenewal(store, keeper(later), id, options.timeZone);
    default:
      return current(store, id);
  }
}

/**
 * The daily job, as it would have run on the days things fell due for the
 * lapsing cases (an inspection overdue past its grace, a validity ended),
 * then today: each run only does what is due on its day, so the cases'
 * histories show the suspension before the expiry, as the job makes them.
 */
async function runPastJobs(store: Store, made: readonly Application[], options: DemoCasesOptions, floor: Date): Promise<void> {
  const today = calendarDateAt(options.now, options.timeZone);
  const days = new Set<CalendarDate>();
  for (const { id } of made) {
    const live = (await current(store, id)).case;
    if (live.inspectionDue) days.add(addDays(live.inspectionDue, DEFAULT_CERTIFICATION_RULES.inspectionGraceDays + 1));
    if (live.validUntil) days.add(addDays(live.validUntil, 1));
  }
  for (const day of [...days].filter((d) => d < today).sort()) {
    // Where a body's authorisation was recorded lately (a demo database from before the cases), its cases' steps were
    // crowded after it; the job's runs come after them, an hour on, as it would not have run on them before.
    const soonest = new Date(Math.min(floor.getTime() + 3_600_000, options.now.getTime()));
    const noon = dayStart(day, options);
    await runDueChanges(store, systemContext('demo', noon > soonest ? noon : soonest), day);
  }
  await runDueChanges(store, systemContext('demo', options.now), today);
}

/** The latest of the demo bodies' authorisation changes: no case's step was crowded past it by more than minutes. */
async function latestFloor(store: Store, actors: DemoActors): Promise<Date> {
  let latest = new Date(0);
  for (const registryId of new Set(DEMO_CASES.map((demo) => demo.body))) {
    const body = actors.organisation(registryId);
    const since = body ? await authorisedSinceOf(store, body.id) : latest;
    if (since > latest) latest = since;
  }
  return latest;
}

/** The latest change of the body's authorisations as recorded (the grant, or a reinstatement since). */
async function authorisedSinceOf(store: Store, bodyId: string): Promise<Date> {
  const history = await store.auditingBodies.listHistory(bodyId);
  return history.reduce((latest, step) => (step.occurredAt > latest ? step.occurredAt : latest), new Date(0));
}

/** Noon of a past day in the programme's zone, never after the start. */
function dayStart(day: CalendarDate, options: DemoCasesOptions): Date {
  const noon = new Date(`${day}T12:00:00Z`);
  const offset = noon.getTime() - new Date(noon.toLocaleString('en-US', { timeZone: options.timeZone })).getTime();
  const moment = new Date(noon.getTime() + offset);
  return moment < options.now ? moment : options.now;
}

/** The audited period: the twelve months up to the day `ago` before `today`. */
function auditedPeriod(today: CalendarDate, ago: DemoCase['periodEndedAgo']): { start: CalendarDate; end: CalendarDate } {
  const end = addDays(addMonths(today, -ago.months), -ago.days);
  return { start: addDays(addMonths(end, -12), 1), end };
}

/** Where in the order a target lies: a case suspended, revoked, withdrawn or renewing has been certified first. */
function past(target: DemoCase['target']): DemoCase['target'] {
  return ORDER.includes(target) ? target : target === 'returned' ? 'submitted' : 'certified';
}

function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

async function current(store: Store, id: string): Promise<Application> {
  const found = await store.applications.findById(id);
  if (!found) throw new Error(`no application ${id}`);
  return found;
}

async function openAssessmentOf(store: Store, applicationId: string): Promise<string> {
  const assessments = await store.assessments.listByApplication(applicationId);
  const open = assessments.find((a) => a.state === 'open');
  if (!open) throw new Error(`no open assessment for ${applicationId}`);
  return open.id;
}

function controlResult(demo: DemoCase, controlId: string, withFinding: boolean) {
  const name = controlId.toUpperCase();
  return withFinding
    ? { result: 'not-satisfied', methods: ['examine', 'interview'], narrative: `${name}: ${demo.service.nameEn} does not fully meet the control; see the finding recorded against it.` }
    : { result: 'satisfied', methods: ['examine', 'test'], narrative: `${name}: examined ${demo.service.nameEn}'s procedures for the control and tested a sample of their operation; no exceptions.` };
}

function sortedStates(states: Partial<Record<CertificationState, number>>): Partial<Record<CertificationState, number>> {
  return Object.fromEntries(CERTIFICATION_STATES.filter((state) => states[state] !== undefined).map((state) => [state, states[state]]));
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * A system security plan in OSCAL 1.1.3 JSON that answers `answered` of the
 * grade's controls as implemented by the service, one statement each. Its
 * UUIDs are derived from the service and the control, so the same case
 * always uploads the same bytes.
 */
export function systemSecurityPlan(demo: Pick<DemoCase, 'service' | 'grade'>, answered: readonly string[]): Uint8Array {
  const name = demo.service.nameEn;
  const id = (...parts: string[]) => stableUuid([name, ...parts].join('/'));
  const component = id('component');
  const plan = {
    'system-security-plan': {
      uuid: id('plan'),
      metadata: { title: `${name} system security plan`, 'last-modified': '2026-01-01T00:00:00+09:00', version: '1.0', 'oscal-version': '1.1.3' },
      'import-profile': { href: `https://shinrai.example/standard/grades/${demo.grade}/profile.json` },
      'system-characteristics': {
        'system-ids': [{ 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: id('system') }],
        'system-name': name,
        description: `${name}, a cloud service of the Shinrai demo.`,
        'system-information': {
          'information-types': [
            {
              uuid: id('information'),
              title: 'Customer data',
              description: 'Data that customers keep in the service.',
              'confidentiality-impact': { base: 'fips-199-moderate' },
              'integrity-impact': { base: 'fips-199-moderate' },
              'availability-impact': { base: 'fips-199-moderate' },
            },
          ],
        },
        status: { state: 'operational' },
        'authorization-boundary': { description: `${name}'s production environment in ${demo.service.regions.join(' and ')}.` },
      },
      'system-implementation': {
        users: [{ uuid: id('user'), title: 'Operator' }],
        components: [{ uuid: component, type: 'this-system', title: name, description: 'The whole service.', status: { state: 'operational' } }],
      },
      'control-implementation': {
        description: `How ${name} implements the controls of Grade ${demo.grade}.`,
        'implemented-requirements': answered.map((controlId) => ({
          uuid: id('requirement', controlId),
          'control-id': controlId,
          'by-components': [
            { 'component-uuid': component, uuid: id('statement', controlId), description: `${name} implements ${controlId.toUpperCase()} through its documented and reviewed procedures.` },
          ],
        })),
      },
    },
  };
  return new TextEncoder().encode(JSON.stringify(plan, null, 2));
}

/** A name-based UUID (version 5's layout over SHA-256), the same for the same name. */
function stableUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The service of a demo case: found among its provider's by English name, or registered by the provider's own person. */
async function ensureService(store: Store, operator: CommandContext, provider: Organisation, demo: DemoCase, keeper: Acting, now: Date): Promise<string> {
  const found = (await listProviderServices(store, operator, provider.id, { limit: 100, text: demo.service.nameEn })).items.find((s) => s.nameEn === demo.service.nameEn);
  if (found) return found.id;
  const registered = await registerService(
    store,
    provider.id,
    { nameJa: demo.service.nameJa, nameEn: demo.service.nameEn, serviceModel: demo.service.model, deploymentModel: demo.service.deployment, regions: [...demo.service.regions], runsOn: [] },
    actingAs(keeper, daysAgo(now, demo.draftedDaysAgo + 1)),
  );
  return registered.id;
}

interface Acting {
  readonly user: User;
  readonly organisation: Organisation;
}

interface DemoActors {
  organisation(registryId: string): Organisation | undefined;
  /** Whether everyone who acts in the case is there. */
  ready(demo: DemoCase): boolean;
  person(email: string): Acting;
  /** The provider's person who keeps its services (compliance or admin). */
  keeperOf(providerRegistryId: string): Acting;
  leadOf(bodyRegistryId: string): Acting;
  /** An auditor of the body, or its lead auditor when it has no other. */
  auditorOf(bodyRegistryId: string): Acting;
  as(acting: Acting, at: Date): CommandContext;
}

/** The demo people (./people.ts) and their organisations, as the cases need them. */
async function demoActors(store: Store): Promise<DemoActors> {
  const organisations = new Map<string, Organisation>();
  const people: Acting[] = [];
  for (const person of DEMO_PEOPLE) {
    const organisation = organisations.get(person.registryId) ?? (await store.organisations.list({ text: person.registryId }, { limit: 1 })).items[0];
    if (!organisation) continue;
    organisations.set(person.registryId, organisation);
    const user = await store.users.findByEmail(person.email);
    if (user?.status === 'active') people.push({ user, organisation });
  }
  for (const demo of DEMO_CASES) {
    for (const registryId of [demo.provider, demo.body]) {
      if (organisations.has(registryId)) continue;
      const organisation = (await store.organisations.list({ text: registryId }, { limit: 1 })).items[0];
      if (organisation) organisations.set(registryId, organisation);
    }
  }
  const of = (registryId: string, roles: readonly string[]) => {
    const id = organisations.get(registryId)?.id;
    return people.find((p) => p.organisation.id === id && p.user.roles.some((role) => roles.includes(role)));
  };
  const needed = (found: Acting | undefined, what: string) => {
    if (!found) throw new Error(`the demo has no ${what}`);
    return found;
  };
  return {
    organisation: (registryId) => organisations.get(registryId),
    ready: (demo) =>
      [OFFICER, APPROVER].every((email) => people.some((p) => p.user.email === email)) &&
      [of(demo.provider, ['compliance', 'admin']), of(demo.body, ['lead-auditor'])].every((found) => found !== undefined),
    person: (email) => needed(people.find((p) => p.user.email === email), email),
    keeperOf: (registryId) => needed(of(registryId, ['compliance', 'admin']), `keeper of ${registryId}'s services`),
    leadOf: (registryId) => needed(of(registryId, ['lead-auditor']), `lead auditor of ${registryId}`),
    auditorOf: (registryId) => needed(of(registryId, ['auditor']) ?? of(registryId, ['lead-auditor']), `auditor of ${registryId}`),
    as: actingAs,
  };
}

/** A demo person acting as if signed in, on their own organisation's authority; the trail names the demo as the way they acted. */
function actingAs(acting: Acting, at: Date): CommandContext {
  const { user, organisation } = acting;
  return {
    actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `demo:${user.email}` },
    authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
    now: at,
  };
}
