import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FhirServer } from '../src/models/index.js';
import { ServerMarks, Watermark } from '../src/models/polling/poll-search.js';

/** A poller's watermarks per server against a Map, across the switch from a scan to a map of positions (past 32 servers). */
describe('server marks', () => {
  it('keeps finding every server after the 33rd, when a map of positions takes over from the scan', () => {
    const servers = Array.from({ length: 100 }, (_, i) => ({ name: `s${i}` }) as unknown as FhirServer);
    const marks = new ServerMarks();
    servers.forEach((server, i) => {
      expect(marks.find(server)).toBe(-1);
      marks.add(server, i);
    });
    servers.forEach((server, i) => {
      const k = marks.find(server);
      expect(marks.at(k)).toBe(i);
      marks.put(k, i + 1000);
    });
    servers.forEach((server, i) => expect(marks.at(marks.find(server))).toBe(i + 1000));
  });

  it('property: finds, adds and sets what a Map would, for up to 80 servers', () => {
    const servers = Array.from({ length: 80 }, (_, i) => ({ name: `s${i}` }) as unknown as FhirServer);
    const step = fc.record({ server: fc.integer({ min: 0, max: 79 }), since: fc.nat({ max: 1_000_000 }), object: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), (steps) => {
        const marks = new ServerMarks();
        const model = new Map<FhirServer, number | Watermark>();
        for (const st of steps) {
          const server = servers[st.server] as FhirServer;
          let value: number | Watermark = st.since;
          if (st.object) {
            value = new Watermark();
            value.since = st.since;
          }
          const k = marks.find(server);
          expect(k >= 0).toBe(model.has(server));
          if (k < 0) expect(marks.at(marks.add(server, value))).toBe(value);
          else {
            expect(marks.at(k)).toBe(model.get(server));
            marks.put(k, value);
          }
          model.set(server, value);
        }
        for (const server of servers) {
          const k = marks.find(server);
          if (!model.has(server)) expect(k).toBe(-1);
          else expect(marks.at(k)).toBe(model.get(server));
        }
      }),
      { numRuns: 200 },
    );
  });
});
