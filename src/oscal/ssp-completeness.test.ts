import { describe, expect, it } from 'vitest';
import { sspCompleteness, type SspDocument } from './ssp-completeness.js';

/** A plan with one implemented-requirement per entry, in the shapes real plans use. */
function plan(...requirements: object[]): SspDocument {
  return { 'system-security-plan': { 'control-implementation': { 'implemented-requirements': requirements } } } as SspDocument;
}

const statement = (controlId: string, description: string) => ({
  'control-id': controlId,
  statements: [{ 'statement-id': `${controlId}_smt`, 'by-components': [{ description }] }],
});

describe('the completeness of a system security plan', () => {
  it('answers each control of the grade in order, and is complete when every one is implemented or not applicable with a reason', () => {
    const report = sspCompleteness(
      plan(
        statement('ac-1', 'The policy is published on the intranet and reviewed yearly.'),
        { 'control-id': 'ac-2', 'by-components': [{ description: 'Accounts are managed in the directory.' }] },
        { 'control-id': 'pe-3', 'by-components': [{ description: 'Inherited', 'implementation-status': { state: 'not-applicable', remarks: 'No premises: the service runs on a certified IaaS.' } }] },
      ),
      ['ac-1', 'ac-2', 'pe-3'],
    );
    expect(report.complete).toBe(true);
    expect(report.controls).toEqual([
      { controlId: 'ac-1', status: 'implemented', statements: 1 },
      { controlId: 'ac-2', status: 'implemented', statements: 1 },
      { controlId: 'pe-3', status: 'not-applicable', reason: 'No premises: the service runs on a certified IaaS.' },
    ]);
  });

  it('says what is missing, control by control', () => {
    const report = sspCompleteness(
      plan(
        { 'control-id': 'ac-1', statements: [{ 'statement-id': 'ac-1_smt', 'by-components': [{ description: '   ' }] }] },
        { 'control-id': 'pe-3', props: [{ name: 'implementation-status', value: 'not-applicable' }] },
        statement('zz-9', 'Not a control of this grade.'),
      ),
      ['ac-1', 'ac-2', 'pe-3'],
    );
    expect(report.complete).toBe(false);
    expect(report.controls.map((c) => c.status)).toEqual(['no-statement', 'missing', 'not-applicable-without-reason']);
    expect(report.counts).toEqual({ implemented: 0, 'not-applicable': 0, planned: 0, missing: 1, 'no-statement': 1, 'not-applicable-without-reason': 1 });
    expect(report.outsideGrade).toEqual(['zz-9']);
  });

  it('counts a control as implemented when one component implements it and another is not applicable', () => {
    const report = sspCompleteness(
      plan({
        'control-id': 'sc-7',
        'by-components': [
          { description: 'Edge firewall', 'implementation-status': { state: 'implemented' } },
          { description: 'n/a', 'implementation-status': { state: 'not-applicable', remarks: 'No internal boundary.' } },
        ],
      }),
      ['sc-7'],
    );
    expect(report.controls).toEqual([{ controlId: 'sc-7', status: 'implemented', statements: 1 }]);
  });

  it('does not count as implemented what the plan says is planned or partial, on the requirement or on each component', () => {
    const report = sspCompleteness(
      plan(
        // FedRAMP's templates: the status is a prop of the requirement, the statements describe what is meant to be.
        { ...statement('ac-1', 'Describe how the control is satisfied.'), props: [{ name: 'implementation-status', value: 'planned' }] },
        // OSCAL 1.1: each component says its own state.
        { 'control-id': 'ac-2', 'by-components': [{ description: 'Directory sync', 'implementation-status': { state: 'partial' } }] },
        { 'control-id': 'ac-3', 'by-components': [{ description: 'Enforced by the API gateway', 'implementation-status': { state: 'implemented' } }] },
        { ...statement('si-8', 'DMARC, SPF and DKIM are employed.'), props: [{ name: 'implementation-status', value: 'implemented' }] },
      ),
      ['ac-1', 'ac-2', 'ac-3', 'si-8'],
    );
    expect(report.controls).toEqual([
      { controlId: 'ac-1', status: 'planned' },
      { controlId: 'ac-2', status: 'planned' },
      { controlId: 'ac-3', status: 'implemented', statements: 1 },
      { controlId: 'si-8', status: 'implemented', statements: 1 },
    ]);
    expect([report.complete, report.counts.planned]).toEqual([false, 2]);
  });

  it('matches control ids without regard to case, and reads a plan with no control implementation as answering nothing', () => {
    expect(sspCompleteness(plan(statement('AC-1', 'Upper-case id from an older tool.')), ['ac-1']).complete).toBe(true);
    const empty = sspCompleteness({ 'system-security-plan': {} }, ['ac-1', 'ac-2']);
    expect(empty.counts.missing).toBe(2);
    expect(empty.complete).toBe(false);
  });
});
