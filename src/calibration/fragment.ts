/** The calibration written out: a YAML scenario fragment (`server:` inputs) headed by comments that say how each was found. */

import type { CalibrationResult } from './calibrate.js';
import { median } from './estimate.js';

/** The kinds a fragment can set, in the scenario's order (`operation` and `notify` are not measured). */
export const MEASURED_KINDS = ['read', 'search', 'create', 'update'] as const;

/** A measured kind of interaction. */
export type MeasuredKind = (typeof MEASURED_KINDS)[number];

/** Milliseconds as a scenario duration to the microsecond (`20.312ms`, `0ms`). */
export function msDuration(ms: number): string {
  const text = Math.max(0, ms).toFixed(3).replace(/\.?0+$/, '');
  return `${text === '' ? '0' : text}ms`;
}

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/**
 * The fragment: comments (server, base URL, date, samples, the round trip subtracted, how the
 * workers were estimated, what the behaviour probes saw), then `server:` with `workers`,
 * `conflictStatus` (when the server answered 412 or 409) and `serviceTime` of the measured
 * kinds as empirical distributions. Paste it into a scenario: `fwsim validate` accepts it.
 */
export function fragmentYaml(r: CalibrationResult): string {
  const s = r.software;
  const rt = r.roundTrip;
  const w = r.workers;
  const lat = r.latencies;
  const med = (xs: readonly number[]): string => fixed(median(xs), 2);
  const conflict = r.behaviour.staleIfMatch === 412 || r.behaviour.staleIfMatch === 409 ? r.behaviour.staleIfMatch : undefined;
  const lines = [
    `# fwsim calibrate: server inputs measured against ${r.base} on ${r.date}`,
    `# Server software: ${s.name !== undefined ? `${s.name}${s.version !== undefined ? ` ${s.version}` : ''} (CapabilityStatement.software)` : 'unknown (no CapabilityStatement.software)'}${s.fhirVersion !== undefined ? `, FHIR ${s.fhirVersion}` : ''}`,
    `# Samples: read ${r.service.read.length}, search ${r.service.search.length}, create ${r.service.create.length} (${lat.create.length} POST + ${lat.conditionalCreate.length} POST with If-None-Exist), update ${r.service.update.length} (If-Match), one at a time after an untimed round`,
    `# Service time = latency less the network round trip, ${fixed(rt.ms, 3)} ms, clamped at 0. Round trip: the smaller median of`,
    `#   ${rt.samples} GET metadata (${fixed(rt.metadataMs, 3)} ms) and ${rt.samples} reads of a missing id (${fixed(rt.missingReadMs, 3)} ms)`,
    `# Latency medians (ms): read ${med(lat.read)}, search ${med(lat.search)}, create ${med(lat.create)} (If-None-Exist ${med(lat.conditionalCreate)}), update ${med(lat.update)}`,
    `# Not measured: serviceTime.operation, serviceTime.notify (the scenario's own or the defaults apply)`,
    `# Throughput (reads and searches, requests/s): ${w.curve.map((p) => `${p.concurrency} at a time ${fixed(p.throughput, 1)}`).join(', ')}`,
    `# workers: an estimate, not a measurement: peak ${fixed(w.peakThroughput, 1)}/s x ${fixed(w.serviceMs, 2)} ms mean service time alone = ${fixed(w.busy, 2)}`,
    `#   requests in service at once (Little's law); throughput within 10% of its peak from ${w.knee} at a time${w.saturated ? '' : `; still growing at ${w.curve[w.curve.length - 1]?.concurrency ?? '?'} at a time, so a lower bound (add higher --concurrency levels)`}`,
    `# conflictStatus: ${conflictText(r.behaviour.staleIfMatch)}; If-None-Exist twice: ${r.behaviour.conditionalCreate[0]}, then ${r.behaviour.conditionalCreate[1]}${r.behaviour.conditionalCreate[1] === 200 ? ' (the existing one)' : r.behaviour.conditionalCreate[1] === 201 ? ' (a duplicate: If-None-Exist ignored)' : ''}`,
  ];
  const profile = profileHint(s.name);
  if (profile !== undefined) lines.push(`# The software looks like ${profile.product}: \`server.profile: ${profile.name}\` adds its published subscription behaviour (not measured here)`);
  lines.push('server:', `  workers: ${w.workers}`);
  if (conflict !== undefined) lines.push(`  conflictStatus: ${conflict}`);
  lines.push('  serviceTime:');
  for (const kind of MEASURED_KINDS) {
    const values = [...r.service[kind]].sort((a, b) => a - b).map(msDuration);
    lines.push(`    ${kind}:`, `      empirical:`, ...flowList('values', values, 8));
  }
  return `${lines.join('\n')}\n`;
}

function conflictText(status: number): string {
  if (status === 412 || status === 409) return `an update with a stale If-Match was answered ${status}`;
  if (status >= 200 && status < 300) return `not set: an update with a stale If-Match was accepted (${status}), the server does not check versions`;
  return `not set: an update with a stale If-Match was answered ${status}, neither 412 nor 409`;
}

function profileHint(name: string | undefined): { name: string; product: string } | undefined {
  if (name === undefined) return undefined;
  if (/hapi/i.test(name)) return { name: 'hapi', product: 'HAPI FHIR' };
  if (/medplum/i.test(name)) return { name: 'medplum', product: 'Medplum' };
  return undefined;
}

/** `key: [a, b, ...]` as a YAML flow sequence wrapped to about 100 columns, continuation lines indented deeper. */
function flowList(key: string, values: readonly string[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let line = `${pad}${key}: [`;
  values.forEach((v, i) => {
    const item = `${v}${i < values.length - 1 ? ',' : ']'}`;
    if (line.length + item.length + 1 > 100 && !line.endsWith('[')) {
      lines.push(line);
      line = `${pad}  ${item}`;
    } else {
      line += line.endsWith('[') ? item : ` ${item}`;
    }
  });
  if (values.length === 0) line += ']';
  lines.push(line);
  return lines;
}
