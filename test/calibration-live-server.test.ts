import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, toWorldConfig } from '../src/scenario/index.js';
import { fwsim, fwsimAsync } from './support/cli.js';
import { startFhirTestServer, storedResources, type FhirTestServer } from './support/fhir-test-server.js';

// fwsim calibrate against a real FHIR server implementation: Medplum's FhirRouter behind a
// loopback HTTP server in this process, which holds each FHIR request DELAY ms in one of
// WORKERS slots. Wall-clock figures are checked only within wide bounds derived from the
// injected delay: the machine may be busy with other work.

const WORKERS = 4;
const DELAY = 60;

let server: FhirTestServer;
let dir: string;

beforeAll(async () => {
  server = await startFhirTestServer({ workers: WORKERS, delayMs: DELAY });
  dir = mkdtempSync(join(tmpdir(), 'fwsim-calibrate-'));
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The numbers of an empirical service time in the fragment, in milliseconds. */
function valuesMs(fragment: string, kind: string): number[] {
  const m = new RegExp(`    ${kind}:\\n      empirical:\\n        values: \\[([^\\]]*)\\]`).exec(fragment);
  if (m === null) throw new Error(`no ${kind} in the fragment`);
  return (m[1] as string).split(',').map((v) => Number(v.trim().replace(/ms$/, '')));
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[Math.floor((s.length - 1) / 2)] as number) + (s[Math.ceil((s.length - 1) / 2)] as number)) / 2;
};

