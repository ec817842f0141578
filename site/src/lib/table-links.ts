/**
 * Links that change one table card's view (`<card>.sort`, `<card>.page`, `<card>.q`,
 * `<card>.show`) and keep
 * the rest of the page's query string: its filters, and the other tables' views. They end at the
 * card, so the reader lands where they were.
 */
export function tableHref(
  search: URLSearchParams,
  cardId: string,
  changes: { sort?: string; page?: number },
): string {
  const next = new URLSearchParams(search);
  if (changes.sort !== undefined) {
    next.set(`${cardId}.sort`, changes.sort);
    // A new order starts at its first page.
    next.delete(`${cardId}.page`);
  }
  if (changes.page !== undefined) {
    if (changes.page <= 1) next.delete(`${cardId}.page`);
    else next.set(`${cardId}.page`, String(changes.page));
  }
  const query = next.toString();
  return `${query ? `?${query}` : '?'}#card-${cardId}`;
}

/**
 * The page's other query parameters, for one of the table's forms to send along: all but the
 * card's page (a new search or set of columns starts at the first) and what the form asks itself
 * (`q` by default, `show` for the columns).
 */
export function keptFields(
  search: URLSearchParams,
  cardId: string,
  asked: readonly string[] = ['q'],
): [string, string][] {
  const dropped = new Set([`${cardId}.page`, ...asked.map((name) => `${cardId}.${name}`)]);
  return [...search.entries()].filter(([name]) => !dropped.has(name));
}

/** The sort a header's link asks for: ascending first, then the other way. */
export function nextSort(
  column: number,
  current: { column: number; descending: boolean } | undefined,
): string {
  return current?.column === column && !current.descending ? `-${column}` : String(column);
}
