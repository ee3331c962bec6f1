/**
 * Lets bundled CommonJS dependencies call `require` for Node built-ins inside an ESM bundle,
 * which has no `require` of its own ("Dynamic require of "x" is not supported" otherwise). The
 * deployed functions and the bench's copies of them use it.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
