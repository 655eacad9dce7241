/** LIKE treats % and _ as wildcards and a backslash escapes: a search for "100%" means the text. */
export function likeContaining(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A LIKE pattern for text that starts with `prefix`, taken literally. */
export function likeStartingWith(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
