import type { Control, Parameter, Part } from '../../oscal/index.js';
import { escapeHtml } from './standards-view.js';

/**
 * A control's text as HTML, the way NIST SP 800-53 prints it: the statement's
 * items as nested lists with their labels (a., 1., (a)), and each parameter
 * where the prose inserts it (`{{ insert: param, id }}`) as
 * "[Assignment: organization-defined …]" or "[Selection (one or more): …; …]",
 * or as the value when the grade sets one (`set-parameter` in its profile).
 *
 * Prose is OSCAL markup (a Markdown subset). What NIST's catalog uses of it is
 * rendered: paragraphs, **strong**, links to other controls (`[AU-2](#au-2)`,
 * linked when this standard has the control), and web and mail links. Every
 * piece of text is escaped: the markup is ours, the words are NIST's.
 */

/** A parameter insertion, a Markdown link, or strong text. */
const INLINE = /\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}|\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*/g;

/** Where another control of this standard is shown, or undefined when the standard does not have it. */
export type ControlLinks = (controlId: string) => string | undefined;

/** Choices may insert parameters of their own; past this depth (a cycle) the id is shown. */
const MAX_DEPTH = 4;

type Params = ReadonlyMap<string, Parameter>;

interface Context {
  readonly params: Params;
  readonly links: ControlLinks;
}

export function paramsOf(control: Control): Params {
  return new Map((control.params ?? []).map((p) => [p.id, p]));
}

/** The statement part (`name: statement`) as HTML, or '' when the control has none. */
export function statementHtml(control: Control, links: ControlLinks = () => undefined): string {
  const statement = control.parts?.find((p) => p.name === 'statement');
  return statement ? partBody(statement, { params: paramsOf(control), links }) : '';
}

/** The guidance part (`name: guidance`) as paragraphs, or '' when the control has none. */
export function guidanceHtml(control: Control, links: ControlLinks = () => undefined): string {
  const guidance = control.parts?.find((p) => p.name === 'guidance');
  return guidance ? partBody(guidance, { params: paramsOf(control), links }) : '';
}

/** A parameter as a grade has it: its value when set, else its selection or assignment. */
export function parameterHtml(param: Parameter, params: Params): string {
  return describe(param, { params, links: () => undefined }, 0);
}

function partBody(part: Part, context: Context): string {
  const prose = part.prose ? paragraphs(part.prose, context) : '';
  return prose + list(part.parts ?? [], context);
}

/** Sub-parts (the statement's items) as an ordered list that shows NIST's own labels. */
function list(parts: readonly Part[], context: Context): string {
  if (parts.length === 0) return '';
  const items = parts.map((part) => {
    const label = part.props?.find((p) => p.name === 'label')?.value;
    const labelHtml = label ? `<span class="shinrai-statement__label">${escapeHtml(label)}</span> ` : '';
    const prose = part.prose ? inline(part.prose, context, 0) : '';
    return `<li>${labelHtml}${prose}${list(part.parts ?? [], context)}</li>`;
  });
  return `<ol class="shinrai-statement__items" role="list">${items.join('')}</ol>`;
}

/** Prose is OSCAL markup-multiline: paragraphs are separated by blank lines. */
function paragraphs(prose: string, context: Context): string {
  return prose
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p class="govuk-body">${inline(p, context, 0)}</p>`)
    .join('');
}

function inline(text: string, context: Context, depth: number): string {
  const prose = text.trim();
  let html = '';
  let last = 0;
  for (const match of prose.matchAll(INLINE)) {
    html += escapeHtml(prose.slice(last, match.index));
    const [, paramId, linkText, href, strong] = match;
    if (paramId !== undefined) {
      const param = context.params.get(paramId);
      html += param && depth < MAX_DEPTH ? describe(param, context, depth + 1) : `<span class="shinrai-param">[${escapeHtml(paramId)}]</span>`;
    } else if (linkText !== undefined && href !== undefined) {
      html += link(linkText, href, context);
    } else {
      html += `<strong>${escapeHtml(strong ?? '')}</strong>`;
    }
    last = match.index + match[0].length;
  }
  return html + escapeHtml(prose.slice(last));
}

/**
 * `#id` names a control or a part of one (`#au-2_smt.a`: linked to the
 * control's page when this standard has it), a family or a back-matter
 * resource (text only); web and mail addresses are linked; no other scheme
 * is, so catalog text can never carry a script into the page.
 */
function link(text: string, href: string, context: Context): string {
  const local = href.startsWith('#') ? href.slice(1).split('_')[0] : undefined;
  const target = local !== undefined ? context.links(local) : /^(https?:\/\/|mailto:)/i.test(href) ? href : undefined;
  return target ? `<a class="govuk-link" href="${escapeHtml(target)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function describe(param: Parameter, context: Context, depth: number): string {
  const data = `data-param="${escapeHtml(param.id)}"`;
  if (param.values?.length) {
    return `<strong class="shinrai-param shinrai-param--value" ${data}>${param.values.map(escapeHtml).join(', ')}</strong>`;
  }
  if (param.select) {
    const howMany = param.select['how-many'] === 'one-or-more' ? ' (one or more)' : '';
    const choices = (param.select.choice ?? []).map((c) => inline(c, context, depth));
    return `<span class="shinrai-param" ${data}>[Selection${howMany}: ${choices.join('; ')}]</span>`;
  }
  return `<span class="shinrai-param" ${data}>[Assignment: ${escapeHtml(param.label ?? param.id)}]</span>`;
}
