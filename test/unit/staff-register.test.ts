/** The registration form's reading of a post (functions/pages/staff/register.ts), without I/O. */
import { describe, expect, it } from 'vitest';
import { tidyDate } from '#functions/pages/draft.ts';
import { postRegistration } from '#functions/pages/staff/register.ts';
import { residentId } from '#test/fixtures/cases.ts';

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const TODAY = '2026-12-05';

const oneMatter = {
  'matters[0].type': 'base',
  'matters[0].insurance': 'pension',
  'matters[0].period.from': '2024-07',
  'matters[0].period.to': '2024-12',
};

describe('the registration form', () => {
  it('reads a date typed without a date picker', () => {
    expect(tidyDate('2026/1/20')).toBe('2026-01-20');
    expect(tidyDate('２０２６．０１．２０')).toBe('2026-01-20');
    expect(tidyDate('2026年1月20日')).toBe('2026-01-20');
    expect(tidyDate('昨天')).toBe('昨天');
  });

  it('registers only with 「登记」 (or no button at all): adding at ten matters or removing the last changes nothing', () => {
    const ten = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`matters[${i}].type`, 'base']),
    );
    const add = postRegistration(form({ ...ten, action: 'add-matter' }), TODAY);
    expect(add.kind).toBe('again');
    expect(add.values.matters).toHaveLength(10);
    const remove = postRegistration(form({ ...oneMatter, action: 'remove-0' }), TODAY);
    expect(remove.kind).toBe('again');
    expect(remove.values.matters).toHaveLength(1);
  });

  it('gives the API’s request, numbers tidied, when every answer is there', () => {
    const outcome = postRegistration(
      form({
        channel: 'hotline-12345',
        registeredOn: '2026/1/20',
        'payer.kind': 'person',
        'payer.name': '巴特尔',
        'payer.idNumber': residentId(),
        'payer.phone': '139-1234-5678',
        ...oneMatter,
        description: '来电反映缴费基数有误。',
      }),
      TODAY,
    );
    expect(outcome.kind).toBe('valid');
    if (outcome.kind !== 'valid') return;
    expect(outcome.request).toMatchObject({
      channel: 'hotline-12345',
      registeredOn: '2026-01-20',
      payer: { phone: '13912345678' },
      matters: [
        { type: 'base', insurance: ['pension'], period: { from: '2024-07', to: '2024-12' } },
      ],
    });
  });

  it('refuses the payer’s own online channel, which is not a window’s', () => {
    const outcome = postRegistration(form({ channel: 'online', ...oneMatter }), TODAY);
    expect(outcome.kind).toBe('errors');
    if (outcome.kind !== 'errors') return;
    expect(outcome.errors.map((e) => e.pointer)).toContain('/channel');
  });

  it('names a date after today beside the other faults, not in a second round', () => {
    // A missing name, a period ending next month and a form dated tomorrow
    const outcome = postRegistration(
      form({
        channel: 'window',
        registeredOn: '2026-12-06',
        'payer.kind': 'person',
        'payer.phone': '13912345678',
        'matters[0].type': 'base',
        'matters[0].insurance': 'pension',
        'matters[0].period.from': '2026-06',
        'matters[0].period.to': '2027-01',
        description: '来访反映缴费基数有误。',
      }),
      TODAY,
    );
    expect(outcome.kind).toBe('errors');
    if (outcome.kind !== 'errors') return;
    expect(outcome.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/payer/name' }),
        { pointer: '/registeredOn', detail: '登记日期不能晚于今天（2026年12月5日）' },
        {
          pointer: '/matters/0/period/to',
          detail: '截止年月不能晚于本月（2026年12月）：还没到期的费用不会有争议',
        },
      ]),
    );
    expect(outcome.errors.filter((e) => e.pointer === '/registeredOn')).toHaveLength(1);
  });
});
