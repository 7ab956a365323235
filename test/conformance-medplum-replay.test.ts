import { beforeAll, describe, expect, it } from 'vitest';
import { Constant, MINUTE, SECOND } from '../src/engine/index.js';
import { InteractionLog, World, type LoggedInteraction, type WorldConfig } from '../src/models/index.js';
import { PATTERN_IDS, patterns, tinyWorldConfig, type PatternId } from '../src/patterns/index.js';
import { Replay, checkRun, loadMedplum, type Medplum } from '../src/conformance/index.js';
import { openTaskRace } from './support/open-task-race.js';

// The simulated servers' answers, replayed request by request against Medplum's FHIR router
// (real FHIR server code on a MemoryRepository): the same statuses, the same matches, the
// same versions, or a difference the catalogue explains.

let medplum: Medplum;
beforeAll(async () => {
  medplum = await loadMedplum();
}, 60_000);

/** Runs `pattern` with a log; returns the log and the replay's findings. */
async function logAndReplay(config: WorldConfig, pattern: PatternId, tamper?: (entries: LoggedInteraction[]) => void) {
  const log = new InteractionLog();
  const world = new World(config, { log });
  patterns[pattern].setup(world);
  world.run();
  tamper?.(log.entries);
  const pageSizes = new Map(world.servers.map((s) => [s.name, s.config.pageSize]));
  const summary = await new Replay(medplum, pageSizes).run(log.entries);
  return { log: log.entries, summary, world };
}

const statuses = (entries: readonly LoggedInteraction[], match: (e: LoggedInteraction) => boolean): number[] => entries.filter(match).map((e) => e.response.status);

/** E with `k` fillers polling on one grid: every Task is claimed by all of them at once. */
const race = (k: number, orders: number): WorldConfig => openTaskRace(k, orders);

