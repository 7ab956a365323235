import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import { patterns, tinyWorldConfig, traceOneOrder, type PatternId } from '../src/patterns/index.js';

// Every expected line was checked by hand against the tiny world of tinyWorldConfig():
// 40 ms one-way latency; service read 4 ms, search 15 ms, create 8 ms, update 8 ms,
// operation 20 ms, notify 2 ms (a transaction costs the sum of its entries); the store
// operation takes effect when service starts, the response leaves when it ends; one order
// at t = 1 s; processing 600 s; aligned polls every 60 s. E.g. A: the ServiceRequest POST
// reaches the filler's server at 1.040 (received), work ends at 601.040, the event POST
// reaches the placer's server at 601.080: end-to-end 600.080 s.

function lines(id: PatternId, overrides: Parameters<typeof tinyWorldConfig>[0] = {}): { lines: string[]; e2e: number; outcome: string } {
  const t = traceOneOrder(patterns[id], tinyWorldConfig(overrides));
  return {
    lines: t.lines.map((l) => `${(l.sentAt / SECOND).toFixed(3)} ${l.remote ? '' : '(local) '}${l.from} -> ${l.to}: ${l.text} => ${l.status}`),
    e2e: (t.order.outcomeKnownAt - t.order.placedAt) / SECOND,
    outcome: t.order.outcome,
  };
}

const sync = { messaging: { mode: 'sync' as const, ackTimeout: 30 * SECOND, retries: 3 }, service: { mode: 'sync' as const } };

