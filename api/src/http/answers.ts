import type { Request, Response } from 'express';
import { z } from 'zod';

/*
 * Handlers that answer a fixed status: each takes the route's work, without the response, and
 * sends what the status says. The handler reads as what it does; the status is written once,
 * here, rather than at the end of every route that answers it.
 */

/** The body of a 202: the request is taken, and says nothing of what came of it. */
export const acceptedBody = z.object({ status: z.literal('accepted') });

/** A handler that does `work` and answers 204 No Content. */
export function noContent<Req extends Request, Context extends unknown[]>(
  work: (req: Req, ...context: Context) => Promise<unknown>,
) {
  return async function answerNoContent(req: Req, res: Response, ...context: Context) {
    await work(req, ...context);
    res.status(204).end();
  };
}

/** A handler that answers 201 Created with what `make` made. */
export function created<Req extends Request, Context extends unknown[]>(
  make: (req: Req, ...context: Context) => Promise<unknown>,
) {
  return async function answerCreated(req: Req, res: Response, ...context: Context) {
    res.status(201).json(await make(req, ...context));
  };
}

/** A handler that does `work` and answers 202 with `{status: 'accepted'}` (`acceptedBody`). */
export function accepted<Req extends Request, Context extends unknown[]>(
  work: (req: Req, ...context: Context) => Promise<unknown>,
) {
  return async function answerAccepted(req: Req, res: Response, ...context: Context) {
    await work(req, ...context);
    res.status(202).json({ status: 'accepted' } satisfies z.infer<typeof acceptedBody>);
  };
}
