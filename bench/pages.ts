/**
 * The requests the bench sends: the first page and pages deep in the list,
 * reached by following nextCursor from the start as a client would, so that
 * the load exercises the keyset seek at many depths rather than one page.
 */
export interface PageSet {
  /** Request paths, first page first. */
  readonly paths: readonly string[];
  /** Mean size in bytes of the responses to `paths`. */
  readonly meanBytes: number;
  /** The response among them nearest that mean in size: the bare server's body. */
  readonly typicalBody: string;
  /** Pages and items seen walking the whole list (a check that the seed is all there). */
  readonly pages: number;
  readonly items: number;
}

const LIST_PATH = '/api/v1/organisations';

export async function collectPages(baseUrl: string, limit: number, every: number): Promise<PageSet> {
  const paths: string[] = [];
  const bodies: Buffer[] = [];
  let path: string | undefined = `${LIST_PATH}?limit=${limit}`;
  let pages = 0;
  let items = 0;
  while (path !== undefined) {
    const response = await fetch(baseUrl + path);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    const body = Buffer.from(await response.arrayBuffer());
    const page = JSON.parse(body.toString('utf8')) as { items: unknown[]; nextCursor: string | null };
    if (pages % every === 0) {
      paths.push(path);
      bodies.push(body);
    }
    pages += 1;
    items += page.items.length;
    path = page.nextCursor === null ? undefined : `${LIST_PATH}?limit=${limit}&cursor=${encodeURIComponent(page.nextCursor)}`;
  }
  const meanBytes = Math.round(bodies.reduce((sum, b) => sum + b.length, 0) / bodies.length);
  const distance = (b: Buffer) => Math.abs(b.length - meanBytes);
  const typical = bodies.reduce((best, b) => (distance(b) < distance(best) ? b : best));
  return { paths, meanBytes, typicalBody: typical.toString('utf8'), pages, items };
}
