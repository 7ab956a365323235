import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYLOAD_SIZES as S, collectRunOutcome, requestBytes } from '../src/models/index.js';
import { patterns, tinyWorldConfig, traceOneOrder, type PatternId } from '../src/patterns/index.js';

// Bytes are counted where messages cross the network, from the sizes of what each carries:
// hand-computed for one order of the tiny world, and compared across patterns.

const base = tinyWorldConfig();
const bytesOf = (id: PatternId, overrides: Parameters<typeof tinyWorldConfig>[0] = {}) => collectRunOutcome(traceOneOrder(patterns[id], tinyWorldConfig(overrides)).world).metrics;

describe('bytes on the wire', () => {
  it('A by hand: POST ServiceRequest and its 201 with the representation, POST DiagnosticReport and its 201', () => {
    const m = bytesOf('A');
    const request = S.requestHeaders + S.resources.ServiceRequest + S.responseHeaders + S.resources.ServiceRequest;
    const report = S.requestHeaders + S.resources.DiagnosticReport + S.responseHeaders + S.resources.DiagnosticReport;
    expect(m.bytes_create).toBe(request + report);
    expect(m.bytes_total).toBe(request + report);
    expect(m.bytes_per_order).toBe(request + report);
  });

  it('C: a full-resource notification carries the resource, an id-only one does not but costs a read', () => {
    const full = bytesOf('C', { subscription: { ...base.subscription, payload: 'full-resource' } });
    const idOnly = bytesOf('C', { subscription: { ...base.subscription, payload: 'id-only' } });
    // Two notifications (request to the filler, event to the placer), each of one event.
    expect(full.interactions_notification).toBe(2);
    expect((full.bytes_notification as number) - (idOnly.bytes_notification as number)).toBe(S.resources.ServiceRequest + S.resources.DiagnosticReport);
    expect(idOnly.bytes_read).toBe(2 * S.requestHeaders + 2 * S.responseHeaders + S.resources.ServiceRequest + S.resources.DiagnosticReport);
    expect(full.bytes_read).toBe(0);
  });

  it('H: every message is a Bundle with a MessageHeader; the order and the result carry their resource, acknowledgements do not', () => {
    const m = bytesOf('H');
    const envelope = S.bundle + S.entry + S.messageHeader;
    // Async: order -> 200 receipt, order response, result -> receipt, result response (each a request).
    expect(m.interactions_message).toBe(4);
    expect(m.bytes_message).toBe(4 * (S.requestHeaders + envelope + S.responseHeaders) + S.entry + S.resources.ServiceRequest + S.entry + S.resources.DiagnosticReport);
  });

  it('B by hand: every search costs its headers and a Bundle, each match an entry and its resource', () => {
    const m = bytesOf('B');
    const searches = (m.interactions_search as number) + (m.interactions_page as number);
    // The filler's poll finds the request once, the placer's based-on poll the report once.
    const found = S.entry + S.resources.ServiceRequest + S.entry + S.resources.DiagnosticReport;
    expect((m.bytes_search as number) + (m.bytes_page as number)).toBe(searches * (S.requestHeaders + S.responseHeaders + S.bundle) + found);
    expect(m.bytes_total).toBe(kindSum(m));
  });

  it('a list criterion costs URL bytes per value beyond the first', () => {
    const one = requestBytes(S, { kind: 'search', query: { type: 'DiagnosticReport', where: { basedOn: ['a'] } } });
    const many = requestBytes(S, { kind: 'search', query: { type: 'DiagnosticReport', where: { basedOn: ['a', 'b', 'c', 'd'] } } });
    expect(many - one).toBe(3 * S.urlValue);
  });
});

function kindSum(m: Record<string, number>): number {
  return ['create', 'read', 'update', 'search', 'page', 'notification', 'message', 'operation', 'handshake', 'heartbeat'].reduce((s, k) => s + (m[`bytes_${k}`] as number), 0);
}
