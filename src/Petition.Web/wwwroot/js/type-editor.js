// 민원 종류 편집 (/admin/types/...): progressive enhancement of the type editor. The editor works without it
// (every button posts the whole form and the server draws the page again); with it:
// 1. a live preview: as the administrator types, the form is posted to /admin/types/preview, which draws the
//    citizen's step 3 with the wizard's own field partial, and the preview beside the editor is replaced by it;
// 2. each field card shows only the settings its type uses (the server ignores the others anyway);
// 3. a field card's heading follows its label as it is typed.
// No inline script (CSP script-src 'self'), no framework.
(function () {
  'use strict';

  var DELAY_MS = 250;

  function init() {
    var form = document.querySelector('form[data-type-editor]');
    var preview = document.querySelector('[data-preview]');
    if (!form || !preview || !window.fetch || !window.FormData) {
      return;
    }

    var url = form.getAttribute('data-preview-url');
    var timer = null;
    var sequence = 0;
    var shown = 0;

    var hint = document.querySelector('[data-preview-hint]');
    if (hint && hint.hasAttribute('data-live-text')) {
      hint.textContent = hint.getAttribute('data-live-text');
    }

    function refresh() {
      var mine = ++sequence;
      preview.setAttribute('aria-busy', 'true');
      fetch(url, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch' }
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        // Answers can come back out of order: keep only the newest.
        if (html === null || mine < shown) {
          return;
        }
        shown = mine;
        preview.innerHTML = html;
        preview.setAttribute('data-preview-version', String(mine));
      }).catch(function () {
        // The preview is a convenience: the editor itself keeps working (the server draws it on every button).
      }).then(function () {
        if (mine === sequence) {
          preview.removeAttribute('aria-busy');
        }
      });
    }

    function schedule() {
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(refresh, DELAY_MS);
    }

    function showRelevant(card) {
      var select = card.querySelector('[data-field-type-select]');
      if (!select) {
        return;
      }
      card.querySelectorAll('[data-applies]').forEach(function (group) {
        var types = group.getAttribute('data-applies').split(' ');
        group.hidden = types.indexOf(select.value) < 0;
      });
    }

    function followLabel(input) {
      var card = input.closest('.pt-field-card');
      var heading = card && card.querySelector('.pt-field-legend [lang]');
      if (heading && input.value.trim()) {
        heading.textContent = input.value.trim();
      }
    }

    document.querySelectorAll('.pt-field-card').forEach(showRelevant);

    form.addEventListener('input', function (event) {
      if (event.target.name && /^Fields\[\d+\]\.Label$/.test(event.target.name)) {
        followLabel(event.target);
      }
      schedule();
    });

    form.addEventListener('change', function (event) {
      if (event.target.matches('[data-field-type-select]')) {
        showRelevant(event.target.closest('.pt-field-card'));
      }
      schedule();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
