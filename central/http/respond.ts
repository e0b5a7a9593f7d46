import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error a handler throws to answer with a status and a JSON body `{error, message}`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, { error: error.code, message: error.message }, error.headers);
}

/** Admin request bodies are tiny (`{"reason": "..."}`); anything bigger is refused. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Reads a request body up to `limitBytes`; 413 beyond it. */
export async function readBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An optional JSON object body: empty → `{}`; anything but an object → 400 naming `example`. */
export async function readJsonObject(req: IncomingMessage, example = '{"reason": "maintenance"}'): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_request', `Body is not valid JSON; send a JSON object such as ${example}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'bad_request', `Body must be a JSON object such as ${example}.`);
  }
  return value as Record<string, unknown>;
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, 'payload_too_large', `Body over ${limitBytes} bytes.`, { connection: 'close' });
}
