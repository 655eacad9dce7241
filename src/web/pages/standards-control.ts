import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { getStandardControl, type ControlListItem, type StandardControl, type Store } from '../../app/index.js';
import { GRADES, type Grade } from '../../domain/index.js';
import { translator, type Translate } from '../../i18n/index.js';
import type { Control, Parameter } from '../../oscal/index.js';
import { renderPage } from '../render.js';
import { guidanceHtml, parameterHtml, paramsOf, statementHtml, type ControlLinks } from './standards-statement.js';
import {
  controlHref,
  controlLabel,
  englishLang,
  escapeHtml,
  familyName,
  GRADE_COLOURS,
  gradeHref,
  labelOf,
  listAllControls,
  nameOf,
} from './standards-view.js';

type ControlRequest = FastifyRequest<{ Params: { version: string; id: string } }>;

/**
 * Public: one control as each grade of a version has it — which grades
 * include it, its statement with the parameters as each grade sets them, its
 * guidance, and its enhancements in this standard.
 */
export const standardControlPage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/standards/:version/controls/:id', { schema: { hide: true }, config: PUBLIC }, async (request: ControlRequest, reply: FastifyReply) => {
    const t = translator(request.locale);
    const english = englishLang(request.locale);
    const found = await getStandardControl(store, request.params.version, request.params.id);
    const { standard } = found;
    const byGrade = found.byGrade.map((g) => ({ grade: g.grade, control: g.control as Control, familyId: g.familyId, familyTitle: g.familyTitle }));
    const top = byGrade.at(-1);
    if (!top) return reply.callNotFound();
    // Grade 3 holds every control of the version (grades nest); the lower grades are read for this family only.
    const lists = await Promise.all(GRADES.map((grade) => listAllControls(store, standard.version, grade, grade === 3 ? undefined : top.familyId)));
    const all = new Map((lists.at(-1) ?? []).map((c) => [c.id, c]));
    const links = (id: string) => (all.has(id) ? controlHref(standard.version, id) : undefined);
    const inGrades = GRADES.map((grade, i) => ({ grade, ids: new Set((lists[i] ?? []).map((c) => c.id)) }));

    return renderPage(env, request, reply, 'standard-control.njk', {
      title: `${labelOf(top.control)} ${top.control.title}`,
      standard,
      standardName: nameOf(standard, request.locale),
      standardHref: `/standards/${encodeURIComponent(standard.version)}`,
      label: labelOf(top.control),
      controlTitle: top.control.title,
      english,
      familyId: top.familyId,
      family: familyName(request.locale, top.familyId, top.familyTitle),
      grades: found.grades.map((grade) => ({ grade, colour: GRADE_COLOURS[grade], href: gradeHref(standard.version, grade) })),
      parent: parentOf(found, all),
      statements: statements(byGrade, t, english, links),
      guidance: guidanceHtml(top.control, links),
      parameters: parameterRows(byGrade, t, english),
      enhancements: enhancementsOf(found, all, inGrades),
      jsonHref: `/api/v1/standards/${encodeURIComponent(standard.version)}/controls/${encodeURIComponent(found.id)}`,
    });
  });
};

interface GradeControl {
  readonly grade: Grade;
  readonly control: Control;
}

/**
 * The statement once when every grade words it alike (the usual case), else
 * one tab per grade (govuk-frontend tabs: without script, sections one after
 * another).
 */
function statements(byGrade: readonly GradeControl[], t: Translate, english: string | undefined, links: ControlLinks) {
  const rendered = byGrade.map((g) => ({ grade: g.grade, html: statementHtml(g.control, links) }));
  if (new Set(rendered.map((s) => s.html)).size <= 1) return { same: rendered[0]?.html ?? '', tabs: [] };
  const lang = english ? ` lang="${english}"` : '';
  return {
    same: '',
    tabs: rendered.map((s) => ({
      label: t('standards.grade', { grade: s.grade }),
      id: `statement-grade-${s.grade}`,
      panel: {
        html: `<h3 class="govuk-heading-m">${escapeHtml(t('standards.control.statement-in-grade', { grade: s.grade }))}</h3><div class="shinrai-statement"${lang}>${s.html}</div>`,
      },
    })),
  };
}

/**
 * One row per parameter (in the highest grade's order), with what each grade
 * sets: a value or a selection in NIST's words, or "organisation-defined".
 * Where every grade has it alike, one cell spans the grades.
 */
function parameterRows(byGrade: readonly GradeControl[], t: Translate, english: string | undefined) {
  const order: Parameter[] = [];
  const seen = new Set<string>();
  for (const g of [...byGrade].reverse()) {
    for (const p of g.control.params ?? []) {
      if (!seen.has(p.id)) order.push(p);
      seen.add(p.id);
    }
  }
  const inGrade = byGrade.map((g) => ({ grade: g.grade, params: paramsOf(g.control) }));
  const cell = (param: Parameter | undefined, params: ReturnType<typeof paramsOf>) => {
    if (!param) return '–';
    if (!param.values?.length && !param.select) return escapeHtml(t('standards.control.organisation-defined'));
    const html = parameterHtml(param, params);
    return english ? `<span lang="${english}">${html}</span>` : html;
  };
  return {
    grades: inGrade.map((g) => g.grade),
    rows: order.map((param) => {
      const cells = inGrade.map((g) => cell(g.params.get(param.id), g.params));
      const alike = cells.every((c) => c === cells[0]);
      return {
        id: param.id,
        label: param.label ?? '',
        cells: alike ? [{ html: cells[0] ?? '', span: cells.length }] : cells.map((html) => ({ html, span: 1 })),
      };
    }),
  };
}

/** The control's enhancements (ac-2.1 … of ac-2) that this standard has, with the grades that include each. */
function enhancementsOf(
  found: StandardControl,
  all: ReadonlyMap<string, ControlListItem>,
  inGrades: readonly { grade: Grade; ids: ReadonlySet<string> }[],
) {
  if (found.id.includes('.')) return [];
  const prefix = `${found.id}.`;
  return [...all.values()]
    .filter((c) => c.id.startsWith(prefix))
    .map((c) => ({
      label: controlLabel(c.id),
      title: c.title,
      href: controlHref(found.standard.version, c.id),
      grades: inGrades.filter((g) => g.ids.has(c.id)).map((g) => ({ grade: g.grade, colour: GRADE_COLOURS[g.grade] })),
    }));
}

/** For an enhancement (ac-2.1), the control it enhances, when this standard has it. */
function parentOf(found: StandardControl, all: ReadonlyMap<string, ControlListItem>) {
  const dot = found.id.indexOf('.');
  const parent = dot > 0 ? all.get(found.id.slice(0, dot)) : undefined;
  return parent && { label: controlLabel(parent.id), title: parent.title, href: controlHref(found.standard.version, parent.id) };
}
