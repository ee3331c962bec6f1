/**
 * The local stack's processes from /proc: the runtime's Node process and every process under it
 * (DynamoDB Local's Java and its shell watchdog). (e) reads their resident memory; (a) reads the
 * CPU time each spent, to show where intake's time goes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { quantile } from './stats.ts';

export interface ProcessRss {
  pid: number;
  name: string;
  rssMb: number;
}

/** Fields of /proc/<pid>/stat after the command name, which may hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // Gone meanwhile.
  }
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

function rssMbOf(pid: number): ProcessRss | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    const name = /^Name:\s+(.+)$/m.exec(status)?.[1] ?? '?';
    return { pid, name, rssMb: kb / 1024 };
  } catch {
    return undefined;
  }
}

/** `root` and its descendants. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** `root` and its descendants, each with its resident set. */
export function treeRss(root: number): ProcessRss[] {
  return tree(root).flatMap((pid) => rssMbOf(pid) ?? []);
}

/** CPU seconds (user + system) spent so far by `root` and its descendants, by process name. */
export function treeCpu(root: number): Record<string, number> {
  const ticks = 100; // USER_HZ on Linux.
  const out: Record<string, number> = {};
  for (const pid of tree(root)) {
    const fields = statFields(pid);
    const name = rssMbOf(pid)?.name;
    if (!fields || !name) continue;
    out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticks;
  }
  return out;
}

/** Measures the CPU seconds the stack (by process name) and this process spend in `work`. */
export async function cpuDuring<T>(
  root: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuSeconds: Record<string, number> }> {
  const before = treeCpu(root);
  const self = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(self);
  const after = treeCpu(root);
  const cpuSeconds: Record<string, number> = { bench: (used.user + used.system) / 1e6 };
  for (const [name, s] of Object.entries(after)) cpuSeconds[name] = s - (before[name] ?? 0);
  return { result, cpuSeconds };
}

export const totalMb = (tree: readonly ProcessRss[]) => tree.reduce((s, p) => s + p.rssMb, 0);

/** Samples the tree's total every `everyMs` until stopped; keeps the peak sample's breakdown. */
export function sampleRss(root: number, everyMs = 250) {
  const totals: number[] = [];
  let peak: ProcessRss[] = [];
  const take = () => {
    const tree = treeRss(root);
    const total = totalMb(tree);
    totals.push(total);
    if (total >= totalMb(peak)) peak = tree;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        peakMb: totalMb(peak),
        medianMb: quantile(totals, 0.5),
        samples: totals.length,
        peak: byName(peak),
      };
    },
  };
}

/** MB per process name (node, java, sh, esbuild), for the table's breakdown. */
export function byName(tree: readonly ProcessRss[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of tree) out[p.name] = (out[p.name] ?? 0) + p.rssMb;
  return out;
}
