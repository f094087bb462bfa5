import { setPriority } from "node:os";

/**
 * Lowers the scheduling priority of the calling worker thread (Linux applies setpriority to the calling
 * thread when given pid 0). When PDF work saturates the machine, the event loop — the status page, the
 * waiting page, health checks — still gets the CPU first; the PDF work only waits a little longer.
 */
export function lowerThreadPriority(niceness = 10) {
  try {
    setPriority(0, niceness);
  } catch {
    // Not permitted or not supported here: run at normal priority.
  }
}
