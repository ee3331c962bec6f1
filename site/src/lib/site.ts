/** Names every page shows. */
export const SERVICE_NAME = '社会保险费征缴争议 一站式受理';
export const COUNTY = '翁牛特旗';

/** JSON for a `<script type="application/json">` data island: `<` escaped so it cannot close the tag. */
export function dataIsland(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}
