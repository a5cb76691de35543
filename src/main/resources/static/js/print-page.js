// Shows the Print button, which needs script; without it the page says to use the browser's Print command.
(function () {
  document.querySelectorAll('[data-print-page]').forEach(function (button) {
    button.hidden = false
    button.addEventListener('click', function () { window.print() })
  })
  document.querySelectorAll('.gpa-js-hidden').forEach(function (element) { element.hidden = true })
})()
