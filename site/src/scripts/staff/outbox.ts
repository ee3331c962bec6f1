/** The local outbox, newest first. */
import { type Problem, readJson, showProblem } from '../errors.ts';
import { byId, h, timeEl } from './dom.ts';
import { api, pageData, requireSession } from './session.ts';

interface Message {
  id: string;
  at: string;
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  body: string;
}

const data = pageData<{
  labels: { units: Record<string, string>; roles: Record<string, string> };
}>();
requireSession(data.labels);
const summary = byId('error-summary');
void main();

async function main(): Promise<void> {
  try {
    const response = await api('/api/staff/outbox');
    const body = await readJson<{ items?: Message[] } & Problem>(response);
    if (response.ok && Array.isArray(body?.items)) return show(body.items);
    if (response.status === 404) {
      showProblem(
        document.body,
        summary,
        '发件箱只在本地运行时使用',
        '部署到云上以后，消息通过电子邮件和手机短信直接发出。',
      );
    } else {
      showProblem(
        document.body,
        summary,
        body?.title ?? '暂时无法读取发件箱',
        body?.detail ?? '请过几分钟再刷新页面。',
      );
    }
  } catch {
    showProblem(
      document.body,
      summary,
      '暂时无法读取发件箱',
      '网络或系统暂时出了问题，请过几分钟再刷新页面。',
    );
  } finally {
    byId('loading').hidden = true;
  }
}

function show(items: Message[]): void {
  const sorted = [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  byId('outbox').replaceChildren(
    ...sorted.map((m) =>
      h(
        'li',
        { class: 'messages__item' },
        h(
          'p',
          { class: 'messages__meta' },
          h('strong', { class: 'tag' }, m.channel === 'sms' ? '短信' : '邮件'),
          ' ',
          timeEl(m.at),
          ` · 发给 ${m.to}`,
        ),
        m.subject ? h('h2', { class: 'messages__subject' }, m.subject) : null,
        h('div', { class: 'prose' }, m.body),
      ),
    ),
  );
  byId('outbox').hidden = sorted.length === 0;
  byId('outbox-empty').hidden = sorted.length > 0;
}
