/** What the server says it is (CapabilityStatement.software) and the network round trip that every timed sample carries. */

import { CalibrationError, outcomeText, type FhirClient } from './client.js';
import { median } from './estimate.js';
import { RESOURCE_TYPE } from './resources.js';

/** The server as its CapabilityStatement describes it. */
export interface ServerSoftware {
  /** `software.name`, or undefined when the statement has none. */
  name: string | undefined;
  version: string | undefined;
  fhirVersion: string | undefined;
}

/**
 * Reads `GET metadata`. A server that is not reachable fails the calibration here, before
 * anything is written; one that answers without a CapabilityStatement is calibrated anyway
 * with its software unknown.
 */
export async function readCapability(client: FhirClient): Promise<ServerSoftware> {
  const a = await client.send('GET', 'metadata');
  const cs = a.body as { resourceType?: string; software?: { name?: string; version?: string }; fhirVersion?: string } | undefined;
  if (a.status === 401 || a.status === 403) throw new CalibrationError(`GET ${client.base}/metadata: answered ${a.status}${outcomeText(a.body)}; pass credentials with --header "Authorization: ..." or --bearer-env`);
  if (a.status !== 200 || cs?.resourceType !== 'CapabilityStatement') return { name: undefined, version: undefined, fhirVersion: undefined };
  return { name: cs.software?.name, version: cs.software?.version, fhirVersion: cs.fhirVersion };
}

/** The round trip subtracted from every timed sample, and how it was found. */
export interface RoundTrip {
  /** Milliseconds subtracted from every sample. */
  ms: number;
  /** Which probe gave it. */
  probe: 'metadata' | 'missing read';
  /** Median of the `GET metadata` probes. */
  metadataMs: number;
  /** Median of the reads of a missing id (404). */
  missingReadMs: number;
  /** Timed probes of each kind. */
  samples: number;
}

/**
 * Measures the round trip: `samples` times each, alternately, `GET metadata` and a read of an
 * id that does not exist (404), after one untimed request that opens the connection. Each is
 * a cheap request, so its latency is the network's round trip plus the cheapest work of the
 * client and server stacks; both are upper bounds of what a timed sample carries besides the
 * server's own work, so the smaller median is taken. Metadata is the cheaper on servers that
 * cache their CapabilityStatement; the missing read where the statement is large or rebuilt.
 */
export async function measureRoundTrip(client: FhirClient, samples: number, missingId: string): Promise<RoundTrip> {
  const missing = `${RESOURCE_TYPE}/${missingId}`;
  await client.send('GET', 'metadata');
  const metadata: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i < samples; i++) {
    metadata.push((await client.send('GET', 'metadata')).ms);
    const r = await client.send('GET', missing);
    if (r.status !== 404 && r.status !== 410) throw new CalibrationError(`GET ${client.base}/${missing}: expected 404 for an id that does not exist, got ${r.status}${outcomeText(r.body)}`);
    reads.push(r.ms);
  }
  const metadataMs = median(metadata);
  const missingReadMs = median(reads);
  return metadataMs <= missingReadMs
    ? { ms: metadataMs, probe: 'metadata', metadataMs, missingReadMs, samples }
    : { ms: missingReadMs, probe: 'missing read', metadataMs, missingReadMs, samples };
}
