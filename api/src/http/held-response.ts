import type { Response } from 'express';

type WriteHead = (status: number, ...rest: unknown[]) => unknown;
type Write = (chunk: unknown, ...rest: unknown[]) => boolean;
type End = (...args: unknown[]) => unknown;

/** What a handler holding a response does with it once it has ended. */
export interface HeldResponse {
  /** Asked once the head is known (status and headers set): hold this response, or let it pass? */
  hold(): boolean;
  /**
   * The whole body, after the handler ended it. Change headers or the status on `res` here, then
   * `send` the body (or nothing, for a 304).
   */
  ended(body: Buffer, send: (body?: Buffer) => void): void;
}

const chunkOf = (chunk: unknown, encoding: unknown) =>
  Buffer.isBuffer(chunk)
    ? chunk
    : chunk instanceof Uint8Array
      ? Buffer.from(chunk)
      : Buffer.from(
          String(chunk),
          typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
        );

/**
 * Holds a response's head and body until it ends, for middleware that must read the whole body
 * before the head goes out (script hashes in its policy, an ETag). Handlers write as they
 * please — writeHead with headers, write in chunks, end — and a response not held passes through
 * untouched. Middleware holding the same response nest: the one registered first sees what the
 * later ones send.
 */
export function holdResponse(res: Response, held: HeldResponse): void {
  const original = {
    writeHead: res.writeHead as unknown as WriteHead,
    write: res.write as unknown as Write,
    end: res.end as unknown as End,
  };
  const restore = () => Object.assign(res, original);
  let chunks: Buffer[] | undefined;
  // Once let through, calls still reaching these wrappers (a later middleware kept references to
  // them) go straight on.
  let passing = false;
  let statusMessage: string | undefined;
  const sendHead = () =>
    statusMessage === undefined
      ? original.writeHead.call(res, res.statusCode)
      : original.writeHead.call(res, res.statusCode, statusMessage);
  // Decides, once the headers are known, whether to hold the body.
  const writeHead: WriteHead = (status, ...rest) => {
    if (passing) return original.writeHead.call(res, status, ...rest);
    res.statusCode = status;
    for (const arg of rest) {
      if (typeof arg === 'string') statusMessage = arg;
      else if (arg && typeof arg === 'object' && !Array.isArray(arg))
        for (const [name, value] of Object.entries(arg))
          if (value !== undefined) res.setHeader(name, value as string | string[]);
    }
    if (held.hold()) {
      chunks = [];
      return res;
    }
    passing = true;
    restore();
    return sendHead();
  };
  const write: Write = (chunk, ...rest) => {
    if (!chunks && !passing) writeHead(res.statusCode);
    if (!chunks) return original.write.call(res, chunk, ...rest);
    chunks.push(chunkOf(chunk, rest[0]));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  const end: End = (...args) => {
    if (!chunks && !passing) writeHead(res.statusCode);
    if (!chunks) return original.end.call(res, ...args);
    const done = args.find((a) => typeof a === 'function');
    const [chunk, encoding] = args;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
      chunks.push(chunkOf(chunk, encoding));
    held.ended(Buffer.concat(chunks), (body) => {
      restore();
      sendHead();
      const rest = done ? [done] : [];
      original.end.call(res, ...(body === undefined ? rest : [body, ...rest]));
    });
    return res;
  };
  Object.assign(res, { writeHead, write, end });
}
