/**
 * A Content-Disposition that makes a response a download: RFC 6266 §4.3, an
 * ASCII fallback name for old clients, and the real one in UTF-8 (RFC 8187).
 * Evidence files and the OSCAL exports are sent this way, by the pages and
 * the API alike.
 */
export function attachment(fileName: string): string {
  // Everything outside printable ASCII, and the quote and backslash, is replaced in the fallback.
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
