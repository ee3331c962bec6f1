// @ts-check
// The case page's upload of 案卷材料 (functions/pages/staff/case.ts). A browser form cannot PUT a
// file to a signed URL, and a file may be far bigger than a function accepts, so this one step
// needs a script: it asks the page's own function where to put the file (which checks type, size
// and who may), PUTs the file there, and shows the case again. The list of files and their
// download links work without it.

const form = /** @type {HTMLFormElement | null} */ (document.querySelector('form[data-upload]'));
if (form) enhance(form);

/** @param {HTMLFormElement} form */
function enhance(form) {
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input[type=file]'));
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));
  const status = /** @type {HTMLElement} */ (form.querySelector('[role=status]'));
  const message = /** @type {HTMLElement} */ (document.getElementById(`${input.id}-error`));
  const summary = /** @type {HTMLElement} */ (document.getElementById('attachment-errors'));
  const csrf = /** @type {HTMLInputElement} */ (form.querySelector('input[name=csrf]')).value;
  const casePath = form.dataset.upload ?? '';
  const title = document.title;
  const TRY_LATER = '网络或系统暂时出了问题，请过几分钟再试。';
  for (const note of document.querySelectorAll('[data-upload-note]')) note.remove();
  form.hidden = false;

  /** Clears what an earlier try showed. */
  const clear = () => {
    summary.hidden = true;
    message.hidden = true;
    message.textContent = '';
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', `${input.id}-hint`);
    input.closest('.form-group')?.classList.remove('form-group--error');
    document.title = title;
  };

  /**
   * Shows a failure as the server-rendered pages do: a summary at the top of the section and,
   * for a problem with the file, the message next to it (GOV.UK).
   * @param {string} text
   * @param {boolean} aboutFile
   */
  const fail = (text, aboutFile) => {
    const list = /** @type {HTMLElement} */ (summary.querySelector('ul'));
    const item = document.createElement('li');
    if (aboutFile) {
      const link = document.createElement('a');
      link.href = `#${input.id}`;
      link.textContent = text;
      item.append(link);
      message.replaceChildren(
        Object.assign(document.createElement('span'), {
          className: 'visually-hidden',
          textContent: '错误：',
        }),
        text,
      );
      message.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${input.id}-hint ${input.id}-error`);
      input.closest('.form-group')?.classList.add('form-group--error');
    } else {
      item.textContent = text;
    }
    list.replaceChildren(item);
    summary.hidden = false;
    document.title = `错误：${title}`;
    summary.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    clear();
    const file = input.files?.[0];
    if (!file) return fail('请选择要上传的文件', true);
    button.disabled = true;
    status.textContent = `正在上传「${file.name}」，请稍候`;
    try {
      const asked = await fetch(`${casePath}/attachments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrf,
          name: file.name,
          contentType: file.type,
          size: String(file.size),
        }),
        // A session that has ended answers with a redirect to sign-in: say so, do not follow.
        redirect: 'manual',
      });
      const body = /** @type {any} */ (
        /json/.test(asked.headers.get('content-type') ?? '') ? await asked.json() : null
      );
      if (asked.status === 201 && body?.upload?.url) {
        const put = await fetch(body.upload.url, {
          method: body.upload.method ?? 'PUT',
          headers: body.upload.headers ?? {},
          body: file,
        });
        if (!put.ok) {
          return fail(`「${file.name}」已登记，但文件内容没有传完。请重新选择这个文件上传。`, true);
        }
        location.assign(`${casePath}?done=attach#attachments`);
        return;
      }
      if (asked.status === 400 && Array.isArray(body?.errors) && body.errors.length) {
        // The errors name /name, /contentType or /size: all are about the one file chosen.
        return fail(
          body.errors.map((/** @type {{detail: string}} */ e) => e.detail).join('；'),
          true,
        );
      }
      fail(
        asked.type === 'opaqueredirect'
          ? '登录已过期。请刷新页面，重新登录后再上传。'
          : asked.status === 403 || asked.status === 409
            ? '您不能为这个案件上传材料：只有承办单位（或牵头单位）和工作室可以上传案卷材料。'
            : asked.status === 404
              ? '没有找到这个案件。'
              : TRY_LATER,
        false,
      );
    } catch {
      fail(TRY_LATER, false);
    } finally {
      button.disabled = false;
      status.textContent = '';
    }
  });
}
