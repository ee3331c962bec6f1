/**
 * A leaders' report (seed 四(三): 综合分析; 四(四): 监督考核) as plain data: highlights in words and
 * tables of figures. Built from aggregates (issue 5); rendered to SVG charts, CSV and XLSX.
 */

export interface ReportColumn {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'percent';
}

export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  /** Cell values by column key; a percent is a fraction 0..1, null when undefined (no cases). */
  rows: Record<string, string | number | null>[];
  /** Which numeric column to chart, by the text column that labels the bars. */
  chart?: { label: string; value: string };
  /** What a reader needs to read the figures: why the rows can add up to more than the cases. */
  note?: string;
}

export interface Report {
  id: string;
  kind: 'weekly' | 'monthly' | 'on-demand';
  title: string;
  /** Inclusive dates, Asia/Shanghai. */
  period: { from: string; to: string };
  generatedAt: string;
  /** Plain-language findings: spikes, overdue cases, units named for returns. */
  highlights: string[];
  tables: ReportTable[];
  /**
   * The people's reading of the figures (seed 四(三): 总结…特点与风险隐患，制定科学合理的应对措施):
   * written on the stored report by the office, the leading-group office's director or a leader.
   */
  opinion?: ReportOpinion;
}

/** 分析意见和应对措施 on a report, its latest version: who wrote it, when. */
export interface ReportOpinion {
  text: string;
  by: string;
  /** The writer's display name at the time, where the account has one. */
  name?: string;
  at: string;
}
