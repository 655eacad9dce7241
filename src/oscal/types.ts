/**
 * The parts of the OSCAL catalog and profile models (JSON form, OSCAL 1.0.x and
 * 1.1.x) that profile resolution reads or writes. Field names are the OSCAL
 * JSON names. Objects keep any other fields they carry at run time: the
 * resolver copies objects by spreading them, so nothing it does not know is lost.
 */

export interface Property {
  readonly name: string;
  readonly value: string;
  readonly uuid?: string;
  readonly ns?: string;
  readonly class?: string;
  readonly group?: string;
  readonly remarks?: string;
}

export interface Link {
  readonly href: string;
  readonly rel?: string;
  readonly 'media-type'?: string;
  readonly text?: string;
}

export interface Part {
  readonly id?: string;
  readonly name: string;
  readonly ns?: string;
  readonly class?: string;
  readonly title?: string;
  readonly props?: readonly Property[];
  readonly prose?: string;
  readonly parts?: readonly Part[];
  readonly links?: readonly Link[];
}

export interface ParameterSelection {
  readonly 'how-many'?: 'one' | 'one-or-more';
  readonly choice?: readonly string[];
}

export interface Parameter {
  readonly id: string;
  readonly class?: string;
  readonly 'depends-on'?: string;
  readonly props?: readonly Property[];
  readonly links?: readonly Link[];
  readonly label?: string;
  readonly usage?: string;
  readonly constraints?: readonly { readonly description?: string }[];
  readonly guidelines?: readonly { readonly prose: string }[];
  readonly values?: readonly string[];
  readonly select?: ParameterSelection;
  readonly remarks?: string;
}

export interface Control {
  readonly id: string;
  readonly class?: string;
  readonly title: string;
  readonly params?: readonly Parameter[];
  readonly props?: readonly Property[];
  readonly links?: readonly Link[];
  readonly parts?: readonly Part[];
  readonly controls?: readonly Control[];
}

export interface Group {
  readonly id?: string;
  readonly class?: string;
  readonly title: string;
  readonly params?: readonly Parameter[];
  readonly props?: readonly Property[];
  readonly links?: readonly Link[];
  readonly parts?: readonly Part[];
  readonly groups?: readonly Group[];
  readonly controls?: readonly Control[];
}

export interface Resource {
  readonly uuid: string;
  readonly title?: string;
  readonly description?: string;
  readonly props?: readonly Property[];
  readonly rlinks?: readonly { readonly href: string; readonly 'media-type'?: string }[];
  readonly base64?: { readonly filename?: string; readonly 'media-type'?: string; readonly value: string };
}

export interface BackMatter {
  readonly resources?: readonly Resource[];
}

export interface Metadata {
  readonly title: string;
  readonly published?: string;
  readonly 'last-modified': string;
  readonly version: string;
  readonly 'oscal-version': string;
  readonly props?: readonly Property[];
  readonly links?: readonly Link[];
  readonly roles?: readonly { readonly id: string; readonly props?: readonly Property[] }[];
  readonly parties?: readonly { readonly uuid: string; readonly props?: readonly Property[] }[];
  readonly [field: string]: unknown;
}

export interface Catalog {
  readonly uuid: string;
  readonly metadata: Metadata;
  readonly params?: readonly Parameter[];
  readonly controls?: readonly Control[];
  readonly groups?: readonly Group[];
  readonly 'back-matter'?: BackMatter;
}

/** `select-control-by-id` in the profile model. */
export interface ControlSelector {
  readonly 'with-child-controls'?: 'yes' | 'no';
  readonly 'with-ids'?: readonly string[];
  readonly matching?: readonly { readonly pattern?: string }[];
}

/** What `import` and `insert-controls` share: which controls to take. */
export interface SelectionDirective {
  readonly 'include-all'?: Readonly<Record<string, never>>;
  readonly 'include-controls'?: readonly ControlSelector[];
  readonly 'exclude-controls'?: readonly ControlSelector[];
}

export interface Import extends SelectionDirective {
  readonly href: string;
}

export interface InsertControls extends SelectionDirective {
  readonly order?: 'keep' | 'ascending' | 'descending';
}

export interface CustomGroup extends Omit<Group, 'groups' | 'controls'> {
  readonly groups?: readonly CustomGroup[];
  readonly 'insert-controls'?: readonly InsertControls[];
}

export type CombineMethod = 'use-first' | 'merge' | 'keep';

export interface Merge {
  readonly combine?: { readonly method?: CombineMethod };
  readonly flat?: Readonly<Record<string, never>>;
  readonly 'as-is'?: boolean;
  readonly custom?: {
    readonly groups?: readonly CustomGroup[];
    readonly 'insert-controls'?: readonly InsertControls[];
  };
}

export interface SetParameter extends Omit<Parameter, 'id'> {
  readonly 'param-id': string;
}

export type AddPosition = 'before' | 'after' | 'starting' | 'ending';

export interface Add {
  readonly position?: AddPosition;
  readonly 'by-id'?: string;
  readonly title?: string;
  readonly params?: readonly Parameter[];
  readonly props?: readonly Property[];
  readonly links?: readonly Link[];
  readonly parts?: readonly Part[];
}

export interface Remove {
  readonly 'by-name'?: string;
  readonly 'by-class'?: string;
  readonly 'by-id'?: string;
  readonly 'by-item-name'?: string;
  readonly 'by-ns'?: string;
}

export interface Alter {
  readonly 'control-id': string;
  readonly removes?: readonly Remove[];
  readonly adds?: readonly Add[];
}

export interface Modify {
  readonly 'set-parameters'?: readonly SetParameter[];
  readonly alters?: readonly Alter[];
}

export interface Profile {
  readonly uuid: string;
  readonly metadata: Metadata;
  readonly imports: readonly Import[];
  readonly merge?: Merge;
  readonly modify?: Modify;
  readonly 'back-matter'?: BackMatter;
}

/** The body of a catalog: what the merge phase builds and the modify phase edits. */
export interface CatalogBody {
  params?: Parameter[];
  controls?: Control[];
  groups?: Group[];
}

/** Makes an OSCAL object's fields assignable, for the copies the resolver owns. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** What one import contributed: the controls it included from one catalog. */
export interface Selection {
  /** Where the catalog (or the profile resolved into it) came from. */
  readonly href: string;
  readonly catalog: Catalog;
  /** Included controls, in document order; objects of `catalog`. */
  readonly controls: readonly Control[];
}
