import type { FastifyMultipartAttachFieldsToBodyOptions, MultipartFile } from '@fastify/multipart';
import { DomainError } from '../domain/index.js';

/**
 * Forms that upload one file (a security plan, an evidence file): the form's
 * fields and the file go into the body, the file cut short at the limit (and
 * then refused, naming the limit) rather than read without end.
 */

/** What an upload becomes in the body: the file's name and bytes, or that it was cut short at the limit. */
export type UploadedFile = { readonly fileName: string; readonly bytes: Uint8Array } | { readonly fileName: string; readonly tooLarge: true };

/** The options of @fastify/multipart for a form of `fields` text fields and one file of at most `maxBytes`. */
export function oneFileUploads(maxBytes: number, fields: number): FastifyMultipartAttachFieldsToBodyOptions {
  return {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: maxBytes, files: 1, fields, parts: fields + 1 },
    throwFileSizeLimit: false,
    onFile: async (part: MultipartFile) => {
      const bytes = await part.toBuffer();
      const uploaded: UploadedFile = part.file.truncated ? { fileName: part.filename, tooLarge: true } : { fileName: part.filename, bytes: new Uint8Array(bytes) };
      part.value = uploaded;
    },
  };
}

/** The file uploaded in `field`, or a validation error (at `/field`) naming what is wrong with the upload itself. */
export function uploadedFile(body: unknown, field: string, maxBytes: number): { readonly fileName: string; readonly bytes: Uint8Array } {
  const file = (body as Record<string, UploadedFile | undefined> | undefined)?.[field];
  const pointer = `/${field}`;
  if (!file || typeof file !== 'object' || file.fileName === '') throw new DomainError('validation', `no ${field} uploaded`, { issues: [{ pointer, code: 'required' }] });
  if ('tooLarge' in file) {
    throw new DomainError('validation', `${file.fileName} is over the limit`, { issues: [{ pointer, code: 'file-too-large', params: { file: file.fileName, max: maxBytes / 1024 / 1024 } }] });
  }
  return file;
}
