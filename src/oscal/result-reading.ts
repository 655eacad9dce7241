import type { Finding, Observation, Result, Risk } from './assessment-model.js';
import {
  SHINRAI_NS,
  type AssessmentFinding,
  type AssessmentMethod,
  type ControlResult,
  type ControlResultValue,
  type EvidenceFile,
} from './assessment-report.js';
import { readRiskLevel } from './risk-level.js';
import type { Property } from './types.js';
import { dayIn } from './zoned-time.js';

/**
 * One result of an assessment-results document read as our control results
 * and findings (the mapping is described in assessment-results-import.ts),
 * with what could not be mapped, by its place in the document.
 */

/** A control's result as a document gives it. */
export interface ImportedResult extends Omit<ControlResult, 'recordedAt'> {
  /**
   * When the document says the control was observed: the latest `collected`
   * of its observations, else its result's `end`, else its `start`. Null when
   * none of them can be read; the use case takes the time of the import.
   */
  readonly recordedAt: Date | null;
}

export interface ImportedFinding extends Omit<AssessmentFinding, 'id' | 'recordedOn' | 'dueOn'> {
  /**
   * The day the document says the finding was made: our `recorded-on`, else
   * the first risk-log entry, else when its control was observed, else its
   * result's `end` or `start`. Null when it says nowhere readable; the use
   * case takes the day of the import.
   */
  readonly recordedOn: string | null;
  /** Null when the document does not say; the use case computes it by risk (src/domain/finding.ts remediationDue). */
  readonly dueOn: string | null;
}

export type UnmappedCode =
  | 'observation-not-found'
  | 'observation-without-finding'
  | 'no-observation'
  | 'method-unknown'
  | 'no-method'
  | 'no-narrative'
  | 'evidence-not-linked'
  | 'conflicting-status'
  | 'superseded'
  | 'risk-not-found'
  | 'risk-without-control'
  | 'risk-several-controls'
  | 'risk-without-level'
  | 'risk-level-unknown'
  | 'risk-levels-differ'
  | 'date-unreadable'
  | 'several-responses';

/** A problem at a place in the document: `pointer` is an RFC 6901 JSON pointer, also given as `params.at`. */
export interface ImportProblem<Code extends string> {
  readonly pointer: string;
  readonly code: Code;
  readonly params: Readonly<Record<string, string | number>>;
}

const METHODS: Readonly<Record<string, AssessmentMethod>> = { EXAMINE: 'examine', INTERVIEW: 'interview', TEST: 'test' };

export interface ReadResult {
  readonly results: readonly ImportedResult[];
  /** By risk uuid. */
  readonly findings: ReadonlyMap<string, ImportedFinding>;
}

