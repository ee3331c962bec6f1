/**
 * POST /staff/cases/{caseNumber}/actions — an action form of the case page: the same action as
 * the JSON API's, then 303 back to the case page, which says it is done. A form with errors comes
 * back with them (400); a stale or refused step shows the case as it is now (409, 403).
 */
import { staffDeps } from '#adapters/staff-deps.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { type FieldError, fieldErrors } from '#contracts/problem.ts';
import { ActionSchema, type ActionType, type StaffCaseView } from '#contracts/staff.ts';
import { IllegalTransitionError, NotAllowedError, STATUS_LABELS } from '#core/lifecycle.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { shanghaiDate } from '#core/time.ts';
import {
  ActionInputError,
  ActionRefusedError,
  CaseNotFoundError,
  ConcurrentChangeError,
} from '#core/transitions.ts';
import { caseNotFoundPage, casePage, casePath } from '#functions/pages/staff/case.ts';
import {
  formErrors,
  isActionType,
  pageErrors,
  readAction,
} from '#functions/pages/staff/case-actions.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { casePageAnswer } from '#platform/staff-case.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const deps = staffDeps();

/** A refusal of the core as the problem the page shows, or undefined for any other error. */
function refusal(error: unknown): { status: number; title: string; detail: string } | undefined {
  if (error instanceof ConcurrentChangeError)
    return {
      status: 409,
      title: '这个案件刚刚被其他人更新了',
      detail: '下面是案件的最新情况。请核对后再办理，您填写的内容还在表单里。',
    };
  if (error instanceof IllegalTransitionError)
    return {
      status: 409,
      title: '目前不能办理这一步',
      detail: `案件当前状态为“${STATUS_LABELS[error.status]}”，不能进行这项操作。`,
    };
  if (error instanceof ActionRefusedError)
    return { status: 409, title: '目前不能办理这一步', detail: error.reason };
  if (error instanceof NotAllowedError)
    return {
      status: 403,
      title: '您不能进行这项操作',
      detail: '这一步只能由承办单位或有相应权限的人员办理。',
    };
  return undefined;
}

export const handler = staffPageHandler(logger, async ({ event, principal, viewer, form }) => {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  const notFound = () => htmlPage(404, caseNotFoundPage(viewer, caseNumber));
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) return notFound();
  const today = shanghaiDate(deps.clock.now());
  // Read only for a page shown again; the days its forms' hints state.
  const policy = () => deps.settings.deadlines();
  const type = form.get('type');
  const body = readAction(form);
  const parsed = ActionSchema.safeParse(body);
  /** The form again, with its errors at their fields (400), on the case as `view` read it. */
  const withErrors = async (t: ActionType, errors: FieldError[], view: StaffCaseView) =>
    casePageAnswer(
      400,
      casePage(view, viewer, {
        failed: { type: t, form, errors: formErrors(t, errors, body) },
        today,
        policy: await policy(),
      }),
    );
  try {
    if (!parsed.success) {
      const view = await staffCase(caseNumber, principal, deps);
      if (!isActionType(type) || !view.allowedActions.includes(type)) {
        const problem = {
          title: '目前不能办理这一步',
          detail: '案件的情况或您的权限已经变化，下面是案件的最新情况。',
        };
        return casePageAnswer(
          409,
          casePage(view, viewer, { problem, today, policy: await policy() }),
        );
      }
      return withErrors(type, fieldErrors(parsed.error.issues), view);
    }
    const asked = pageErrors(parsed.data);
    if (asked.length) {
      return withErrors(parsed.data.type, asked, await staffCase(caseNumber, principal, deps));
    }
    await performAction(caseNumber, parsed.data, principal, deps);
  } catch (error) {
    if (error instanceof CaseNotFoundError) return notFound();
    // A value the case refuses (a date after today…): at its field, as the schema's errors are.
    if (error instanceof ActionInputError && isActionType(type)) {
      const view = await staffCase(caseNumber, principal, deps);
      return withErrors(type, [{ pointer: error.pointer, detail: error.reason }], view);
    }
    const refused = refusal(error);
    if (!refused) throw error;
    const { status, ...found } = refused;
    const view = await staffCase(caseNumber, principal, deps);
    // The answers are kept only where the form still is: a step another tab already did has no
    // form left (a staff review, 2026-12-05, was told 「您填写的内容还在表单里」 with none on the page).
    const formKept = isActionType(type) && view.allowedActions.includes(type);
    const problem =
      error instanceof ConcurrentChangeError && !formKept
        ? { ...found, detail: '下面是案件的最新情况：这一步已经有人办过，或者现在不能再办理。' }
        : found;
    // The answers stay in their form, now carrying the case's new version.
    const failed = isActionType(type) ? { type, form, errors: [] } : undefined;
    return casePageAnswer(
      status,
      casePage(view, viewer, {
        problem,
        today,
        policy: await policy(),
        ...(failed ? { failed } : {}),
      }),
    );
  }
  logger.info('action', { caseNumber, action: parsed.data.type, unit: principal.unit });
  return seeOther(`${casePath(caseNumber)}?done=${parsed.data.type}`);
});
