/**
 * A server under test in its own child process: started on given cores, ready when an HTTP URL
 * answers, its RSS readable from /proc, and stopped with SIGTERM (SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCores, type Cores } from './pin.ts';

export interface ChildServer {
  readonly name: string;
  /** Base URL on loopback, no trailing slash. */
  readonly url: string;
  readonly pid: number;
  /** Resident set size in MiB, or undefined where /proc is not there. */
  rssMiB(): number | undefined;
  /** CPU seconds (user + system, every thread) the process has used so far, or undefined without /proc. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** A free loopback port (there is a small race between closing it and the child binding it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function rssMiBOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ), which is what /proc/<pid>/stat reports. */
const USER_HZ = 100;

export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return undefined;
  }
}

export interface StartOptions {
  readonly name: string;
  readonly cores: Cores;
  /** Arguments to node (script first). */
  readonly nodeArgs: readonly string[];
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly url: string;
  /** A path under `url` that answers 2xx once the server is ready. */
  readonly readyPath: string;
  readonly readyTimeoutMs?: number;
}

export async function startChild(options: StartOptions): Promise<ChildServer> {
  const { command, args } = onCores(options.cores, process.execPath, options.nodeArgs);
  // stdout (request logs, if any) goes to /dev/null: the orchestrator must not spend core 1 reading it.
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited (${signal ?? code})`;
      resolve();
    });
  });
  const stop = async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(killer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`${options.name} ${exited} before it was ready:\n${stderr}`);
    try {
      const res = await fetch(`${options.url}${options.readyPath}`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} not ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${stderr}`);
    }
    await sleep(100);
  }
  return { name: options.name, url: options.url, pid: child.pid!, rssMiB: () => rssMiBOf(child.pid!), cpuSeconds: () => cpuSecondsOf(child.pid!), stop };
}
