/**
 * Fired on `document` once a dashboard's cards were swapped for freshly rendered ones (a filter
 * changed, a mark was clicked, the page refreshed itself): ChartTooltips then finds the new marks.
 */
export const dashboardUpdatedEvent = 'painel:dashboard-updated';
