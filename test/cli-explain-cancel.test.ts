import { describe, expect, it } from 'vitest';
import { fwsim } from './support/cli.js';

// `fwsim explain <D-G> --cancel` traces the tiny world's order cancelled 3 min after placing:
// the filler has started its 10 min of work in every Task pattern by then.
describe('fwsim explain --cancel: the cancel sequence of each ownership, traced', () => {
  it('D and F by default: the filler owns the Task, the placer POSTs an abort Task and learns the outcome by its poll', () => {
    for (const id of ['D', 'F']) {
      const r = fwsim(['explain', id, '--cancel', '--no-mermaid']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('the placer cancels after 3min (auto ownership)');
      expect(r.stdout).toMatch(/t=181\.000s {2}placer\/0 -> filler\/0: POST Task If-None-Exist identifier=abort-filler\/0\/fhir\/Task\/\d+ {2}=> 201/);
      expect(r.stdout).not.toContain('cancelled by placer');
      expect(r.stdout).toContain('outcome cancelled');
    }
  });

  it('E and G by default: the placer owns the Task and PUTs it cancelled with If-Match; the working filler learns at completion (412)', () => {
    for (const id of ['E', 'G']) {
      const r = fwsim(['explain', id, '--cancel', '--no-mermaid']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('placer/0 -> intermediary: PUT Task/2 If-Match W/"3" (status=cancelled, businessStatus=cancelled by placer)  => 200');
      expect(r.stdout).toMatch(/filler\/0 -> intermediary: POST \/ \(transaction: POST DiagnosticReport, PUT Task\/2 If-Match W\/"3" \(completed\)\) {2}=> 412/);
      expect(r.stdout).toContain('outcome cancelled');
    }
  });

  it('--ownership placer --no-if-match: D\'s placer PUTs the cancel blindly', () => {
    const r = fwsim(['explain', 'D', '--cancel', '--ownership', 'placer', '--no-if-match', '--no-mermaid']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('clients without If-Match');
    expect(r.stdout).toContain('placer/0 -> filler/0: PUT Task/1 (status=cancelled, businessStatus=cancelled by placer)  => 200');
  });

  it('refuses --cancel for a pattern without Tasks (exit 2, the reason on stderr)', () => {
    const r = fwsim(['explain', 'A', '--cancel']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cancellation is an option of the Task patterns D, E, F, G, not of A');
    expect(r.stdout).toBe('');
  });
});
