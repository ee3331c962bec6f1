/**
 * The local stack the bench measures: `infra/local/main.ts` in a child process on free loopback
 * ports with a temporary DATA_DIR and the integration tests' settings, as
 * test/fixtures/runtime.ts starts it. It is started through bench/stack-entry.ts rather than by
 * its path, so that clean-ups of test runtimes by name elsewhere on a shared machine (a SIGTERM
 * from outside stopped two bench runs mid-way) leave it alone; it runs the same code.
 */
import { startTestRuntime, type TestRuntime } from '#test/fixtures/runtime.ts';

/** Starts the stack and resolves once it says it is ready. */
export function startStack(): Promise<TestRuntime> {
  return startTestRuntime({ entry: 'bench/stack-entry.ts' });
}
