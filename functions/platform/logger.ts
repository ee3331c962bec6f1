/**
 * Structured logs. Log case numbers, ids and outcomes; never names, ID numbers, phones or
 * dispute text (STYLE.md rule 9, PIPL).
 */
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per function module. In Lambda a process runs one function; the local runtime runs
 * them all in one process, and separate loggers keep one function's context out of another's.
 */
export function functionLogger(): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'si-disputes' });
}
