import { DomainError, type FieldIssue } from './errors.js';

/**
 * Which files an auditor may keep as evidence (issue 5, "Assessments":
 * evidence "size-limited, type-checked"). The type is read from the bytes
 * themselves — the file signatures of PDF (ISO 32000-2 §7.5.2, "%PDF-"), PNG
 * (RFC 2083 §3.1) and JPEG (ITU T.81, the SOI marker FF D8 followed by a
 * marker) — or, for text, from the bytes being UTF-8 without control
 * characters; the name's extension must agree with what the bytes are. The
 * browser's declared media type is never trusted, and downloads are sent with
 * the type found here.
 */

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_NAME_MAX_LENGTH = 255;

export const EVIDENCE_KINDS = ['pdf', 'png', 'jpeg', 'text', 'csv', 'json'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** The media type each kind is stored and served with: text is always UTF-8 here, so the charset is stated. */
export const EVIDENCE_MEDIA_TYPES: Readonly<Record<EvidenceKind, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  text: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** The extensions a name may end with, for each kind. */
const EXTENSIONS: Readonly<Record<string, EvidenceKind>> = { pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', txt: 'text', text: 'text', csv: 'csv', json: 'json' };
export const EVIDENCE_EXTENSIONS = Object.keys(EXTENSIONS);

export interface CheckedEvidence {
  /** The name as it will be shown and downloaded: its last path segment, NFC. */
  readonly fileName: string;
  readonly kind: EvidenceKind;
  readonly mediaType: string;
  readonly size: number;
}

const POINTER = '/evidence';
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];

/** Checks an uploaded file by its bytes and declared name; refuses what is empty, too large, or not one of the kinds accepted. */
export function checkEvidenceFile(bytes: Uint8Array, declaredName: string): CheckedEvidence {
  const fileName = baseName(declaredName);
  const fail = (code: string, params?: FieldIssue['params']) =>
    new DomainError('validation', `evidence ${fileName || '(unnamed)'} refused: ${code}`, { issues: [{ pointer: POINTER, code, ...(params ? { params } : {}) }] });
  if (fileName === '' || bytes.byteLength === 0) throw fail('required');
  // eslint-disable-next-line no-control-regex -- control characters in a name are exactly what is refused
  if ([...fileName].length > EVIDENCE_NAME_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(fileName)) throw fail('evidence-name', { max: EVIDENCE_NAME_MAX_LENGTH });
  if (bytes.byteLength > EVIDENCE_MAX_BYTES) throw fail('file-too-large', { file: fileName, max: EVIDENCE_MAX_BYTES / 1024 / 1024 });
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const declared = EXTENSIONS[extension];
  if (declared === undefined) throw fail('evidence-type', { file: fileName, allowed: EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(', ') });
  const found = kindOf(bytes, declared);
  if (found !== declared) throw fail('evidence-content', { file: fileName, value: `.${extension}` });
  return { fileName, kind: found, mediaType: EVIDENCE_MEDIA_TYPES[found], size: bytes.byteLength };
}

/**
 * What the bytes are. Text carries no signature, so for text the name
 * decides between plain text, CSV and JSON, and JSON must also parse.
 */
function kindOf(bytes: Uint8Array, declared: EvidenceKind): EvidenceKind | undefined {
  if (startsWith(bytes, PDF)) return 'pdf';
  if (startsWith(bytes, PNG)) return 'png';
  if (bytes.byteLength >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const text = utf8Text(bytes);
  if (text === undefined) return undefined;
  if (declared === 'json') return parses(text) ? 'json' : undefined;
  return declared === 'csv' ? 'csv' : 'text';
}

/** The bytes as text, when they are UTF-8 (a byte order mark allowed) with no control characters but tab, line feed, form feed and carriage return. */
function utf8Text(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex -- binary content shows itself by control characters
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.byteLength >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

/** The last segment of a name a browser may send with a path (old browsers on Windows did), NFC and trimmed. */
function baseName(declared: string): string {
  return (declared.split(/[\\/]/).at(-1) ?? '').normalize('NFC').trim();
}
