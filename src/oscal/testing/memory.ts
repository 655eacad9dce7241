import type { DocumentLoader } from '../import-resolution.js';
import type { Catalog, Control, Group, Metadata, Profile } from '../types.js';

/**
 * Small hand-written OSCAL documents for unit tests, and a loader that serves
 * them from memory (the resolver only ever sees hrefs and parsed JSON).
 */

/** A loader over `{ href: document }`; records every href asked for. */
export function memoryLoader(files: Readonly<Record<string, unknown>>): DocumentLoader & { readonly asked: string[] } {
  const asked: string[] = [];
  const load = (href: string): Promise<unknown> => {
    asked.push(href);
    return Promise.resolve(files[href]);
  };
  return Object.assign(load, { asked });
}

export function metadata(title: string, oscalVersion = '1.1.2'): Metadata {
  return { title, 'last-modified': '2024-01-01T00:00:00Z', version: '1', 'oscal-version': oscalVersion };
}

/** A control with a statement part and one param, and the given child controls. */
export function control(id: string, children: readonly Control[] = []): Control {
  return {
    id,
    title: `Control ${id}`,
    params: [{ id: `${id}_prm_1`, label: `value for ${id}` }],
    props: [{ name: 'label', value: id.toUpperCase() }],
    parts: [
      {
        id: `${id}_smt`,
        name: 'statement',
        prose: `Do ${id} with {{ insert: param, ${id}_prm_1 }}.`,
        parts: [{ id: `${id}_smt.a`, name: 'item', prose: 'First.' }],
      },
      { id: `${id}_gdn`, name: 'guidance', prose: 'Why.' },
    ],
    ...(children.length > 0 && { controls: children }),
  };
}

export function group(id: string, controls: readonly Control[], extra: Partial<Group> = {}): Group {
  return { id, class: 'family', title: `Group ${id}`, ...extra, controls };
}

/**
 * Catalog "abc": group a (a-1 with a-1.1 and a-1.2, a-2), group b (b-1 with
 * b-1.1), and one loose param referenced by nothing.
 */
export function abcCatalog(): Catalog {
  return {
    uuid: '00000000-0000-4000-8000-000000000001',
    metadata: metadata('ABC catalog'),
    params: [{ id: 'loose-1', label: 'unused loose param' }],
    groups: [
      group('a', [control('a-1', [control('a-1.1'), control('a-1.2')]), control('a-2')], {
        parts: [{ id: 'a_overview', name: 'overview', prose: 'About a.' }],
      }),
      group('b', [control('b-1', [control('b-1.1')])]),
    ],
  };
}

export function profile(imports: Profile['imports'], rest: Partial<Profile> = {}): Profile {
  return { uuid: '00000000-0000-4000-8000-0000000000aa', metadata: metadata('Test profile'), imports, ...rest };
}

/** Ids of all controls of a resolved catalog, depth-first, with their nesting as dots of depth. */
export function outline(catalog: { controls?: readonly Control[]; groups?: readonly Group[] }): string[] {
  const out: string[] = [];
  const controls = (list: readonly Control[] | undefined, prefix: string): void => {
    for (const c of list ?? []) {
      out.push(`${prefix}${c.id}`);
      controls(c.controls, `${prefix}${c.id} > `);
    }
  };
  const groups = (list: readonly Group[] | undefined, prefix: string): void => {
    for (const g of list ?? []) {
      controls(g.controls, `${prefix}[${g.id ?? g.title}] `);
      groups(g.groups, `${prefix}[${g.id ?? g.title}] `);
    }
  };
  controls(catalog.controls, '');
  groups(catalog.groups, '');
  return out;
}
