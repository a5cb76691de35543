// Sends an upload form with XMLHttpRequest so the page can show how much of a large file has gone. Without
// JavaScript the form posts as usual, and the server answers both the same way.
import { initAll } from '/webjars/govuk-frontend/dist/govuk/govuk-frontend.min.js'

function enhance (root) {
  for (const form of root.querySelectorAll('form[data-upload-progress]')) {
    form.addEventListener('submit', (event) => upload(event, form))
  }
}

function upload (event, form) {
  const progress = document.getElementById('upload-progress')
  const bar = document.getElementById('upload-progress-bar')
  const status = document.getElementById('upload-progress-status')
  const button = form.querySelector('button[type="submit"]')
  if (!progress || !bar || !status) {
    return
  }
  event.preventDefault()

  const request = new XMLHttpRequest()
  request.open('POST', form.action)
  const token = form.querySelector('input[name="_csrf"]')
  if (token) {
    request.setRequestHeader('X-CSRF-TOKEN', token.value)
  }
  request.upload.addEventListener('progress', (sent) => {
    if (sent.lengthComputable) {
      const percent = Math.floor((sent.loaded / sent.total) * 100)
      bar.value = percent
      status.textContent = `Uploaded ${percent}%`
    }
  })
  request.upload.addEventListener('load', () => {
    bar.value = 100
    status.textContent = 'Uploaded. Checking and importing the file…'
  })
  request.addEventListener('load', () => {
    if (request.status < 400) {
      // The import is done and the answer redirected to the page that shows it: show it for real.
      window.location.assign(request.responseURL)
    } else {
      showRefusal(request)
    }
  })
  request.addEventListener('error', () => {
    status.textContent = 'The upload failed: check your connection and try again.'
    button.disabled = false
  })

  progress.hidden = false
  bar.value = 0
  status.textContent = 'Uploading…'
  button.disabled = true
  request.send(new FormData(form))
}

// A refused file comes back as this page with its problems listed: show that in place of the form.
function showRefusal (request) {
  const answer = new DOMParser().parseFromString(request.responseText, 'text/html')
  const main = answer.getElementById('main-content')
  if (!main) {
    document.getElementById('upload-progress-status').textContent =
      `The import failed (HTTP ${request.status}). Try again, or choose a smaller file.`
    document.querySelector('form[data-upload-progress] button[type="submit"]').disabled = false
    return
  }
  document.title = answer.title
  document.getElementById('main-content').replaceWith(document.adoptNode(main))
  initAll({ scope: main })
  enhance(main)
}

enhance(document)
