/**
 * The share of a core's time the hypervisor gave to someone else ("steal" in /proc/stat). These
 * machines are virtual and share their host: 10–17% of core 0's time was stolen over whole
 * sessions here, in bursts of 13–41% of a 150 ms stretch. A stolen stretch of the server's core
 * (0) stalls the server; one of the load generator's core (1) stalls the sender, and the open-loop
 * sender counts its own lateness as latency. Either lowers the rate and stretches latencies
 * whatever the server does, so each measurement reports how much was stolen from both.
 */
import { readFileSync } from 'node:fs';
import { LOAD_CORE, SERVER_CORE } from './pin.ts';

interface CoreTicks {
  readonly steal: number;
  readonly total: number;
}

/** Clock ticks of both cores since boot, as read at one moment. */
export interface Ticks {
  readonly server: CoreTicks | undefined;
  readonly load: CoreTicks | undefined;
}

/** The share (0–1) of each core's time stolen over a measurement; undefined where unreadable. */
export interface Steal {
  readonly server: number | undefined;
  readonly load: number | undefined;
}

/** `cpuN user nice system idle iowait irq softirq steal …`: all states, and steal alone. */
function ticksOf(stat: string, core: string): CoreTicks | undefined {
  const line = stat.split('\n').find((l) => l.startsWith(`cpu${core} `));
  if (line === undefined) return undefined;
  // guest and guest_nice (fields 9 and 10) are already counted in user and nice.
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((f) => !Number.isFinite(f))) return undefined;
  return { steal: fields[7]!, total: fields.reduce((a, b) => a + b, 0) };
}

export function readTicks(): Ticks {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return { server: undefined, load: undefined };
  }
  return { server: ticksOf(stat, SERVER_CORE), load: ticksOf(stat, LOAD_CORE) };
}

function share(before: CoreTicks | undefined, after: CoreTicks | undefined): number | undefined {
  if (before === undefined || after === undefined || after.total <= before.total) return undefined;
  return (after.steal - before.steal) / (after.total - before.total);
}

export function stealBetween(before: Ticks, after: Ticks): Steal {
  return { server: share(before.server, after.server), load: share(before.load, after.load) };
}

/** Starts watching; the function returned gives what was stolen since. */
export function watchSteal(): () => Steal {
  const before = readTicks();
  return () => stealBetween(before, readTicks());
}

/**
 * Whether neither core lost a clock tick (10 ms) to other guests. Nothing less will do for a p99:
 * at 80% busy one 20 ms stall backs up requests for about 100 ms more while the queue drains, and
 * 2 s stretches that lost 1% of each core (20 ms) had p99s of 35-52 ms.
 */
export function untouched(steal: Steal | undefined): boolean {
  return steal?.server === 0 && steal.load === 0;
}

/** "3% / 12%": core 0 (server), core 1 (load generator). */
export function showSteal(steal: Steal | undefined): string {
  const percent = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(0)}%`);
  return steal === undefined ? '–' : `${percent(steal.server)} / ${percent(steal.load)}`;
}
