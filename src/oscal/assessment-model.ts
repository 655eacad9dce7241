import type { BackMatter, Link, Metadata, Property } from './types.js';

/**
 * The parts of the OSCAL assessment-results and plan-of-action-and-milestones
 * models (JSON form, OSCAL 1.0.x to 1.2.x, which agree on every field here)
 * that Shinrai writes or reads. Field names are the OSCAL JSON names; what is
 * not listed is neither written nor read.
 */

export interface Party {
  readonly uuid: string;
  readonly type: 'person' | 'organization';
  readonly name: string;
  readonly props?: readonly Property[];
  readonly 'member-of-organizations'?: readonly string[];
}

export interface ResponsibleParty {
  readonly 'role-id': string;
  readonly 'party-uuids': readonly string[];
}

export interface AssessmentMetadata extends Metadata {
  readonly roles?: readonly { readonly id: string; readonly title: string }[];
  readonly parties?: readonly Party[];
  readonly 'responsible-parties'?: readonly ResponsibleParty[];
}

export interface Origin {
  readonly actors: readonly { readonly type: 'tool' | 'assessment-platform' | 'party'; readonly 'actor-uuid': string; readonly 'role-id'?: string }[];
}

export interface RelevantEvidence {
  readonly href?: string;
  readonly description: string;
  readonly props?: readonly Property[];
  readonly links?: readonly Link[];
  readonly remarks?: string;
}

export interface Observation {
  readonly uuid: string;
  readonly title?: string;
  readonly description: string;
  readonly props?: readonly Property[];
  /** EXAMINE, INTERVIEW, TEST or UNKNOWN (the schema allows other strings). */
  readonly methods: readonly string[];
  readonly types?: readonly string[];
  readonly origins?: readonly Origin[];
  readonly 'relevant-evidence'?: readonly RelevantEvidence[];
  readonly collected: string;
  readonly remarks?: string;
}

export interface FindingTarget {
  readonly type: 'objective-id' | 'statement-id';
  readonly 'target-id': string;
  readonly title?: string;
  readonly description?: string;
  readonly props?: readonly Property[];
  readonly status: { readonly state: 'satisfied' | 'not-satisfied'; readonly reason?: string; readonly remarks?: string };
  readonly 'implementation-status'?: { readonly state: string; readonly remarks?: string };
  readonly remarks?: string;
}

export interface Finding {
  readonly uuid: string;
  readonly title: string;
  readonly description: string;
  readonly props?: readonly Property[];
  readonly origins?: readonly Origin[];
  readonly target: FindingTarget;
  readonly 'related-observations'?: readonly { readonly 'observation-uuid': string }[];
  readonly 'related-risks'?: readonly { readonly 'risk-uuid': string }[];
  readonly remarks?: string;
}

export interface Facet {
  readonly name: string;
  readonly system: string;
  readonly value: string;
  readonly props?: readonly Property[];
}

export interface Response {
  readonly uuid: string;
  readonly lifecycle: string;
  readonly title: string;
  readonly description: string;
  readonly props?: readonly Property[];
  readonly origins?: readonly Origin[];
  readonly remarks?: string;
}

export interface Risk {
  readonly uuid: string;
  readonly title: string;
  readonly description: string;
  readonly statement: string;
  readonly props?: readonly Property[];
  /** open, investigating, remediating, deviation-requested, deviation-approved, closed (or another token). */
  readonly status: string;
  readonly origins?: readonly Origin[];
  readonly characterizations?: readonly { readonly props?: readonly Property[]; readonly origin: Origin; readonly facets: readonly Facet[] }[];
  readonly deadline?: string;
  readonly remediations?: readonly Response[];
  readonly 'risk-log'?: { readonly entries: readonly { readonly uuid: string; readonly start: string; readonly 'status-change'?: string }[] };
  readonly 'related-observations'?: readonly { readonly 'observation-uuid': string }[];
  readonly remarks?: string;
}

export interface ControlSelection {
  readonly description?: string;
  readonly 'include-all'?: Readonly<Record<string, never>>;
  readonly 'include-controls'?: readonly { readonly 'control-id': string }[];
}

export interface Result {
  readonly uuid: string;
  readonly title: string;
  readonly description: string;
  readonly start: string;
  readonly end?: string;
  readonly props?: readonly Property[];
  readonly 'reviewed-controls': { readonly 'control-selections': readonly ControlSelection[] };
  readonly observations?: readonly Observation[];
  readonly risks?: readonly Risk[];
  readonly findings?: readonly Finding[];
  readonly remarks?: string;
}

export interface AssessmentResultsDocument {
  readonly 'assessment-results': {
    readonly uuid: string;
    readonly metadata: AssessmentMetadata;
    readonly 'import-ap': { readonly href: string };
    readonly results: readonly Result[];
    readonly 'back-matter'?: BackMatter;
  };
}

export interface PoamItem {
  readonly uuid: string;
  readonly title: string;
  readonly description: string;
  readonly props?: readonly Property[];
  readonly 'related-findings'?: readonly { readonly 'finding-uuid': string }[];
  readonly 'related-observations'?: readonly { readonly 'observation-uuid': string }[];
  readonly 'related-risks'?: readonly { readonly 'risk-uuid': string }[];
  readonly remarks?: string;
}

export interface PoamDocument {
  readonly 'plan-of-action-and-milestones': {
    readonly uuid: string;
    readonly metadata: AssessmentMetadata;
    readonly 'import-ssp'?: { readonly href: string };
    readonly 'system-id'?: { readonly 'identifier-type': string; readonly id: string };
    readonly observations?: readonly Observation[];
    readonly risks?: readonly Risk[];
    readonly findings?: readonly Finding[];
    readonly 'poam-items': readonly PoamItem[];
  };
}
