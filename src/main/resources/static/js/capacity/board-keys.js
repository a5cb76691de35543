// One key records a request on the reception board: each button with data-key is pressed by its key, unless the
// receptionist is typing or choosing in a field.
document.addEventListener('keydown', event => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
    return
  }
  const target = event.target
  if (target && target.closest && target.closest('input, select, textarea, [contenteditable]')) {
    return
  }
  const button = document.querySelector('button[data-key="' + event.key.toLowerCase() + '"]')
  if (button) {
    event.preventDefault()
    button.click()
  }
})
