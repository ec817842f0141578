/**
 * Whether a request URL is the API's: `/api`, `/api/…` or `/api?…`, in any case, as Express
 * matches a mount path.
 */
export const isApiPath = (url: string): boolean => /^\/api(?:[/?]|$)/i.test(url);