describe('fwsim calibrate against Medplum behind a loopback server', () => {
  it(`measures ${WORKERS} workers of ${DELAY} ms, sees 412 and 201-then-200, writes a fragment that validates, and leaves nothing behind`, async () => {
    const out = join(dir, 'server.yaml');
    const run = fwsimAsync(['calibrate', '--base', server.base, '--samples', '10', '--concurrency', '1,2,4,8', '--out', out]);
    const r = await run.done;
    expect(r.stderr).toContain('calibration plan for');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const fragment = readFileSync(out, 'utf8');

    // The header says what was measured, where, and how.
    expect(fragment).toMatch(/^# fwsim calibrate: server inputs measured against http:\/\/127\.0\.0\.1:\d+\/fhir on \d{4}-\d\d-\d\dT/);
    expect(fragment).toContain('# Server software: Medplum FhirRouter (fhir-workflow-sim test server) 4.5.2 (CapabilityStatement.software), FHIR 4.0.1');
    expect(fragment).toContain('# Samples: read 10, search 10, create 20 (10 POST + 10 POST with If-None-Exist), update 10 (If-Match)');
    expect(fragment).toMatch(/# Service time = latency less the network round trip, \d+\.\d{3} ms, clamped at 0/);
    expect(fragment).toMatch(/# workers: an estimate, not a measurement: peak/);
    expect(fragment).toContain("# conflictStatus: an update with a stale If-Match was answered 412; If-None-Exist twice: 201, then 200 (the existing one)");

    // Medplum answers a stale If-Match with 412.
    expect(fragment).toMatch(/^ {2}conflictStatus: 412$/m);
    // Workers: the semaphore's 4, within one (busy machines stretch the overheads either way).
    const workers = Number(/^ {2}workers: (\d+)$/m.exec(fragment)?.[1]);
    expect(workers).toBeGreaterThanOrEqual(WORKERS - 1);
    expect(workers).toBeLessThanOrEqual(WORKERS + 2);
    expect(server.maxBusy).toBe(WORKERS);
    // Service times: the injected delay plus the router's work, less any over-estimate of the round trip.
    for (const kind of ['read', 'search', 'create', 'update']) {
      const m = median(valuesMs(fragment, kind));
      expect(m, kind).toBeGreaterThanOrEqual(DELAY * 0.8);
      expect(m, kind).toBeLessThanOrEqual(DELAY * 3);
    }
    expect(valuesMs(fragment, 'create')).toHaveLength(20);

    // A scenario holding the fragment is valid, to fwsim validate and to the simulator.
    const scenarioFile = join(dir, 'calibrated.yaml');
    writeFileSync(scenarioFile, `name: calibrated\nfillers: { count: 2 }\n${fragment}`);
    const v = fwsim(['validate', scenarioFile]);
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    const world = toWorldConfig(parseScenario(readFileSync(scenarioFile, 'utf8'), scenarioFile), 1);
    expect(world.server.workers).toBe(workers);
    expect(world.server.conflictStatus).toBe(412);
    expect(world.server.serviceTime.read.mean / 1000).toBeGreaterThanOrEqual(DELAY * 0.8);

    // Cleanup deleted every resource it created: none is left, by the tag or otherwise.
    expect(await storedResources(server.repo, 'Basic')).toEqual([]);
    expect(r.stderr).toMatch(/cleanup: deleted 22 of 22 resources it created/);
    expect(server.requests.filter((q) => q.startsWith('DELETE '))).toHaveLength(22);
    expect(r.stderr).toMatch(/done: \d+ requests; service time medians \(ms\) read/);
  }, 120_000);

  it('prints the fragment on stdout without --out', async () => {
    const r = await fwsimAsync(['calibrate', '--base', server.base, '--samples', '2', '--concurrency', '1,2']).done;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# fwsim calibrate/);
    expect(parseScenario(`name: s\n${r.stdout}`, 'stdout').server.workers).toBeGreaterThanOrEqual(1);
    expect(await storedResources(server.repo, 'Basic')).toEqual([]);
  }, 60_000);

  it('Ctrl-C in the middle stops sending, cleans up what it created and exits 130', async () => {
    const sent = server.requests.length;
    const run = fwsimAsync(['calibrate', '--base', server.base, '--samples', '40']);
    // Wait until it is creating resources, then interrupt.
    for (let i = 0; i < 600 && !run.stderr().includes('interactions: round'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(run.stderr()).toContain('interactions: round');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.status, r.stderr).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('interrupted: sending nothing more');
    expect(r.stderr).toMatch(/interrupted after \d+ requests: no fragment written; \d+ resources deleted, none left/);
    expect(server.requests.length).toBeGreaterThan(sent);
    // It stopped long before the plan's end (40 rounds and the throughput curve).
    expect(server.requests.slice(sent).filter((q) => q.startsWith('POST '))).not.toHaveLength(82);
    expect(await storedResources(server.repo, 'Basic')).toEqual([]);
  }, 120_000);
});

describe('fwsim calibrate: safety and bad input', () => {
  it('a server that is not on this machine needs --yes: exit 2, nothing sent, and it says why', async () => {
    const nonLoopback = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
    // Listen where that address reaches, so anything sent would be seen.
    const open = await startFhirTestServer({ host: nonLoopback ?? '127.0.0.1' });
    try {
      const base = nonLoopback !== undefined ? open.base : 'http://fhir.example.invalid/r4';
      const r = fwsim(['calibrate', '--base', base]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`not sending anything to ${base} without --yes: it is not a loopback address`);
      expect(r.stderr).toMatch(/it would create 42 Basic resources tagged urn:fhir-workflow-sim:calibration\|<a code of its own>/);
      expect(r.stderr).toContain('then DELETE every resource it created');
      expect(r.stderr).toContain('never production');
      expect(open.requests).toEqual([]);
    } finally {
      await open.close();
    }
  });

  it.each([
    [['--base', 'ftp://localhost/fhir'], /--base: expected an http or https URL/],
    [['--base', 'http://user:pw@localhost/fhir'], /--base: expected no credentials in the URL/],
    [['--base', 'http://localhost/fhir', '--samples', '0'], /--samples: expected a whole number from 1 to 1000, got 0/],
    [['--base', 'http://localhost/fhir', '--concurrency', '2,4'], /--concurrency: expected the list to include 1/],
    [['--base', 'http://localhost/fhir', '--timeout', 'soon'], /--timeout: expected a duration > 0 such as 10s, got "soon"/],
    [['--base', 'http://localhost/fhir', '--header', 'no colon'], /--header: expected "Name: value", got "no colon"/],
    [['--base', 'http://localhost/fhir', '--bearer-env', 'FWSIM_TEST_NO_SUCH_VARIABLE'], /--bearer-env: the environment variable FWSIM_TEST_NO_SUCH_VARIABLE is not set/],
    [['--base', 'http://localhost/fhir', '--out', '/no/such/folder/x.yaml'], /--out: no folder \/no\/such\/folder/],
  ])('refuses %j with exit 2', (args, message) => {
    const r = fwsim(['calibrate', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('an unreachable server fails before writing anything: exit 1, nothing to clean up', async () => {
    // A loopback port nobody listens on any more.
    const gone = await startFhirTestServer();
    const base = gone.base;
    await gone.close();
    const r = fwsim(['calibrate', '--base', base, '--timeout', '2s']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`calibration failed: GET ${base}/metadata: ECONNREFUSED`);
    expect(r.stderr).toContain('0 resources deleted, none left');
  });
});
