import { describe, expect, it } from 'vitest';
import { applyCommand, newCase, type CertificationCase, type CertificationCommand } from './certification.js';

function after(current: CertificationCase, ...commands: CertificationCommand[]): CertificationCase {
  return commands.reduce((state, command) => {
    const result = applyCommand(state, command);
    if (!result.ok) throw new Error(`${command.type} from ${state.state} refused: ${result.refusal}`);
    return result.next;
  }, current);
}

describe('amending the grade of an application', () => {
  describe('when it is a draft', () => {
    it('changes the grade and nothing else', () => {
      expect(applyCommand(newCase(2), { type: 'amend', grade: 3 })).toEqual({ ok: true, next: { ...newCase(2), grade: 3 } });
    });
  });

  describe('when the office returned it', () => {
    it('changes the grade and keeps it returned', () => {
      const returned = after(newCase(1), { type: 'submit', sspComplete: true }, { type: 'return', reason: 'Grade 2 is needed.' });
      expect(applyCommand(returned, { type: 'amend', grade: 2 })).toEqual({ ok: true, next: { ...returned, grade: 2 } });
    });
  });

  describe('when the office has it', () => {
    it('is refused in every later state', () => {
      const submitted = after(newCase(2), { type: 'submit', sspComplete: true });
      expect(applyCommand(submitted, { type: 'amend', grade: 1 })).toEqual({ ok: false, refusal: 'wrong-state' });
      const inAssessment = after(submitted, { type: 'accept', bodyEligible: true });
      expect(applyCommand(inAssessment, { type: 'amend', grade: 1 })).toEqual({ ok: false, refusal: 'wrong-state' });
    });
  });
});
