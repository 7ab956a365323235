import { describe, expect, it } from 'vitest';
import { World, parseRef, type FhirResource } from '../src/models/index.js';
import { worldConfig } from './support/world-config.js';

describe('server directory', () => {
  it("finds the server holding any version it returned, as its reference's first part names it", () => {
    const world = new World(worldConfig());
    const names = ['placer/0/fhir', 'filler/0/fhir', 'intermediary', 'a/b/c/fhir'];
    const servers = names.map((n) => world.server(n, 'filler'));
    const versions: FhirResource[] = [];
    for (const [k, s] of servers.entries()) {
      for (const type of ['ServiceRequest', 'Task', 'DiagnosticReport'] as const) {
        const v = s.store.create({ type, status: type === 'Task' ? 'requested' : 'active', intent: 'order', identifier: `x-${k}` }, 0, 'test');
        versions.push(v);
        // A version rebuilt from its row (what a read returns later) has the same prefix.
        versions.push(s.store.read(type, v.id) as FhirResource);
      }
    }
    // Twice over: the second time every prefix is remembered.
    for (let pass = 0; pass < 2; pass++) {
      for (const v of versions) {
        const expected = world.serverNamed(parseRef(v.ref).server);
        expect(world.serverOf(v)).toBe(expected);
        expect(servers).toContain(expected);
      }
    }
    expect(servers.map((s) => world.serverOf(s.store.read('Task', '2') as FhirResource).name)).toEqual(names);
  });

  it('refuses a second server of one name and names an unknown one', () => {
    const world = new World(worldConfig());
    world.server('lab/fhir', 'filler');
    expect(() => world.server('lab/fhir', 'filler')).toThrow('a server named lab/fhir already exists');
    expect(() => world.serverNamed('nowhere')).toThrow('no server named nowhere');
  });
});
