/**
 * The frame of every payer page, shared by the static site (site/src/layouts/Base.astro and the
 * pages built from this module) and the pages the API renders, so both look the same.
 */
import { type Html, html } from './html.ts';

export const SERVICE_NAME = '社会保险费征缴争议 一站式受理';
export const COUNTY = '翁牛特旗';

/** One stylesheet at a fixed address, so pages rendered by the API can link it too. */
export const STYLESHEET = '/assets/site.css';
/** Small progressive enhancements; every page works without it. */
export const PAYER_SCRIPT = '/assets/payer.js';

/** GOV.UK: the title says there is an error before anything else a screen reader reads. */
export const ERROR_PREFIX = '错误：';

/** How every page begins, payer or staff: the document, its language and the head's first lines. */
export const DOCUMENT_START = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="format-detection" content="telephone=no">`;

export function payerTitle(title: string, failed = false): string {
  return `${failed ? ERROR_PREFIX : ''}${title} - ${SERVICE_NAME} - ${COUNTY}`;
}

export function payerHeader(): Html {
  return html`<header class="header">
  <div class="width-container header__inner">
    <span class="header__county">${COUNTY}</span>
    <a class="header__service" href="/">${SERVICE_NAME}</a>
  </div>
</header>`;
}

export function payerFooter(): Html {
  return html`<footer class="footer">
  <div class="width-container">
    <h2>您的个人信息</h2>
    <p>您填写的姓名、证件号码、电话和争议情况，只用于办理您这次反映的争议，只有参与办理的工作人员能看到，不会公开，也不会用于其他用途。</p>
    <p>不方便上网的，可以到${COUNTY}政务服务大厅的社会保险费征缴争议处理工作室当面反映，或拨打 12345 政务服务便民热线。</p>
    <p class="note">依据：${COUNTY}人民政府办公室《${COUNTY}社会保险费征缴争议联合处置机制》（翁政办发〔2024〕68号）</p>
  </div>
</footer>`;
}

export interface PageOptions {
  title: string;
  /** The page shows an error summary: the title gets 「错误：」. */
  failed?: boolean;
  body: Html;
}

/** A whole payer page. */
export function payerPage({ title, failed = false, body }: PageOptions): Html {
  return html`${DOCUMENT_START}
<meta name="theme-color" content="#0b0c0c">
<meta name="referrer" content="same-origin">
<title>${payerTitle(title, failed)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLESHEET}">
<script type="module" src="${PAYER_SCRIPT}"></script>
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
${payerHeader()}
<main class="main" id="main" tabindex="-1">
<div class="width-container">
<div class="column">
${body}
</div>
</div>
</main>
${payerFooter()}
</body>
</html>
`;
}
