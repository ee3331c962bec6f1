/** The dead-letter queues, for the administrator: what is in them, and a re-drive per unit. */
import { type Problem, readJson, showProblem } from '../errors.ts';
import { byId, h } from './dom.ts';
import { api, pageData, requireSession } from './session.ts';

interface UnitDeadLetters {
  unit: string;
  depth: number;
  messages: { messageId: string; caseNumber: string | null; receiveCount: number }[];
}

const data = pageData<{
  labels: { units: Record<string, string>; roles: Record<string, string> };
}>();
requireSession(data.labels);
const summary = byId('error-summary');
const unitLabel = (unit: string) => data.labels.units[unit] ?? unit;
const UNAVAILABLE = '网络或系统暂时出了问题，请过几分钟再刷新页面。';
void load();

async function load(): Promise<void> {
  try {
    const response = await api('/api/staff/dead-letters');
    const body = await readJson<{ units?: UnitDeadLetters[] } & Problem>(response);
    if (response.ok && Array.isArray(body?.units)) return show(body.units);
    showProblem(document.body, summary, body?.title ?? '暂时无法读取', body?.detail ?? UNAVAILABLE);
  } catch {
    showProblem(document.body, summary, '暂时无法读取', UNAVAILABLE);
  } finally {
    byId('loading').hidden = true;
  }
}

function show(units: UnitDeadLetters[]): void {
  const waiting = units.filter((u) => u.depth > 0);
  const table = byId('dead-letters');
  table.querySelector('tbody')?.replaceChildren(
    ...waiting.map((u) =>
      h(
        'tr',
        { 'data-unit': u.unit },
        h('th', { scope: 'row' }, unitLabel(u.unit)),
        h('td', {}, String(u.depth)),
        h(
          'td',
          {},
          u.messages
            .map((m) => `${m.caseNumber ?? '（无法识别）'}（收取 ${m.receiveCount} 次）`)
            .join('、') + (u.depth > u.messages.length ? ' 等' : ''),
        ),
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'data-redrive': u.unit,
            },
            '重新投递',
            h('span', { class: 'visually-hidden' }, `（${unitLabel(u.unit)}）`),
          ),
        ),
      ),
    ),
  );
  table.hidden = waiting.length === 0;
  byId('all-clear').hidden = waiting.length > 0;
}

byId('dead-letters').addEventListener('click', async (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('[data-redrive]');
  const unit = button?.dataset.redrive;
  if (!button || !unit) return;
  button.disabled = true;
  try {
    const response = await api(`/api/staff/dead-letters/${encodeURIComponent(unit)}/redrive`, {
      method: 'POST',
      body: '{}',
    });
    const body = await readJson<{ moved?: number } & Problem>(response);
    if (!response.ok) {
      showProblem(
        document.body,
        summary,
        body?.title ?? '重新投递失败',
        body?.detail ?? UNAVAILABLE,
      );
      return;
    }
    byId('redriven-text').textContent =
      `已把${unitLabel(unit)}的 ${body?.moved ?? 0} 条消息放回队列重新处理。如果问题没有排除，它们会在处理 5 次失败后再次出现在这里。`;
    byId('redriven').hidden = false;
    byId('redriven').focus();
    await load();
  } catch {
    showProblem(document.body, summary, '重新投递失败', UNAVAILABLE);
  } finally {
    button.disabled = false;
  }
});
