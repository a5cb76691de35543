// One key records a request on the reception board: each button with data-key is pressed by its key, unless the
// receptionist is typing or choosing in a field where a letter means something (a list jumps to the option it starts).
// A radio button or checkbox takes no letters, so one just chosen (NHS 111 booking) keeps the keys working.
document.addEventListener('keydown', event => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
    return
  }
  const target = event.target
  const typing = 'input:not([type=radio]):not([type=checkbox]), select, textarea, [contenteditable]'
  if (target && target.closest && target.closest(typing)) {
    return
  }
  const button = document.querySelector('button[data-key="' + event.key.toLowerCase() + '"]')
  if (button) {
    event.preventDefault()
    button.click()
  }
})
