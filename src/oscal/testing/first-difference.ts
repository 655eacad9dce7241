/**
 * The first place where two JSON values differ, as a readable line: a JSON
 * pointer and both values, shortened. Object keys compare as sets (JSON
 * object members have no order); arrays compare item by item. Used by the
 * conformance tests so that a failure says where, not only that.
 */
export function firstDifference(actual: unknown, expected: unknown, pointer = ''): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const length = Math.max(actual.length, expected.length);
    for (let i = 0; i < length; i += 1) {
      if (i >= actual.length) return `${pointer}/${i}: missing in actual; expected ${show(expected[i])}`;
      if (i >= expected.length) return `${pointer}/${i}: unexpected in actual: ${show(actual[i])}`;
      const found = firstDifference(actual[i], expected[i], `${pointer}/${i}`);
      if (found !== undefined) return `${found}${describeItem(expected[i])}`;
    }
    return undefined;
  }
  if (isRecord(actual) && isRecord(expected)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const at = `${pointer}/${key}`;
      if (!(key in actual)) return `${at}: missing in actual; expected ${show(expected[key])}`;
      if (!(key in expected)) return `${at}: unexpected in actual: ${show(actual[key])}`;
      const found = firstDifference(actual[key], expected[key], at);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return `${pointer}: actual ${show(actual)}, expected ${show(expected)}`;
}

function describeItem(value: unknown): string {
  return isRecord(value) && typeof value.id === 'string' && !String(value.id).includes(' ') ? ` (in ${value.id})` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
