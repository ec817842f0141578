import http from 'node:http';
import zlib from 'node:zlib';

export interface TimedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** From sending the request to the last byte of the body. */
  ms: number;
}

export interface TimedRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  agent: http.Agent;
  /** Gives up on a request that hangs, so the bench stays bounded in time. */
  timeoutMs?: number;
}

/** A keep-alive agent with one socket: sequential requests reuse it, as a browser tab would. */
export function sequentialAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

/** One HTTP request, timed with `performance.now()`; the body is read to the end. */
export function timedRequest(url: string, options: TimedRequest): Promise<TimedResponse> {
  const { method = 'GET', headers = {}, body, agent, timeoutMs = 30_000 } = options;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(
      url,
      {
        method,
        agent,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
      },
    );
    request.on('timeout', () =>
      request.destroy(
        new Error(`${method} ${url} took over ${timeoutMs} ms: is the server stuck?`),
      ),
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Throws unless the response has the expected status, quoting the start of the body. */
export function expectStatus(response: TimedResponse, expected: number, what: string): void {
  if (response.status !== expected) {
    throw new Error(
      `${what}: expected HTTP ${expected}, got ${response.status}: ${response.body.toString('utf8', 0, 300)}`,
    );
  }
}

/** The body as text, gunzipped when the server compressed it. */
export function responseText(response: TimedResponse): string {
  const raw =
    response.headers['content-encoding'] === 'gzip'
      ? zlib.gunzipSync(response.body)
      : response.body;
  return raw.toString('utf8');
}

export function responseJson<T>(response: TimedResponse): T {
  return JSON.parse(responseText(response)) as T;
}
