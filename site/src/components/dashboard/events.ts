/**
 * Fired on `document` once a dashboard's cards were swapped for freshly rendered ones (a filter
 * changed, a mark was clicked, the page refreshed itself): ChartTooltips then finds the new marks.
 */
export const dashboardUpdatedEvent = 'painel:dashboard-updated';

/**
 * Dispatched on a dashboard's `[data-dashboard]` element once its address changed in place (an
 * embed took a fresh token): the live island fetches the cards again from the new address,
 * with the same query string.
 */
export const dashboardReloadEvent = 'painel:dashboard-reload';
