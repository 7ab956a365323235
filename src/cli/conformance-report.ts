/** Prints what `fwsim conformance` found: a line per pattern, the known differences with their reasons, and any disagreement in full. */

import type { ScenarioConformance } from '../conformance/index.js';

/** Writes the findings of a conformance check to stdout. */
export function printConformance(scenario: string, server: string, r: ScenarioConformance): void {
  const at = Object.entries(r.values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  console.log(`${scenario}: sweep point ${r.point}${at !== '' ? ` (${at})` : ''}, replication ${r.replication}, seed ${r.seed}, replayed against ${server} (FhirRouter on a MemoryRepository per simulated server)`);
  const head = ['pattern', 'orders', 'interactions', 'replayed', 'agreed', 'known', 'unexplained', 'not replayed'];
  const rows = r.checks.map((c) => {
    const known = c.known.reduce((n, k) => n + k.count, 0);
    const skipped = Object.entries(c.notReplayed).map(([name, n]) => `${n} ${name}`).join(', ');
    return [c.pattern, String(c.orders), String(c.interactions), String(c.replayed), String(c.agreed), String(known), String(c.disagreements), skipped === '' ? '-' : skipped];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  console.log(line(head));
  for (const row of rows) console.log(line(row));
  const known = r.checks.flatMap((c) => c.known.map((k) => ({ pattern: c.pattern, ...k })));
  if (known.length > 0) {
    console.log('\nknown differences (not failures):');
    for (const k of known) {
      console.log(`  ${k.pattern}  ${k.id} x${k.count}: ${k.title}`);
      console.log(`      why: ${k.reason}`);
      console.log(`      first: ${k.example}`);
    }
  }
  const bad = r.checks.filter((c) => c.disagreements > 0);
  if (bad.length === 0) {
    console.log(`\nunexplained disagreements: none (${r.checks.reduce((n, c) => n + c.replayed, 0)} answers compared)`);
    return;
  }
  console.log('\nunexplained disagreements:');
  for (const c of bad) {
    console.log(`  ${c.pattern}: ${c.disagreements}${c.examples.length < c.disagreements ? ` (first ${c.examples.length})` : ''}`);
    for (const d of c.examples) console.log(`    #${d.seq} at ${d.at.toFixed(3)} s, ${d.actor} -> ${d.server}: ${d.request}\n        here: ${d.ours}\n        Medplum: ${d.theirs}`);
  }
}
