import { DomainError } from '../domain/index.js';
import { isOscalError, validateOscal, type OscalModel, type SchemaValidation } from '../oscal/index.js';

/**
 * Checks that a document given to Shinrai is the OSCAL model expected and
 * valid against its schema, turning every way it can fail into a
 * `validation` error on one field (`pointer`) naming the file, so that a
 * form or the command line can say what is wrong with what was given.
 */
export async function checkOscalInput(document: unknown, model: OscalModel, file: string, pointer: string): Promise<SchemaValidation> {
  try {
    const result = await validateOscal(document);
    if (result.model !== model) {
      throw new DomainError('validation', `${file} is a ${result.model}, not a ${model}`, {
        issues: [{ pointer, code: 'wrong-model', params: { file, expected: model, found: result.model } }],
      });
    }
    const [first] = result.issues;
    if (first) {
      throw new DomainError('validation', `${file} does not follow the OSCAL ${result.schemaVersion} schema`, {
        issues: [{ pointer, code: 'oscal-schema', params: { file, at: first.pointer || '/', message: first.message, schema: result.schemaVersion } }],
      });
    }
    return result;
  } catch (error) {
    throw oscalInputError(error, file, pointer);
  }
}

/** An OscalError (too large, too deep, not JSON, unknown model or version) as a validation error on `pointer`; anything else as it was. */
export function oscalInputError(error: unknown, file: string, pointer: string): unknown {
  if (!isOscalError(error)) return error;
  return new DomainError('validation', `${file}: ${error.message}`, {
    issues: [{ pointer, code: `oscal.${error.code}`, params: { file, message: error.message } }],
    cause: error,
  });
}