export function readResult(result: Result, at: string, grade: ReadonlyMap<string, string>, timeZone: string, unmapped: ImportProblem<UnmappedCode>[]): ReadResult {
  const observations = new Map((result.observations ?? []).map((o, i) => [o.uuid, { observation: o, pointer: `${at}/observations/${i}` }]));
  const risks = new Map((result.risks ?? []).map((risk, i) => [risk.uuid, { risk, pointer: `${at}/risks/${i}` }]));
  const cited = new Set<string>();
  const byControl = new Map<string, { states: ControlResultValue[]; observations: { observation: Observation; pointer: string }[]; pointer: string }>();
  const riskControl = new Map<string, string>();

  (result.findings ?? []).forEach((finding, f) => {
    const pointer = `${at}/findings/${f}`;
    const controlId = grade.get(controlOf(finding)) ?? controlOf(finding);
    const entry = byControl.get(controlId) ?? { states: [], observations: [], pointer };
    byControl.set(controlId, entry);
    entry.states.push(findingState(finding, pointer, unmapped));
    (finding['related-observations'] ?? []).forEach((related, i) => {
      const found = observations.get(related['observation-uuid']);
      if (!found) unmapped.push(problem(`${pointer}/related-observations/${i}`, 'observation-not-found', { uuid: related['observation-uuid'] }));
      else if (!entry.observations.includes(found)) entry.observations.push(found);
      cited.add(related['observation-uuid']);
    });
    (finding['related-risks'] ?? []).forEach((related, i) => {
      const uuid = related['risk-uuid'];
      if (!risks.has(uuid)) unmapped.push(problem(`${pointer}/related-risks/${i}`, 'risk-not-found', { uuid }));
      else if (!riskControl.has(uuid)) riskControl.set(uuid, controlId);
      else if (riskControl.get(uuid) !== controlId) unmapped.push(problem(`${pointer}/related-risks/${i}`, 'risk-several-controls', { uuid, control: riskControl.get(uuid) ?? '' }));
    });
  });
  for (const [uuid, { pointer }] of observations) {
    if (!cited.has(uuid)) unmapped.push(problem(pointer, 'observation-without-finding', { uuid }));
  }

  // When the result as a whole was made, for what says no time of its own: OSCAL's `end` is when the assessment ended, `start` (required) when it began.
  const resultTime = instant(result.end) ?? instant(result.start) ?? null;
  const controls: ImportedResult[] = [];
  for (const [controlId, entry] of byControl) {
    const control = readControl(controlId, entry, resultTime, unmapped);
    if (control) controls.push(control);
  }
  const observedAt = new Map(controls.map((control) => [control.controlId, control.recordedAt]));
  const findings = new Map<string, ImportedFinding>();
  for (const [uuid, { risk, pointer }] of risks) {
    const controlId = riskControl.get(uuid);
    if (controlId === undefined) {
      unmapped.push(problem(pointer, 'risk-without-control', { uuid }));
      continue;
    }
    const finding = readRisk(risk, controlId, pointer, timeZone, observedAt.get(controlId) ?? resultTime, unmapped);
    if (finding) findings.set(uuid, finding);
  }
  return { results: controls, findings };
}

function findingState(finding: Finding, pointer: string, unmapped: ImportProblem<UnmappedCode>[]): ControlResultValue {
  const notApplicable = finding.target['implementation-status']?.state === 'not-applicable' || ours(finding.props, 'result') === 'not-applicable';
  if (finding.target.status.state === 'not-satisfied') {
    if (notApplicable) unmapped.push(problem(`${pointer}/target/status`, 'conflicting-status', { control: finding.target['target-id'] }));
    return 'not-satisfied';
  }
  return notApplicable ? 'not-applicable' : 'satisfied';
}

function readControl(
  controlId: string,
  entry: { states: readonly ControlResultValue[]; observations: readonly { observation: Observation; pointer: string }[]; pointer: string },
  resultTime: Date | null,
  unmapped: ImportProblem<UnmappedCode>[],
): ImportedResult | undefined {
  if (entry.observations.length === 0) {
    unmapped.push(problem(entry.pointer, 'no-observation', { control: controlId }));
    return undefined;
  }
  const methods: AssessmentMethod[] = [];
  const evidence: EvidenceFile[] = [];
  for (const { observation, pointer } of entry.observations) {
    observation.methods.forEach((name, i) => {
      const method = METHODS[name.toUpperCase()];
      if (!method) unmapped.push(problem(`${pointer}/methods/${i}`, 'method-unknown', { method: name }));
      else if (!methods.includes(method)) methods.push(method);
    });
    (observation['relevant-evidence'] ?? []).forEach((cited, i) => {
      const file = evidenceFile(cited.description, cited.props);
      if (!file) unmapped.push(problem(`${pointer}/relevant-evidence/${i}`, 'evidence-not-linked', { href: cited.href ?? cited.description }));
      else if (!evidence.some((e) => e.sha256 === file.sha256)) evidence.push(file);
    });
  }
  const narrative = entry.observations
    .flatMap(({ observation }) => [observation.description, observation.remarks ?? ''])
    .filter((text) => text.trim() !== '')
    .join('\n\n');
  if (methods.length === 0) unmapped.push(problem(entry.pointer, 'no-method', { control: controlId }));
  if (narrative === '') unmapped.push(problem(entry.pointer, 'no-narrative', { control: controlId }));
  if (methods.length === 0 || narrative === '') return undefined;
  const collected = entry.observations.flatMap(({ observation }) => instant(observation.collected) ?? []);
  const recordedAt = collected.length > 0 ? new Date(Math.max(...collected.map((at) => at.getTime()))) : resultTime;
  const result = entry.states.includes('not-satisfied') ? 'not-satisfied' : entry.states.every((s) => s === 'not-applicable') ? 'not-applicable' : 'satisfied';
  return { controlId, result, methods, narrative, recordedAt, evidence };
}

