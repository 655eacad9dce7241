/**
 * Whether a system security plan answers every control of a grade
 * (DOMAIN.md: "a system security plan that answers every control of the
 * grade: implemented, or not applicable with a reason"). Reads the OSCAL SSP
 * model's control-implementation (OSCAL 1.0 to 1.2): a control is answered
 * when its implemented-requirement says how, in a statement's or its own
 * by-component description, or is marked not applicable with remarks that
 * say why. A control the plan marks planned or only partly implemented (the
 * implementation-status of OSCAL 1.1's by-components, or the prop FedRAMP's
 * templates put on the requirement) is not yet implemented, whatever its
 * description says. Call it on a document already valid against the SSP schema.
 */

/** The parts of an SSP this reads; the schema has checked their shape. */
interface ByComponent {
  readonly description?: string;
  readonly 'implementation-status'?: { readonly state?: string; readonly remarks?: string };
  readonly props?: readonly { readonly name: string; readonly value: string }[];
  readonly remarks?: string;
}

interface ImplementedRequirement {
  readonly 'control-id': string;
  readonly props?: readonly { readonly name: string; readonly value: string; readonly remarks?: string }[];
  readonly statements?: readonly { readonly 'statement-id': string; readonly 'by-components'?: readonly ByComponent[]; readonly remarks?: string }[];
  readonly 'by-components'?: readonly ByComponent[];
  readonly remarks?: string;
}

export interface SspDocument {
  readonly 'system-security-plan': {
    readonly 'control-implementation'?: { readonly 'implemented-requirements'?: readonly ImplementedRequirement[] };
  };
}

export type ControlAnswer =
  | { readonly controlId: string; readonly status: 'implemented'; readonly statements: number }
  | { readonly controlId: string; readonly status: 'not-applicable'; readonly reason: string }
  /** Described, but marked planned or partial: not implemented yet. */
  | { readonly controlId: string; readonly status: 'planned' }
  /** No implemented-requirement names the control. */
  | { readonly controlId: string; readonly status: 'missing' }
  /** Named, but nothing says how it is implemented. */
  | { readonly controlId: string; readonly status: 'no-statement' }
  | { readonly controlId: string; readonly status: 'not-applicable-without-reason' };

export interface CompletenessReport {
  /** One answer per control of the grade, in the grade's order. */
  readonly controls: readonly ControlAnswer[];
  readonly complete: boolean;
  readonly counts: Readonly<Record<ControlAnswer['status'], number>>;
  /** Control ids the plan answers that the grade does not include (harmless, but worth saying). */
  readonly outsideGrade: readonly string[];
}

const NOT_APPLICABLE = 'not-applicable';

export function sspCompleteness(ssp: SspDocument, gradeControlIds: readonly string[]): CompletenessReport {
  const requirements = ssp['system-security-plan']['control-implementation']?.['implemented-requirements'] ?? [];
  const byControl = new Map<string, ImplementedRequirement[]>();
  for (const requirement of requirements) {
    const id = requirement['control-id'].toLowerCase();
    byControl.set(id, [...(byControl.get(id) ?? []), requirement]);
  }
  const controls = gradeControlIds.map((controlId) => answer(controlId, byControl.get(controlId.toLowerCase()) ?? []));
  const counts = { implemented: 0, 'not-applicable': 0, planned: 0, missing: 0, 'no-statement': 0, 'not-applicable-without-reason': 0 };
  for (const control of controls) counts[control.status] += 1;
  const inGrade = new Set(gradeControlIds.map((id) => id.toLowerCase()));
  return {
    controls,
    complete: counts.implemented + counts['not-applicable'] === controls.length,
    counts,
    outsideGrade: [...byControl.keys()].filter((id) => !inGrade.has(id)).sort(),
  };
}

function answer(controlId: string, requirements: readonly ImplementedRequirement[]): ControlAnswer {
  if (requirements.length === 0) return { controlId, status: 'missing' };
  const components = requirements.flatMap((r) => [...(r['by-components'] ?? []), ...(r.statements ?? []).flatMap((s) => s['by-components'] ?? [])]);
  const described = components.filter((c) => !isNotApplicable(c) && hasText(c.description));
  // What any component implements answers the control, even if another component is not applicable.
  const statements = described.filter((c) => !isPending(statusOf(c))).length;
  const pendingRequirement = requirements.some((r) => isPending(propStatus(r.props)));
  if (statements > 0 && !pendingRequirement) return { controlId, status: 'implemented', statements };
  if (described.length > 0) return { controlId, status: 'planned' };
  const marks = requirements.flatMap((r) => notApplicableMarks(r, components));
  if (marks.length === 0) return { controlId, status: 'no-statement' };
  const reason = marks.map((mark) => mark.trim()).find((mark) => mark !== '');
  return reason ? { controlId, status: 'not-applicable', reason } : { controlId, status: 'not-applicable-without-reason' };
}

/** OSCAL's implementation states that say the work is not done: planned, or partial. */
function isPending(state: string | undefined): boolean {
  return state === 'planned' || state === 'partial';
}

/** A component's implementation state, in OSCAL 1.1's field or the 1.0 prop of the same name. */
function statusOf(component: ByComponent): string | undefined {
  return component['implementation-status']?.state ?? propStatus(component.props);
}

function propStatus(props: readonly { readonly name: string; readonly value: string }[] | undefined): string | undefined {
  return props?.find((p) => p.name === 'implementation-status')?.value;
}

function isNotApplicable(component: ByComponent): boolean {
  return component['implementation-status']?.state === NOT_APPLICABLE || (component.props ?? []).some((p) => p.name === 'implementation-status' && p.value === NOT_APPLICABLE);
}

/**
 * The reasons given wherever the plan marks the control not applicable: an
 * `implementation-status` prop on the requirement (OSCAL 1.0, FedRAMP's
 * templates), or the by-components' implementation-status (OSCAL 1.1 on).
 * An empty string stands for a mark without a reason.
 */
function notApplicableMarks(requirement: ImplementedRequirement, components: readonly ByComponent[]): string[] {
  const fromProps = (requirement.props ?? [])
    .filter((p) => p.name === 'implementation-status' && p.value === NOT_APPLICABLE)
    .map((p) => p.remarks ?? requirement.remarks ?? '');
  const fromComponents = components
    .filter(isNotApplicable)
    .map((c) => c['implementation-status']?.remarks ?? c.remarks ?? c.description ?? '');
  return [...fromProps, ...fromComponents];
}

function hasText(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
