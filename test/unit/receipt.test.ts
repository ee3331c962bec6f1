/**
 * The filing SMS (issue 13) without I/O: to a mobile only, once per filing (never for a retry),
 * with the number and without the code; and a notifier that fails does not fail the filing.
 */
import { describe, expect, it } from 'vitest';
import { renderNotification } from '#core/notifications.ts';
import type { Notifier } from '#core/ports.ts';
import { sendFilingReceipt } from '#core/receipt.ts';
import { recordingNotifier } from '#test/fixtures/ports.ts';

const filed = { caseNumber: '2026-000042', replayed: false };
const person = (phone?: string) => ({ kind: 'person', phone });

describe('sendFilingReceipt', () => {
  it('texts a mobile the case number', async () => {
    const notifier = recordingNotifier();
    expect(await sendFilingReceipt(filed, person('13812345678'), { notifier })).toBe('sent');
    expect(notifier.sent).toEqual([
      { kind: 'filed', phone: '13812345678', caseNumber: '2026-000042' },
    ]);
  });

  it('sends nothing for a retry of the same filing', async () => {
    const notifier = recordingNotifier();
    const outcome = await sendFilingReceipt({ ...filed, replayed: true }, person('13812345678'), {
      notifier,
    });
    expect(outcome).toBe('replayed');
    expect(notifier.sent).toEqual([]);
  });

  it.each([['0476-1234567'], ['010-12345678'], [undefined]])(
    'sends nothing to %s, which is no mobile',
    async (phone) => {
      const notifier = recordingNotifier();
      expect(await sendFilingReceipt(filed, person(phone), { notifier })).toBe('no-mobile');
      expect(notifier.sent).toEqual([]);
    },
  );

  it('sends nothing to a lead’s mobile: whoever called holds no access code to look with', async () => {
    const notifier = recordingNotifier();
    const outcome = await sendFilingReceipt(
      filed,
      { kind: 'lead', phone: '13812345678' },
      {
        notifier,
      },
    );
    expect(outcome).toBe('lead');
    expect(notifier.sent).toEqual([]);
  });

  it('reports a failed send instead of throwing: the case is already stored', async () => {
    const failing: Notifier = {
      notify: async () => {
        throw new Error('SNS throttled');
      },
    };
    await expect(
      sendFilingReceipt(filed, person('13812345678'), { notifier: failing }),
    ).resolves.toBe('failed');
  });
});

describe('the filing SMS text', () => {
  it('starts with the service’s signature, gives the number and where to look, and no code', () => {
    const m = renderNotification({
      kind: 'filed',
      phone: '13812345678',
      caseNumber: '2026-000042',
    });
    expect(m).toMatchObject({ channel: 'sms', to: '13812345678' });
    expect(m.body).toMatch(/^【翁牛特旗社保费争议】/);
    expect(m.body).toContain('受理编号 2026-000042');
    expect(m.body).toContain('“查看办理进度”');
    expect(m.body).toContain('12345');
    expect(m.body).not.toMatch(/[A-HJ-NP-Z2-9]{12}/);
  });
});
