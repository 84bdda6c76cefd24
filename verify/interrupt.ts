/**
 * Work that must be undone when the run is interrupted (Ctrl-C, SIGTERM from a CI job's timeout):
 * today the scratch document of the round trip. A probe registers its clean-up while it may leave
 * something behind; the process's signal handler runs them, bounded, before exiting.
 */
type Cleanup = () => Promise<void>;

const pending = new Set<Cleanup>();

/** Registers `cleanup` until the returned function is called. */
export function onInterrupt(cleanup: Cleanup): () => void {
  pending.add(cleanup);
  return () => pending.delete(cleanup);
}

export function hasInterruptCleanups(): boolean {
  return pending.size > 0;
}

/** Runs every registered clean-up at once; resolves when all settled or after `boundMs`. */
export async function runInterruptCleanups(boundMs: number): Promise<void> {
  const all = Promise.allSettled([...pending].map((cleanup) => cleanup()));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)))]);
  clearTimeout(timer);
}
