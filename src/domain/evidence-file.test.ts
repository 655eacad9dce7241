import { describe, expect, it } from 'vitest';
import type { DomainError } from './errors.js';
import { checkEvidenceFile, EVIDENCE_MAX_BYTES } from './evidence-file.js';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));
/** The signatures of each format, followed by a little of what such files hold. */
const PDF = bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0x00]);
const refusal = (file: Uint8Array, name: string) => {
  try {
    checkEvidenceFile(file, name);
  } catch (error) {
    const [issue] = (error as DomainError).issues;
    return [(error as DomainError).code, issue?.pointer, issue?.code, issue?.params];
  }
  throw new Error('expected a refusal');
};

describe('an evidence file', () => {
  describe('when its bytes are what its name says', () => {
    it.each([
      ['report.pdf', PDF, 'application/pdf'],
      ['screen.PNG', PNG, 'image/png'],
      ['photo.jpg', JPEG, 'image/jpeg'],
      ['photo.jpeg', JPEG, 'image/jpeg'],
      ['notes.txt', bytes('\ufeffアカウント一覧を確認した。\r\n\tOK\n'), 'text/plain; charset=utf-8'],
      ['accounts.csv', bytes('id,name\n1,山田\n'), 'text/csv; charset=utf-8'],
      ['config.json', bytes('{"mfa": true, "users": [1, 2]}'), 'application/json'],
    ])('accepts %s as %s', (name, file, mediaType) => {
      expect(checkEvidenceFile(file, name)).toEqual({ fileName: name, kind: expect.any(String), mediaType, size: file.byteLength });
    });
  });

  it('keeps only the last segment of a name sent with a path', () => {
    expect(checkEvidenceFile(PDF, 'C:\\Users\\audit\\report.pdf').fileName).toBe('report.pdf');
    expect(checkEvidenceFile(PDF, '../../etc/report.pdf').fileName).toBe('report.pdf');
  });

  it('refuses a kind of file it does not accept, naming those it does', () => {
    expect(refusal(bytes('MZ\u0090\u0000'), 'tool.exe')).toEqual(['validation', '/evidence', 'evidence-type', { file: 'tool.exe', allowed: '.pdf, .png, .jpg, .jpeg, .txt, .text, .csv, .json' }]);
    expect(refusal(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg')[2]).toBe('evidence-type');
    expect(refusal(PDF, 'README')[2]).toBe('evidence-type');
  });

  it('refuses bytes that are not what the name says', () => {
    expect(refusal(PNG, 'report.pdf')).toEqual(['validation', '/evidence', 'evidence-content', { file: 'report.pdf', value: '.pdf' }]);
    expect(refusal(bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), 'sheet.csv')[2]).toBe('evidence-content');
    expect(refusal(bytes('{"unfinished": '), 'config.json')[2]).toBe('evidence-content');
    expect(refusal(bytes([0x61, 0xff, 0xfe, 0x62]), 'notes.txt')[2]).toBe('evidence-content');
    expect(refusal(PDF, 'notes.txt')[2]).toBe('evidence-content');
  });

  it('refuses an empty file, one without a name, and a name with control characters', () => {
    expect(refusal(new Uint8Array(), 'empty.pdf')[2]).toBe('required');
    expect(refusal(PDF, '  ')[2]).toBe('required');
    expect(refusal(PDF, 'bad\u0007name.pdf')[2]).toBe('evidence-name');
  });

  it(`refuses a file over ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB, and takes one of exactly that size`, () => {
    const large = new Uint8Array(EVIDENCE_MAX_BYTES + 1).fill(0x61);
    expect(refusal(large, 'big.txt')).toEqual(['validation', '/evidence', 'file-too-large', { file: 'big.txt', max: 20 }]);
    expect(checkEvidenceFile(large.subarray(0, EVIDENCE_MAX_BYTES), 'big.txt').size).toBe(EVIDENCE_MAX_BYTES);
  });
});
