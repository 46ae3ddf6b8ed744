/**
 * The page's only script, inlined. It adds what needs JavaScript on top of
 * the server-rendered page: the Delete and Delete All buttons (a dialog
 * naming the group, then `DELETE`/`PUT` with relative URLs so the route
 * prefix is kept), the errors of refused actions shown in the page, `/` to
 * focus the filter and sorting on change. Texts are set with `textContent`.
 */
export const SCRIPT = `
(() => {
  document.documentElement.classList.add('js');
  const $ = (id) => document.getElementById(id);
  const notice = $('notice');
  const say = (text, ok) => {
    notice.textContent = text;
    notice.className = 'notice ' + (ok ? 'ok' : 'error');
    notice.hidden = false;
    notice.focus();
  };
  const dialog = $('confirm');
  let pending = null;
  const ask = (text, okLabel, action) => {
    $('confirm-text').textContent = text;
    $('confirm-ok').textContent = okLabel;
    pending = action;
    dialog.showModal();
    $('confirm-cancel').focus();
  };
  dialog.addEventListener('close', () => {
    const action = pending;
    pending = null;
    if (dialog.returnValue === 'ok' && action) action();
  });
  const failure = async (what, r) => {
    const body = (await r.text().catch(() => '')).trim();
    say(what + ' failed: ' + r.status + (r.statusText ? ' ' + r.statusText : '') + (body ? ': ' + body : ''));
  };
  const counter = $('group-count');
  for (const b of document.querySelectorAll('button.del')) {
    b.addEventListener('click', () => {
      const group = b.dataset.group;
      ask('Do you really want to delete all metrics of group ' + group + '?', 'Delete', async () => {
        try {
          const r = await fetch(b.dataset.path, { method: 'DELETE' });
          if (!r.ok) return failure('Deleting group ' + group, r);
          b.closest('li').remove();
          if (counter) counter.textContent = String(Math.max(0, Number(counter.textContent) - 1));
          say('Deleted group ' + group + '.', true);
        } catch (e) {
          say('Deleting group ' + group + ' failed: ' + e.message);
        }
      });
    });
  }
  const wipe = $('wipe');
  if (wipe) wipe.addEventListener('click', () => {
    ask('Do you really want to delete all metrics from all metric groups?', 'Delete All', async () => {
      try {
        const r = await fetch('api/v1/admin/wipe', { method: 'PUT' });
        if (!r.ok) return failure('Deleting all groups', r);
        location.reload();
      } catch (e) {
        say('Deleting all groups failed: ' + e.message);
      }
    });
  });
  const sort = $('sort');
  if (sort) sort.addEventListener('change', () => sort.form.submit());
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || (t.closest && t.closest('input,select,textarea,dialog'))) return;
    const f = $('match');
    if (f) { e.preventDefault(); f.focus(); f.select(); }
  });
})();
`;