describe('replayed against Medplum', () => {
  it('E, 5 fillers on aligned polls: one claim wins and four get 412 on each Task, on both servers', async () => {
    const { log, summary } = await logAndReplay(race(5, 6), 'E');
    const claims = log.filter((e) => e.request.kind === 'update' && e.request.type === 'Task' && e.request.changes.owner != null);
    expect(claims).toHaveLength(5 * 6);
    expect(claims.filter((e) => e.response.status === 200)).toHaveLength(6);
    expect(claims.filter((e) => e.response.status === 412)).toHaveLength(4 * 6);
    expect(summary.disagreements, JSON.stringify(summary.examples)).toBe(0);
    expect(summary.known).toEqual([]);
    expect(summary.agreed).toBe(summary.replayed);
    expect(summary.replayed).toBe(log.length);
  });

  it('G: a late acceptance of a withdrawn offer is a 412 there too, and the reassigned order completes alike', async () => {
    // As in patterns-broker-reassignment: the broker withdraws filler 0's offer 6 ms before its accept arrives.
    const base = tinyWorldConfig();
    const config = tinyWorldConfig({ fillers: { ...base.fillers, count: 2 }, broker: { ...base.broker, assignTimeout: 59.95 * SECOND } });
    const { log, summary } = await logAndReplay(config, 'G');
    const accepts = log.filter((e) => e.actor === 'filler/0' && e.request.kind === 'update' && e.request.changes.status === 'accepted');
    expect(statuses(accepts, () => true)).toEqual([412]);
    expect(log.some((e) => e.actor === 'broker' && e.request.kind === 'update' && e.request.changes.status === 'cancelled' && e.response.status === 200)).toBe(true);
    expect(summary.disagreements, JSON.stringify(summary.examples)).toBe(0);
    expect(summary.agreed).toBe(summary.replayed);
  });

  it('conditional creates retried after lost answers: If-None-Exist finds the first and answers 200 on both', async () => {
    const base = tinyWorldConfig();
    const config = tinyWorldConfig({
      seed: 3,
      horizon: 2 * 60 * MINUTE,
      placers: { count: 4, meanInterarrival: 4 * MINUTE, arrivals: 'poisson' },
      network: { ...base.network, loss: 0.2 },
    });
    const { log, summary } = await logAndReplay(config, 'C');
    const retried = log.filter((e) => e.request.kind === 'create' && e.request.ifNoneExist !== undefined && e.repeated);
    expect(retried.length).toBeGreaterThan(3);
    expect(retried.every((e) => e.response.status === 200)).toBe(true);
    expect(summary.disagreements, JSON.stringify(summary.examples)).toBe(0);
  });

  it('every pattern, a small run: no unexplained disagreement; the store patterns are replayed whole', async () => {
    const base = tinyWorldConfig();
    const config = tinyWorldConfig({
      horizon: 90 * MINUTE,
      placers: { count: 4, meanInterarrival: 5 * MINUTE, arrivals: 'poisson' },
      fillers: { count: 3, capacity: 2, processing: new Constant(8 * MINUTE), acceptProbability: 0.8 },
      cancellation: { ...base.cancellation, probability: 0.3 },
    });
    for (const id of PATTERN_IDS) {
      const check = await checkRun(config, id, medplum);
      expect(check.disagreements, `${id}: ${JSON.stringify(check.examples)}`).toBe(0);
      if (id === 'H' || id === 'I') {
        // Messages and operations have no store interaction to replay: every one is listed as not replayed.
        expect(check.replayed, id).toBe(0);
        expect(Object.values(check.notReplayed).reduce((a, b) => a + b, 0), id).toBe(check.interactions);
      } else {
        expect(check.replayed, id).toBe(check.interactions);
        expect(check.replayed, id).toBeGreaterThan(0.9 * check.orders);
      }
    }
  }, 120_000);

  it('a search answered over several pages: each page has the same matches there (pages of 2)', async () => {
    const base = tinyWorldConfig();
    const config = tinyWorldConfig({
      horizon: 60 * MINUTE,
      placers: { count: 3, meanInterarrival: MINUTE, arrivals: 'fixed' },
      polling: { ...base.polling, interval: 5 * MINUTE },
      server: { ...base.server, pageSize: 2 },
    });
    const { log, summary } = await logAndReplay(config, 'B');
    expect(log.filter((e) => e.request.kind === 'page').length).toBeGreaterThan(20);
    expect(summary.disagreements, JSON.stringify(summary.examples)).toBe(0);
    expect(summary.agreed).toBe(log.length);
  });

  it('HAPI-style 409 conflicts are a known difference, counted once per 409', async () => {
    const base = race(3, 4);
    const { log, summary } = await logAndReplay({ ...base, server: { ...base.server, conflictStatus: 409 } }, 'E');
    const conflicts = log.filter((e) => e.response.status === 409).length;
    expect(conflicts).toBe(2 * 4);
    expect(summary.known.map((k) => [k.id, k.count])).toEqual([['conflict-409', conflicts]]);
    expect(summary.disagreements).toBe(0);
  });

  it('finds a wrong answer: a search result missing one match, and a conflict answered 200', async () => {
    let dropped = -1;
    let flipped = -1;
    const { summary } = await logAndReplay(race(2, 2), 'E', (entries) => {
      const search = entries.find((e) => e.request.kind === 'search' && (e.response.page?.resources.length ?? 0) > 0) as LoggedInteraction;
      const page = search.response.page as NonNullable<LoggedInteraction['response']['page']>;
      search.response = { ...search.response, page: { ...page, resources: page.resources.slice(1) } };
      dropped = search.seq;
      const conflict = entries.find((e) => e.response.status === 412) as LoggedInteraction;
      conflict.response = { status: 200, resource: undefined };
      flipped = conflict.seq;
    });
    expect(summary.disagreements).toBe(2);
    expect(summary.examples.map((d) => d.seq).sort((a, b) => a - b)).toEqual([dropped, flipped].sort((a, b) => a - b));
    expect(summary.examples.find((d) => d.seq === flipped)).toMatchObject({ ours: '200', theirs: '412' });
  });
});
