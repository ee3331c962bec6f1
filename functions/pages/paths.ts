/** Addresses of the payer pages the API renders (a route each) and the static ones. */
import type { Step } from './draft.ts';

export const PAYER_PAGES = [
  'apply-payer',
  'apply-matters',
  'apply-description',
  'apply-check',
  'done',
  'receipt',
  'status',
  'answer',
  'survey',
  'sign-out',
  'time-limits',
] as const;
export type PayerPage = (typeof PAYER_PAGES)[number];

export const pagePath = (page: PayerPage) => `/api/payer/${page}`;
export const stepPath = (step: Step) => pagePath(`apply-${step}`);

/** The static pages where each case page starts: the look-up form. */
export const LOOKUP_PATHS = { status: '/status/', answer: '/answer/', survey: '/survey/' } as const;
export type CasePage = keyof typeof LOOKUP_PATHS;

/** Cookie names. Both are HttpOnly, SameSite=Lax, limited to /api/. */
export const DRAFT_COOKIE = 'si_draft';
export const CASE_COOKIE = 'si_case';
/** The case number this browser just filed: the confirmation's Back leads to it, a look-up's not. */
export const FILED_COOKIE = 'si_filed';
