/**
 * GET /api/openapi.json — the OpenAPI 3.1 document of every HTTP route (DESIGN.md §9), built once
 * per process from the manifest and the zod contracts (functions/contracts/openapi.ts).
 */
import { openApiDocument } from '#contracts/openapi.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const document = openApiDocument();

export const handler = httpHandler(logger, async () =>
  // A published document: caches may keep it a few minutes.
  json(200, document, { 'cache-control': 'public, max-age=300' }),
);
