/**
 * The share of a core's time the hypervisor gave to someone else ("steal" in /proc/stat). These
 * machines are virtual and share their host: 10–17% of core 0's time was stolen over whole
 * sessions here, in bursts. A stolen stretch lowers the rate and lengthens latencies whatever the
 * server does, so each measurement reports how much was stolen while it ran.
 */
import { readFileSync } from 'node:fs';

export interface CoreTicks {
  readonly steal: number;
  readonly total: number;
}

/** Clock ticks of `core` since boot (all states, and steal alone), or undefined without /proc. */
export function coreTicks(core: string, stat?: string): CoreTicks | undefined {
  let text = stat;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/stat', 'utf8');
    } catch {
      return undefined;
    }
  }
  // cpuN user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const line = text.split('\n').find((l) => l.startsWith(`cpu${core} `));
  if (line === undefined) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((f) => !Number.isFinite(f))) return undefined;
  return { steal: fields[7]!, total: fields.reduce((a, b) => a + b, 0) };
}

/** The share of the core's time stolen between two readings (0–1), or undefined. */
export function stealBetween(before: CoreTicks | undefined, after: CoreTicks | undefined): number | undefined {
  if (before === undefined || after === undefined || after.total <= before.total) return undefined;
  return (after.steal - before.steal) / (after.total - before.total);
}

/** Starts watching `core`; the function returned gives the share stolen since (0–1), or undefined. */
export function watchSteal(core: string): () => number | undefined {
  const before = coreTicks(core);
  return () => stealBetween(before, coreTicks(core));
}