describe('one order through each pattern in a tiny deterministic world (exact message sequence and end-to-end latency)', () => {
  it('A', () => {
    const r = lines('A');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> filler/0/fhir: POST ServiceRequest If-None-Exist identifier=order-0 => 201',
      '601.040 filler/0 -> placer/0/fhir: POST DiagnosticReport If-None-Exist identifier=event-0 => 201',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(600.080, 6);
  });

  it('B', () => {
    const r = lines('B');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> intermediary: POST ServiceRequest If-None-Exist identifier=order-0 => 201',
      '60.000 filler/0 -> intermediary: GET ServiceRequest?performer=filler/0&status=active => 200',
      '660.095 filler/0 -> intermediary: POST DiagnosticReport If-None-Exist identifier=event-0 => 201',
      '720.000 placer/0 -> intermediary: GET DiagnosticReport?based-on=intermediary/ServiceRequest/1&_lastUpdated=gt[watermark] => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(719.095, 6);
  });

  it('C', () => {
    const r = lines('C');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> intermediary: POST ServiceRequest If-None-Exist identifier=order-0 => 201',
      '1.042 intermediary -> filler/0/notifications: POST [endpoint] notification (ServiceRequest/3) => 200',
      '1.082 filler/0 -> intermediary: GET ServiceRequest/3 => 200',
      '601.166 filler/0 -> intermediary: POST DiagnosticReport If-None-Exist identifier=event-0 => 201',
      '601.208 intermediary -> placer/0/notifications: POST [endpoint] notification (DiagnosticReport/4) => 200',
      '601.248 placer/0 -> intermediary: GET DiagnosticReport/4 => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(600.332, 6);
  });

  it('D', () => {
    const r = lines('D');
    expect(r.lines).toEqual([
      '1.000 (local) placer/0 -> placer/0/fhir: POST ServiceRequest If-None-Exist identifier=order-0 => 201',
      '1.008 placer/0 -> filler/0/fhir: POST Task If-None-Exist identifier=task-0 => 201',
      '1.048 filler/0 -> placer/0/fhir: GET ServiceRequest/1 => 200',
      `1.132 (local) filler/0 -> filler/0/fhir: PUT Task/1 If-Match W/"1" (status=accepted) => 200`,
      `1.140 (local) filler/0 -> filler/0/fhir: PUT Task/1 If-Match W/"2" (status=in-progress) => 200`,
      '60.000 placer/0 -> filler/0/fhir: GET Task?requester=placer/0 => 200',
      `601.140 (local) filler/0 -> filler/0/fhir: POST / (transaction: POST DiagnosticReport, PUT Task/1 If-Match W/"3" (completed)) => 200`,
      '660.000 placer/0 -> filler/0/fhir: GET Task?requester=placer/0&_lastUpdated=gt[watermark] => 200',
      '660.095 placer/0 -> filler/0/fhir: GET DiagnosticReport/2 => 200',
      '660.179 (local) placer/0 -> placer/0/fhir: PUT ServiceRequest/1 If-Match W/"1" (status=completed) => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(659.179, 6);
  });

  it('E', () => {
    const r = lines('E');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> intermediary: POST / (transaction: POST ServiceRequest, POST Task) => 200',
      '60.000 filler/0 -> intermediary: GET Task?owner:missing=true&status=requested => 200',
      '60.000 placer/0 -> intermediary: GET Task?requester=placer/0 => 200',
      '60.095 filler/0 -> intermediary: GET ServiceRequest/1 => 200',
      `60.179 filler/0 -> intermediary: PUT Task/2 If-Match W/"1" (owner=filler/0, status=accepted) => 200`,
      `60.267 filler/0 -> intermediary: PUT Task/2 If-Match W/"2" (status=in-progress) => 200`,
      '120.000 placer/0 -> intermediary: GET Task?requester=placer/0&_lastUpdated=gt[watermark] => 200',
      `660.267 filler/0 -> intermediary: POST / (transaction: POST DiagnosticReport, PUT Task/2 If-Match W/"3" (completed)) => 200`,
      '720.000 placer/0 -> intermediary: GET Task?requester=placer/0&_lastUpdated=gt[watermark] => 200',
      '720.095 placer/0 -> intermediary: GET DiagnosticReport/3 => 200',
      '720.179 placer/0 -> intermediary: PUT ServiceRequest/1 If-Match W/"1" (status=completed) => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(719.179, 6);
  });

  it('F', () => {
    const r = lines('F');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> filler/0/fhir: POST ServiceRequest If-None-Exist identifier=order-0 => 201',
      '1.040 (local) filler/0 -> filler/0/fhir: POST Task => 201',
      `1.048 (local) filler/0 -> filler/0/fhir: PUT Task/2 If-Match W/"1" (status=in-progress) => 200`,
      '60.000 placer/0 -> filler/0/fhir: GET Task?requester=placer/0 => 200',
      `601.048 (local) filler/0 -> filler/0/fhir: POST / (transaction: POST DiagnosticReport, PUT Task/2 If-Match W/"2" (completed)) => 200`,
      '660.000 placer/0 -> filler/0/fhir: GET Task?requester=placer/0&_lastUpdated=gt[watermark] => 200',
      '660.095 placer/0 -> filler/0/fhir: GET DiagnosticReport/3 => 200',
      '660.179 placer/0 -> filler/0/fhir: PUT ServiceRequest/1 If-Match W/"1" (status=completed) => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(659.179, 6);
  });

  it('G', () => {
    const r = lines('G');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> intermediary: POST ServiceRequest If-None-Exist identifier=order-0 => 201',
      '60.000 broker -> intermediary: GET ServiceRequest?status=active => 200',
      '60.095 broker -> intermediary: POST Task If-None-Exist identifier=offer1-order-0 => 201',
      '120.000 filler/0 -> intermediary: GET Task?owner=filler/0&status=requested&_lastUpdated=gt[watermark] => 200',
      '120.000 placer/0 -> intermediary: GET Task?requester=placer/0&_lastUpdated=gt[watermark] => 200',
      '120.095 filler/0 -> intermediary: GET ServiceRequest/1 => 200',
      `120.179 filler/0 -> intermediary: PUT Task/2 If-Match W/"1" (status=accepted) => 200`,
      `120.267 filler/0 -> intermediary: PUT Task/2 If-Match W/"2" (status=in-progress) => 200`,
      '180.000 broker -> intermediary: GET Task?status=accepted,rejected,in-progress,completed,failed&_lastUpdated=gt[watermark] => 200',
      '180.000 placer/0 -> intermediary: GET Task?requester=placer/0&_lastUpdated=gt[watermark] => 200',
      `720.267 filler/0 -> intermediary: POST / (transaction: POST DiagnosticReport, PUT Task/2 If-Match W/"3" (completed)) => 200`,
      '780.000 broker -> intermediary: GET Task?status=accepted,rejected,in-progress,completed,failed&_lastUpdated=gt[watermark] => 200',
      '780.000 placer/0 -> intermediary: GET Task?requester=placer/0&_lastUpdated=gt[watermark] => 200',
      '780.095 placer/0 -> intermediary: GET DiagnosticReport/3 => 200',
      '780.179 placer/0 -> intermediary: PUT ServiceRequest/1 If-Match W/"1" (status=completed) => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(779.179, 6);
  });

  it('H', () => {
    const r = lines('H');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> filler/0/fhir: POST $process-message (order) => 202',
      '1.040 filler/0 -> placer/0/fhir: POST $process-message (order-response: ok) => 202',
      '601.040 filler/0 -> placer/0/fhir: POST $process-message (order-result) => 202',
      '601.080 placer/0 -> filler/0/fhir: POST $process-message (order-result-response: ok) => 202',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(600.080, 6);
  });

  it('I', () => {
    // The FHIR async pattern: 202 with a status URL, then a GET of it every minute (a read:
    // 40 + 4 + 40 ms) until the work, done at 601.040, answers 200.
    const r = lines('I');
    expect(r.lines).toEqual([
      '1.000 placer/0 -> filler/0/fhir: POST $fulfill => 202',
      ...[61.1, 121.184, 181.268, 241.352, 301.436, 361.52, 421.604, 481.688, 541.772].map((t) => `${t.toFixed(3)} placer/0 -> filler/0/fhir: GET filler/0/fhir/async/0 => 202`),
      '601.856 placer/0 -> filler/0/fhir: GET filler/0/fhir/async/0 => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(600.940, 6);
  });

  it('H-sync', () => {
    const r = lines('H', sync);
    expect(r.lines).toEqual([
      '1.000 placer/0 -> filler/0/fhir: POST $process-message (order) => 200',
      '601.040 filler/0 -> placer/0/fhir: POST $process-message (order-result) => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(600.080, 6);
  });

  it('I-sync within the HTTP timeout: one call, held open for the 600 s of work', () => {
    const r = lines('I', { ...sync, network: { ...tinyWorldConfig().network, timeout: 15 * MINUTE } });
    expect(r.lines).toEqual([
      '1.000 placer/0 -> filler/0/fhir: POST $fulfill => 200',
    ]);
    expect(r.outcome).toBe('completed');
    expect(r.e2e).toBeCloseTo(600.080, 6);
  });

  it('I-sync beyond the HTTP timeout: the call and its 3 retries time out (each held by a worker), the placer never hears', () => {
    const t = traceOneOrder(patterns.I, tinyWorldConfig(sync));
    // Every attempt reaches the server, joins the same work and is answered when it ends, at 601.040 + 40 ms: far too late.
    expect(t.lines.map((l) => `${(l.sentAt / SECOND).toFixed(3)} ${l.text} => ${l.status} at ${(l.answeredAt / SECOND).toFixed(3)}`)).toEqual(
      [1, 11, 21, 31].map((s) => `${s.toFixed(3)} POST $fulfill => 200 at 601.080`),
    );
    expect(t.order.outcome).toBe('completed');
    expect(t.order.outcomeKnownAt).toBe(-1);
    expect(t.world.placers[0]?.open.size).toBe(0);
    expect(t.world.traffic.timedOut).toBe(1);
    expect(t.world.traffic.lateResponses).toBe(4);
  });
});
