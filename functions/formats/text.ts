/**
 * Text the report's output formats (./csv.ts, ./svg.ts, ./xlsx.ts) and the reports page share:
 * percentages as people read them, and XML text that every reader accepts.
 */

/** A fraction 0..1 as a percentage with one decimal, e.g. 0.857 → `85.7%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

// Characters XML 1.0 forbids even when escaped (controls other than tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF): a unit name pasted from a Word document can carry them, and one such character
// makes the whole SVG or XLSX part unreadable.
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops the characters XML 1.0 forbids even when escaped. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return stripXmlIllegal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
