/**
 * A stored report as a file to save: CSV for any spreadsheet, XLSX for Excel. The JSON API
 * (`?format=`) and the staff pages' plain download links (which work without JavaScript) answer
 * with the same bytes and headers.
 */

import type { Report } from '#core/report.ts';
import { reportToCsv } from '#formats/csv.ts';
import { reportToXlsx } from '#formats/xlsx.ts';
import type { HttpResult } from './http.ts';

export const REPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Characters Windows does not allow in a file name, and runs of white space. */
const unsafeInFileName = /[\\/:*?"<>|\s]+/g;

/**
 * `attachment` with the report's title as the file's name (RFC 6266 / RFC 8187 `filename*`, read
 * by every current browser), and its ASCII id for the clients that read only `filename`.
 */
function disposition(report: Report, ext: string): string {
  const title = report.title.replace(unsafeInFileName, ' ').trim() || report.id;
  const ascii = report.id.replace(/[^A-Za-z0-9._-]/g, '-');
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${title}.${ext}`)}`;
}

/** The report as a download. XLSX is binary: base64 with `isBase64Encoded`, as API Gateway needs. */
export function reportDownload(report: Report, format: ReportFormat): HttpResult {
  const common = {
    'content-disposition': disposition(report, format),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (format === 'csv') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', ...common },
      body: reportToCsv(report),
    };
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ...common,
    },
    body: Buffer.from(reportToXlsx(report)).toString('base64'),
    isBase64Encoded: true,
  };
}
