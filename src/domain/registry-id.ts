/**
 * Identifiers that public registries give organisations, with the check each
 * scheme defines. A wrong check digit is almost always a typing mistake, so it
 * is refused at the boundary rather than discovered in a certificate.
 */
export const REGISTRY_SCHEMES = [
  'jp-corporate-number',
  'lei',
  'au-abn',
  'uk-company-number',
  'us-uei',
  'other',
] as const;
export type RegistryScheme = (typeof REGISTRY_SCHEMES)[number];

export type RegistryIdCheck =
  | { readonly valid: true; readonly normalised: string }
  | { readonly valid: false; readonly code: 'format' | 'check-digit' };

/** Normalises (strips spaces and hyphens, upper-cases) and checks an identifier. */
export function checkRegistryId(scheme: RegistryScheme, raw: string): RegistryIdCheck {
  const value = raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  switch (scheme) {
    case 'jp-corporate-number':
      return checkJapaneseCorporateNumber(value);
    case 'lei':
      return checkLei(value);
    case 'au-abn':
      return checkAbn(value);
    case 'uk-company-number':
      return /^(?:\d{8}|[A-Z]{2}\d{6})$/.test(value) ? ok(value) : fail('format');
    case 'us-uei':
      // SAM.gov Unique Entity ID: 12 characters, letters and digits, no O or I,
      // not starting with 0. Its check character's algorithm is unpublished.
      return /^[1-9A-HJ-NP-Z][0-9A-HJ-NP-Z]{11}$/.test(value) ? ok(value) : fail('format');
    case 'other':
      return /^[\p{L}\p{N}./:]{1,64}$/u.test(value) ? ok(value) : fail('format');
  }
}

/**
 * 法人番号: 13 digits, the first a check digit over the 12 that follow
 * (National Tax Agency, "法人番号の指定等に関する省令" art. 2):
 * check = 9 − (Σ Pn × Qn mod 9), n counted from the right, Qn = 1 for odd n, 2 for even n.
 */
function checkJapaneseCorporateNumber(value: string): RegistryIdCheck {
  if (!/^\d{13}$/.test(value)) return fail('format');
  const body = value.slice(1);
  let sum = 0;
  for (let n = 1; n <= 12; n += 1) {
    const digit = Number(body[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return Number(value[0]) === 9 - (sum % 9) ? ok(value) : fail('check-digit');
}

/** ISO 17442 LEI: 20 characters whose ISO 7064 MOD 97-10 remainder is 1. */
function checkLei(value: string): RegistryIdCheck {
  if (!/^[0-9A-Z]{18}\d{2}$/.test(value)) return fail('format');
  return mod97(value) === 1 ? ok(value) : fail('check-digit');
}

/** Australian Business Number: subtract 1 from the first digit; weighted sum divisible by 89. */
function checkAbn(value: string): RegistryIdCheck {
  if (!/^\d{11}$/.test(value)) return fail('format');
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const sum = [...value].reduce(
    (acc, ch, i) => acc + (Number(ch) - (i === 0 ? 1 : 0)) * (weights[i] ?? 0),
    0,
  );
  return sum % 89 === 0 ? ok(value) : fail('check-digit');
}

function mod97(value: string): number {
  let remainder = 0;
  for (const ch of value) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

const ok = (normalised: string): RegistryIdCheck => ({ valid: true, normalised });
const fail = (code: 'format' | 'check-digit'): RegistryIdCheck => ({ valid: false, code });
