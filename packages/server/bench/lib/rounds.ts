/**
 * Head to head in alternating rounds. These machines drift (up to 2× between minutes): one run of
 * A now and one of B a minute later compares the machine's moods as much as A and B. So every
 * contender runs once per round, a few seconds each, the order rotating from round to round, and
 * each ratio is taken within a round, then summarised by its median over the rounds (with the
 * range, so the spread is in plain sight).
 */

import { showSteal, type Steal } from './steal.ts';

/**
 * One measured stretch: a rate (per second), where known the CPU µs one unit cost, and what the
 * hypervisor took from the server's and the load generator's cores meanwhile (lib/steal.ts).
 */
export interface Sample {
  readonly rps: number;
  readonly cpuUs: number | undefined;
  readonly steal?: Steal;
}

export interface Contender {
  readonly id: string;
  measure(seconds: number): Promise<Sample>;
}

/** Every contender's sample of every round, in round order. */
export type RoundResults = ReadonlyMap<string, readonly Sample[]>;

export async function alternate(contenders: readonly Contender[], rounds: number, seconds: number, progress: (line: string) => void): Promise<RoundResults> {
  const results = new Map<string, Sample[]>(contenders.map((c) => [c.id, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate, so no contender always runs first (after a pause) or right after the heaviest one.
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    for (const c of order) {
      const sample = await c.measure(seconds);
      results.get(c.id)!.push(sample);
      progress(
        `  round ${round + 1}/${rounds}  ${c.id.padEnd(14)} ${sample.rps.toFixed(0).padStart(7)}/s${sample.cpuUs !== undefined ? `  CPU ${sample.cpuUs.toFixed(0)} µs` : ''}${sample.steal !== undefined ? `  steal ${showSteal(sample.steal)}` : ''}`,
      );
    }
  }
  return results;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarise(values: readonly number[]): Summary | undefined {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const mid = finite.length >> 1;
  const median = finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
  return { median, min: finite[0]!, max: finite[finite.length - 1]! };
}

/** `f` of each round's samples of `a` and `b`, summarised over the rounds. */
export function perRound(results: RoundResults, a: string, b: string, f: (a: Sample, b: Sample) => number | undefined): Summary | undefined {
  const as = results.get(a);
  const bs = results.get(b);
  if (as === undefined || bs === undefined) return undefined;
  return summarise(as.map((s, i) => (bs[i] === undefined ? undefined : f(s, bs[i]))).filter((v): v is number => v !== undefined));
}

/** a's rate over b's, round by round. */
export const rateRatio = (results: RoundResults, a: string, b: string) => perRound(results, a, b, (x, y) => (y.rps > 0 ? x.rps / y.rps : undefined));

/** b's CPU per unit over a's (how many times cheaper a is), round by round. */
export const cpuRatio = (results: RoundResults, a: string, b: string) =>
  perRound(results, a, b, (x, y) => (x.cpuUs !== undefined && y.cpuUs !== undefined && x.cpuUs > 0 ? y.cpuUs / x.cpuUs : undefined));
