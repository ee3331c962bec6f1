/**
 * The local runtime's check of each AWS call against the calling function's manifest grants
 * (infra/local/grants.ts), which the runtime puts on globalThis before loading any handler.
 * Nothing sets it in AWS, where IAM makes the same check; so there `guarded` adds nothing and
 * `localGrants()` is undefined. Imports nothing, so that a function's bundle gains no SDK client
 * through it.
 */

export interface LocalGrants {
  /** Adds the check to a client's middleware stack. */
  guard(client: { middlewareStack: unknown }): void;
  /** Checks a call a local stand-in of an AWS service makes (outbox, local files, env secrets). */
  check(clientName: string, commandName: string, input: Record<string, unknown>): void;
}

/** The local runtime's grant check, or undefined (in AWS, and where it is switched off). */
export function localGrants(): LocalGrants | undefined {
  return (globalThis as Record<symbol, LocalGrants | undefined>)[
    Symbol.for('si-disputes.local-grants')
  ];
}

/** `client`, with the local grant check when the local runtime runs it; as it is in AWS. */
export function guarded<C extends { middlewareStack: unknown }>(client: C): C {
  localGrants()?.guard(client);
  return client;
}