function readRisk(risk: Risk, controlId: string, pointer: string, timeZone: string, madeAt: Date | null, unmapped: ImportProblem<UnmappedCode>[]): ImportedFinding | undefined {
  const reading = readRiskLevel(risk);
  for (const value of reading.unknown) unmapped.push(problem(pointer, 'risk-level-unknown', { uuid: risk.uuid, value }));
  if (reading.differing) unmapped.push(problem(pointer, 'risk-levels-differ', { uuid: risk.uuid, level: reading.level ?? '' }));
  if (!reading.level) {
    unmapped.push(problem(pointer, 'risk-without-level', { uuid: risk.uuid, title: risk.title }));
    return undefined;
  }
  const responses = (risk.remediations ?? []).filter((r) => r.lifecycle === 'planned' || r.lifecycle === 'completed');
  if (responses.length > 1) unmapped.push(problem(`${pointer}/remediations`, 'several-responses', { uuid: risk.uuid }));
  const firstLog = instant(risk['risk-log']?.entries[0]?.start) ?? madeAt ?? undefined;
  return {
    controlId,
    risk: reading.level,
    title: risk.title,
    description: risk.description,
    recordedOn: day(ours(risk.props, 'recorded-on'), firstLog, timeZone, `${pointer}/props`, unmapped),
    dueOn: day(ours(risk.props, 'due-on'), instant(risk.deadline), timeZone, `${pointer}/props`, unmapped),
    status: risk.status === 'closed' ? 'closed' : 'open',
    providerResponse: responses[0]?.description ?? null,
  };
}

/** Our day prop when there is one, else the day of a moment in the programme's zone. */
function day(exact: string | undefined, moment: Date | undefined, timeZone: string, pointer: string, unmapped: ImportProblem<UnmappedCode>[]): string | null {
  if (exact !== undefined) {
    if (isDay(exact)) return exact;
    unmapped.push(problem(pointer, 'date-unreadable', { value: exact }));
  }
  return moment === undefined ? null : dayIn(moment, timeZone);
}

/** An OSCAL date-time (RFC 3339 with its offset, as the schema asks) as a moment, or undefined when absent or not a real one. */
function instant(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? new Date(at) : undefined;
}

function evidenceFile(fileName: string, props: readonly Property[] | undefined): EvidenceFile | undefined {
  const sha256 = ours(props, 'sha256');
  const mediaType = ours(props, 'media-type');
  const size = Number(ours(props, 'size'));
  if (sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256) || mediaType === undefined || !Number.isSafeInteger(size) || size <= 0) return undefined;
  return { sha256, fileName, mediaType, size };
}

/** The control a finding determines: its target's id up to the first "_" (NIST's `{control}_obj…` and `{control}_smt…`). */
export function controlOf(finding: Finding): string {
  return finding.target['target-id'].split('_')[0]?.toLowerCase() ?? '';
}

function ours(props: readonly Property[] | undefined, name: string): string | undefined {
  return props?.find((p) => p.ns === SHINRAI_NS && p.name === name)?.value;
}

function isDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(text);
}

export function problem<Code extends string>(pointer: string, code: Code, params: Record<string, string | number>): ImportProblem<Code> {
  return { pointer, code, params: { at: pointer === '' ? '/' : pointer, ...params } };
}
