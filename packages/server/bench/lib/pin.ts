/**
 * CPU pinning with taskset: the server under test on core 0, the load generator on core 1, so the
 * two never compete for one core. Where taskset (or a second core) is missing, everything runs
 * unpinned and the report says so.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Which cores a process may use: `server` for one pinned core, `both` for the whole machine. */
export type Cores = 'server' | 'both';

export const SERVER_CORE = '0';
export const LOAD_CORE = '1';

function detect(): { pinned: boolean; why: string } {
  if (process.platform !== 'linux') return { pinned: false, why: `taskset is Linux-only (this is ${process.platform})` };
  if (availableParallelism() < 2) return { pinned: false, why: 'fewer than 2 cores available' };
  const probe = spawnSync('taskset', ['-c', SERVER_CORE, 'true'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) return { pinned: false, why: 'taskset not found (install util-linux)' };
  return { pinned: true, why: `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}` };
}

export const pinning = detect();

/** The cpu list for taskset -c. */
function cpuList(cores: Cores): string {
  return cores === 'server' ? SERVER_CORE : `${SERVER_CORE},${LOAD_CORE}`;
}

/**
 * The command line that runs `command args` on `cores`. Always explicit, because children
 * inherit the orchestrator's own affinity (core 1) otherwise.
 */
export function onCores(cores: Cores, command: string, args: readonly string[]): { command: string; args: string[] } {
  if (!pinning.pinned) return { command, args: [...args] };
  return { command: 'taskset', args: ['-c', cpuList(cores), command, ...args] };
}

/** Moves this process (every thread it has) to the load core, where autocannon runs. */
export function pinSelfToLoadCore(): void {
  if (!pinning.pinned) return;
  const res = spawnSync('taskset', ['-a', '-p', '-c', LOAD_CORE, String(process.pid)], { stdio: 'ignore' });
  if (res.status !== 0) throw new Error(`taskset could not pin the benchmark (pid ${process.pid}) to core ${LOAD_CORE}`);
}
