// State that must exist once per process. Next bundles the front door (through instrumentation), the
// route handlers and the pages separately: each bundle has its own copy of every module, so a module-level
// variable would exist once per bundle. They all share the process's globalThis, so such state is kept
// there, under one key per name (`Symbol.for("emeterai.<name>")`).

const keyOf = (name: string) => Symbol.for(`emeterai.${name}`);
const holder = globalThis as unknown as Record<symbol, unknown>;

/** The process's one value under `name`, created by `create` on first use. */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = keyOf(name);
  if (!(key in holder)) holder[key] = create();
  return holder[key] as T;
}

/** The value under `name` if it was created, without creating it. */
export function peekProcessSingleton<T>(name: string): T | undefined {
  return holder[keyOf(name)] as T | undefined;
}

/** Replaces (or, with `undefined`, forgets) the value under `name`: tests, and a failed start retried later. */
export function setProcessSingleton<T>(name: string, value: T | undefined): void {
  if (value === undefined) delete holder[keyOf(name)];
  else holder[keyOf(name)] = value;
}
