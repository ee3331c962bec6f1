/** The intake form's first step, built once; the next steps are rendered by the API. */
import { applyStepPage } from '#functions/pages/apply.ts';
import { emptyDraft } from '#functions/pages/draft.ts';

export const GET = () =>
  new Response(applyStepPage('payer', emptyDraft(), { fresh: true }).text, {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
