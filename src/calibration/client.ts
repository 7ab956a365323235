/** A minimal FHIR REST client for calibration: one request at a time per call, timed from send to the last byte of the answer. */

/** What the client needs from its caller: fetch and a monotonic clock (src/cli supplies node's fetch and performance.now). */
export interface HttpIo {
  fetch: typeof fetch;
  /** Milliseconds on a monotonic clock. */
  now: () => number;
}

/** An answer: status, what it took, and what calibration reads of it. */
export interface FhirAnswer {
  status: number;
  /** Milliseconds from sending the request to having read the whole answer. */
  ms: number;
  /** The body as JSON, or undefined (none, or not JSON). */
  body: unknown;
  /** The ETag header, if any. */
  etag: string | undefined;
  /** The Location (or Content-Location) header, if any. */
  location: string | undefined;
}

/** Raised instead of sending once the calibration was asked to stop (Ctrl-C). */
export class CalibrationStopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'CalibrationStopped';
  }
}

/** A request that failed in a way calibration cannot go on from: no answer, a timeout, or an answer it did not expect. */
export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

/**
 * Sends FHIR requests to one base URL with node's fetch (undici: HTTP/1.1 keep-alive, one
 * connection per request in flight), so after the first request of each concurrent client
 * the timings hold no connection set-up. A request is timed from the call to fetch until its
 * body has been read. Once `stop` is aborted it sends nothing more (requests in flight finish),
 * except cleanup requests, which are what stopping is for.
 */
export class FhirClient {
  /** Requests sent so far. */
  sent = 0;
  /** Requests in flight now. */
  inFlight = 0;
  /** Writes (POST, PUT) sent, answered or not: if any, there may be something to clean up. */
  writes = 0;

  constructor(
    readonly base: string,
    private readonly io: HttpIo,
    private readonly options: { timeoutMs: number; headers: Readonly<Record<string, string>>; stop: AbortSignal },
  ) {}

  /** Sends `method` to `path` (relative to the base); `cleanup` requests are sent even after a stop. */
  async send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; cleanup?: boolean } = {}): Promise<FhirAnswer> {
    if (this.options.stop.aborted && init.cleanup !== true) throw new CalibrationStopped();
    const url = `${this.base}/${path}`;
    const headers: Record<string, string> = { accept: 'application/fhir+json', ...this.options.headers, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/fhir+json';
    this.sent++;
    if (method === 'POST' || method === 'PUT') this.writes++;
    this.inFlight++;
    const t0 = this.io.now();
    try {
      const res = await this.io.fetch(url, {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await res.text();
      const ms = this.io.now() - t0;
      return { status: res.status, ms, body: parseJson(text), etag: res.headers.get('etag') ?? undefined, location: res.headers.get('location') ?? res.headers.get('content-location') ?? undefined };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError') throw new CalibrationError(`${method} ${url}: no answer within ${this.options.timeoutMs / 1000} s (--timeout)`);
      const why = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new CalibrationError(`${method} ${url}: ${why}`);
    } finally {
      this.inFlight--;
    }
  }

  /** Sends and insists on one of `expected` statuses; anything else is a CalibrationError naming what came back. */
  async expect(expected: readonly number[], method: string, path: string, init: Parameters<FhirClient['send']>[2] = {}): Promise<FhirAnswer> {
    const a = await this.send(method, path, init);
    if (!expected.includes(a.status)) throw new CalibrationError(`${method} ${this.base}/${path}: expected ${expected.join(' or ')}, got ${a.status}${outcomeText(a.body)}`);
    return a;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first issue of an OperationOutcome, as `: text` (or nothing), so an error says what the server said. */
export function outcomeText(body: unknown): string {
  const b = body as { resourceType?: string; issue?: { diagnostics?: string; details?: { text?: string }; code?: string }[] } | undefined;
  if (b?.resourceType !== 'OperationOutcome') return '';
  const i = b.issue?.[0];
  const text = i?.diagnostics ?? i?.details?.text ?? i?.code;
  return text !== undefined ? ` (${String(text).slice(0, 200)})` : '';
}

/** The version id of an answer: from its ETag (`W/"3"`) or, failing that, the resource's meta.versionId. */
export function versionOf(a: FhirAnswer): string | undefined {
  const m = a.etag !== undefined ? /^(?:W\/)?"([^"]+)"$/.exec(a.etag.trim()) : null;
  if (m !== null) return m[1];
  return (a.body as { meta?: { versionId?: string } } | undefined)?.meta?.versionId;
}

/** The id of a created resource: from its body, or the Location header (`.../Basic/123/_history/1`). */
export function idOf(a: FhirAnswer, type: string): string | undefined {
  const id = (a.body as { id?: string } | undefined)?.id;
  if (typeof id === 'string' && id !== '') return id;
  const m = a.location !== undefined ? new RegExp(`${type}/([^/?#]+)`).exec(a.location) : null;
  return m?.[1];
}

/**
 * Request headers from `Name: value` texts (as `--header` gives them), names in lower case;
 * or the first that is not one.
 */
export function parseHeaders(given: readonly string[]): { ok: true; headers: Record<string, string> } | { ok: false; problem: string } {
  const headers: Record<string, string> = {};
  for (const h of given) {
    const m = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*)$/.exec(h);
    if (m === null) return { ok: false, problem: `--header: expected "Name: value", got "${h}"` };
    headers[(m[1] as string).toLowerCase()] = m[2] as string;
  }
  return { ok: true, headers };
}
