/**
 * The frame of every staff page (issue 11): the same header, stylesheet and footer as the payer
 * pages, plus 「工作人员」, who is signed in, the staff links their role may use, and sign-out as a
 * form (a state change is never a link).
 */
import { mayReadReports } from '#core/analysis.ts';
import type { Role } from '#core/lifecycle.ts';
import { managesDeadLetters, type Principal } from '#core/principal.ts';
import { maySupervise } from '#core/supervision.ts';
import { unitLabel } from '#core/units.ts';
import { type Html, html } from '../html.ts';
import { COUNTY, DOCUMENT_START, ERROR_PREFIX, SERVICE_NAME, STYLESHEET } from '../layout.ts';

export const ROLE_LABELS: Record<Role, string> = {
  staff: '承办人',
  head: '单位负责人',
  leader: '领导小组成员',
  admin: '系统管理员',
};

/** The staff section a page belongs to, marked in the navigation. */
export type StaffSection =
  | 'inbox'
  | 'supervision'
  | 'register'
  | 'outbox'
  | 'reports'
  | 'dead-letters'
  | 'none';

/** Who is looking, and the CSRF token of their forms; absent on pages before sign-in. */
export interface Viewer {
  principal: Principal;
  name: string;
  csrf: string;
}

export interface StaffPageOptions {
  title: string;
  /** The page shows an error summary: the title gets 「错误：」. */
  failed?: boolean;
  viewer?: Viewer;
  section?: StaffSection;
  body: Html;
  /** Print forms: the A4 form alone, no header or footer when printed. */
  print?: boolean;
}

/** The hidden field every staff form carries (checked by functions/platform/staff-session.ts). */
export function csrfField(viewer: Viewer): Html {
  return html`<input type="hidden" name="csrf" value="${viewer.csrf}">`;
}

function nav(viewer: Viewer, section: StaffSection): Html {
  const p = viewer.principal;
  const links: { href: string; label: string; section: StaffSection; show: boolean }[] = [
    // The unit's open work items (functions/core/work.ts); e-mails say 「在“待办”中打开」.
    { href: '/staff/inbox', label: '待办', section: 'inbox', show: true },
    // Overdue work across units: the leading group's 督办 list (seed 四(四)).
    {
      href: '/staff/supervision',
      label: '督办',
      section: 'supervision',
      show: maySupervise(p),
    },
    // Registering a visit or call is a unit's act (lifecycle: received by any unit's staff).
    { href: '/staff/register', label: '登记', section: 'register', show: p.unit !== null },
    { href: '/staff/outbox', label: '发件箱', section: 'outbox', show: true },
    { href: '/staff/reports', label: '统计报告', section: 'reports', show: mayReadReports(p) },
    {
      href: '/staff/dead-letters',
      label: '未送达消息',
      section: 'dead-letters',
      show: managesDeadLetters(p),
    },
  ];
  const who = [viewer.name, p.unit ? unitLabel(p.unit) : null, ROLE_LABELS[p.role]]
    .filter(Boolean)
    .join(' · ');
  return html`<div class="header__account">
  <p class="header__user" data-testid="staff-user">${who}</p>
  <nav class="staff-nav" aria-label="工作人员">
    <ul class="staff-nav__list">
      ${links
        .filter((l) => l.show)
        .map(
          (l) =>
            html`<li class="staff-nav__item"><a class="staff-nav__link" href="${l.href}"${l.section === section ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
        )}
      <li class="staff-nav__item"><form class="staff-nav__form" method="post" action="/staff/sign-out">${csrfField(viewer)}<button type="submit" class="staff-nav__link staff-nav__button" data-testid="sign-out">退出</button></form></li>
    </ul>
  </nav>
</div>`;
}

/** A whole staff page. */
export function staffPage(o: StaffPageOptions): Html {
  const title = `${o.failed ? ERROR_PREFIX : ''}${o.title} - ${SERVICE_NAME}（工作人员） - ${COUNTY}`;
  return html`${DOCUMENT_START}
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLESHEET}">
</head>
<body class="staff${o.print ? ' staff--print' : ''}">
<a class="skip-link" href="#main">跳到正文</a>
<header class="header header--staff">
  <div class="width-container width-container--wide header__inner">
    <span class="header__county">${COUNTY}</span>
    <a class="header__service" href="/staff/inbox">${SERVICE_NAME}</a>
    <span class="header__tag">工作人员</span>
    ${o.viewer ? nav(o.viewer, o.section ?? 'none') : ''}
  </div>
</header>
<main class="main" id="main" tabindex="-1">
<div class="width-container width-container--wide">
${o.body}
</div>
</main>
<footer class="footer">
  <div class="width-container width-container--wide">
    <p>本系统供${COUNTY}社会保险费征缴争议联合处置机制各成员单位的工作人员使用。页面上的缴费人个人信息只能用于办理本案，不得拍照、截图或外传。</p>
    <p class="note">依据：${COUNTY}人民政府办公室《${COUNTY}社会保险费征缴争议联合处置机制》（翁政办发〔2024〕68号）</p>
  </div>
</footer>
</body>
</html>
`;
}

/** A page that only says something (an error, a refusal, signed out), with a way on. */
export function staffMessagePage(
  title: string,
  detail: string,
  next: { href: string; label: string },
  viewer?: Viewer,
): Html {
  return staffPage({
    title,
    ...(viewer ? { viewer } : {}),
    body: html`<h1 data-testid="message-title">${title}</h1>
<p class="body-text" data-testid="message-detail">${detail}</p>
<p><a class="button" href="${next.href}">${next.label}</a></p>`,
  });
}
