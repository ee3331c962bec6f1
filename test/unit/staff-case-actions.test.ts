/**
 * The case page's action forms read back into the JSON API's actions (issue 11): what a browser
 * posts, urlencoded, becomes the body ActionSchema checks, and the schema's errors land on the
 * fields of the form that was sent.
 */
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '#contracts/problem.ts';
import { ActionSchema } from '#contracts/staff.ts';
import { formErrors, formPointers, readAction } from '#functions/pages/staff/case-actions.ts';

const posted = (fields: [string, string][]) => new URLSearchParams(fields);

describe('reading an action form', () => {
  it('turns days into a number, yes/no into a boolean and the version into a number', () => {
    expect(
      readAction(
        posted([
          ['type', 'request-extension'],
          ['days', '３'],
          ['reason', ' 调档案 '],
          ['version', '4'],
        ]),
      ),
    ).toEqual({ type: 'request-extension', days: 3, reason: '调档案', version: 4 });
    expect(
      readAction(
        posted([
          ['type', 'decide-extension'],
          ['approve', 'false'],
          ['note', ''],
          ['version', '5'],
        ]),
      ),
    ).toEqual({ type: 'decide-extension', approve: false, version: 5 });
  });

  it('leaves out empty answers and fields the action does not have, so the schema names them', () => {
    const body = readAction(
      posted([
        ['type', 'respond'],
        ['answer', '  '],
        ['note', '别的表单的'],
        ['version', '2'],
      ]),
    );
    expect(body).toEqual({ type: 'respond', version: 2 });
    const parsed = ActionSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(formErrors('respond', fieldErrors(parsed.error.issues), body)).toEqual([
      { pointer: '/respond/answer', detail: '请填写书面答复内容' },
    ]);
    expect(formPointers('respond')).toEqual(['/respond/answer']);
  });

  it('gives a consultation the positions of the units ticked, in their order, and puts a missing one on its box', () => {
    const body = readAction(
      posted([
        ['type', 'record-consultation'],
        ['date', '2026-11-26'],
        ['units', 'tax'],
        ['units', 'si-center'],
        ['position-hrss', '没有勾选的单位'],
        ['position-tax', '税务意见'],
        ['position-si-center', ''],
        ['conclusion', '结论'],
        ['minutes', '纪要'],
        ['lead', 'si-center'],
        ['version', '3'],
      ]),
    );
    expect(body).toMatchObject({
      units: ['tax', 'si-center'],
      positions: [{ unit: 'tax', position: '税务意见' }, { unit: 'si-center' }],
    });
    const parsed = ActionSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = formErrors('record-consultation', fieldErrors(parsed.error.issues), body);
    expect(errors).toEqual([
      { pointer: '/record-consultation/position-si-center', detail: '请填写该单位意见' },
    ]);
    expect(formPointers('record-consultation')).toContain(
      '/record-consultation/position-si-center',
    );
  });

  it('reads an unknown type as nothing but the type, which the schema refuses', () => {
    const body = readAction(
      posted([
        ['type', 'delete-everything'],
        ['version', '1'],
      ]),
    );
    expect(body).toEqual({ type: 'delete-everything' });
    expect(ActionSchema.safeParse(body).success).toBe(false);
  });
});
