// What a process on this machine has used so far, from Linux's /proc (worker threads included): for the
// hostile-input suite and the benchmarks, which measure a server they started (or a cluster's nodes).
import { readFileSync } from "node:fs";

/** CPU time (user + system) so far: fields 14 and 15 of /proc/PID/stat, in ticks of 10 ms (USER_HZ 100). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory now, and CPU time so far. */
export function serverUsage(pid: number): { rssMb: number; cpuMs: number } {
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return { rssMb: rssKb / 1024, cpuMs: processCpuMs(pid) };
}
