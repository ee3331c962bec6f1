/**
 * `DATA_DIR/runtime.json`: where a running local runtime is, for the admin CLI, the scripts and
 * the tests. The runtime writes it when it is ready and removes it when it stops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeInfo {
  url: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  /** The runtime's database on a shared DynamoDB Local (./runtime.ts). */
  accessKeyId: string;
  /** By unit id, and `notifications` (functions/manifest.ts). */
  queueUrls: Record<string, string>;
  deadLetterUrls: Record<string, string>;
  pid: number;
}

export const runtimeInfoFile = (dataDir: string): string => join(dataDir, 'runtime.json');

export function readRuntimeInfo(dataDir: string): RuntimeInfo {
  return JSON.parse(readFileSync(runtimeInfoFile(dataDir), 'utf8')) as RuntimeInfo;
}
