import { OscalError } from './errors.js';

/**
 * Parses untrusted JSON within limits: a document larger than `maxBytes`, or
 * nested deeper than `maxDepth`, is refused before JSON.parse builds it, so a
 * hostile upload cannot exhaust memory or the stack. Real OSCAL is shallow
 * (a catalog nests groups, controls and parts about 15 deep) and a full SP
 * 800-53 catalog is about 10 MB as pretty-printed JSON.
 */
export interface JsonLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 32 * 1024 * 1024, maxDepth: 100 };

export function parseBoundedJson(input: Uint8Array | string, source: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (bytes > limits.maxBytes) {
    throw new OscalError('document-too-large', `${source} is ${bytes} bytes; the limit is ${limits.maxBytes}`);
  }
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  const depth = maxNesting(text, limits.maxDepth);
  if (depth > limits.maxDepth) {
    throw new OscalError('document-too-deep', `${source} nests deeper than ${limits.maxDepth} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new OscalError('invalid-document', `${source} is not JSON: ${(cause as Error).message}`, { cause });
  }
}

/** The deepest nesting of arrays and objects outside strings, stopping early past `limit`. */
function maxNesting(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i += 1; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (ch === 0x5d || ch === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}
