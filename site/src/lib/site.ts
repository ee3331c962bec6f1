/** Names every page shows. */
export { COUNTY, SERVICE_NAME } from '#functions/pages/layout.ts';

/** JSON for a `<script type="application/json">` data island: `<` escaped so it cannot close the tag. */
export function dataIsland(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}
