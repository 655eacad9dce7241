/** LIKE treats % and _ as wildcards and a backslash escapes: a search for "100%" means the text. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
