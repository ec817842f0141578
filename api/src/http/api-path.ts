/** Whether a request URL is the API's: `/api`, `/api/…` or `/api?…`, in any case, as Express matches. */
export const isApiPath = (url: string): boolean => /^\/api(?:[/?]|$)/i.test(url);
