// 고용노동부 민원마당 (데모) – the only script the layout loads. No framework, no network.
// 1. Move focus to the error summary (if the server rendered one) so screen-reader and
//    keyboard users hear "입력 내용을 확인해 주세요" and the list of problems first.
// 2. When a link in the summary is followed, focus the field itself (a plain #id jump only
//    scrolls; KRDS also visually hides radios/checkboxes, so scroll their label into view).
// 3. <button type="button" data-pt-print> prints the page (receipt panel); no inline handlers.
(function () {
  'use strict';

  function init() {
    document.querySelectorAll('[data-pt-print]').forEach(function (button) {
      button.addEventListener('click', function () {
        window.print();
      });
    });

    var summary = document.querySelector('[data-pt-error-summary]');
    if (!summary) {
      return;
    }
    summary.focus();

    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) {
        return;
      }
      var id = decodeURIComponent(link.getAttribute('href').slice(1));
      var field = document.getElementById(id);
      if (!field) {
        return;
      }
      event.preventDefault();
      (field.closest('.form-group, fieldset') || field).scrollIntoView({ block: 'start' });
      field.focus({ preventScroll: true });
      if (history.replaceState) {
        history.replaceState(null, '', '#' + id);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
