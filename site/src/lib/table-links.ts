/**
 * Links that change one table card's view (`<card>.sort`, `<card>.page`, `<card>.q`) and keep
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

/** The page's other query parameters, for the table's search form to send along. */
export function keptFields(search: URLSearchParams, cardId: string): [string, string][] {
  return [...search.entries()].filter(
    ([name]) => name !== `${cardId}.q` && name !== `${cardId}.page`,
  );
}

/** The sort a header's link asks for: ascending first, then the other way. */
export function nextSort(
  column: number,
  current: { column: number; descending: boolean } | undefined,
): string {
  return current?.column === column && !current.descending ? `-${column}` : String(column);
}
