// Early Help: start GOV.UK Frontend and MOJ Frontend.
//
// Loaded as an ES module (<script type="module">), so it runs only in browsers that
// GOV.UK Frontend 5 supports, after the page has been parsed. The GOV.UK page template
// sets the body classes with an inline script; our Content-Security-Policy
// (script-src 'self') forbids inline scripts, so they are set here instead.
//
// The imports are relative to this file, so they work under any STATIC_URL.
import { initAll as initGovukFrontend } from '../../vendor/govuk-frontend/govuk-frontend.min.js'
import * as MOJFrontend from '../../vendor/moj-frontend/moj-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

function initialise (scope) {
  try {
    initGovukFrontend(scope)
  } catch (error) {
    console.error(error)
  }
  if (typeof MOJFrontend.initAll === 'function') {
    try {
      MOJFrontend.initAll(scope)
    } catch (error) {
      console.error(error)
    }
  }
}

initialise(document)

// Content that htmx swaps in gets its components started too. (The whole page was done
// above; htmx also sends htmx:load for the body when it starts, which is skipped.)
// Components are looked for inside the new element, so swap in a wrapper around them.
document.addEventListener('htmx:load', function (event) {
  const element = event.detail && event.detail.elt
  if (element && element !== document.body && element.querySelector) {
    initialise(element)
  }
})

// Put back what the user typed if their session expired before a form was sent
// (accounts.middleware.LoginRequiredKeepingFormMiddleware kept it on the server).
function restoreKeptForm () {
  const holder = document.getElementById('kept-form')
  if (!holder) return
  let kept
  try {
    kept = JSON.parse(holder.textContent)
  } catch (error) {
    return
  }
  const form = document.querySelector('main form[method="post"], main form[method="POST"]')
  if (!form) return
  Object.entries(kept).forEach(function ([name, values]) {
    const fields = form.querySelectorAll('[name="' + CSS.escape(name) + '"]')
    fields.forEach(function (field) {
      if (field.type === 'checkbox' || field.type === 'radio') {
        field.checked = values.includes(field.value)
      } else if (field.type !== 'hidden' && field.type !== 'file') {
        field.value = values[0] || ''
      }
    })
  })
}
restoreKeptForm()

// Warn two minutes before an idle session ends, and let the user stay signed in.
function sessionTimeoutWarning () {
  const seconds = parseInt(document.body.dataset.sessionSeconds || '0', 10)
  const dialog = document.getElementById('timeout-warning')
  if (!seconds || !dialog || typeof dialog.showModal !== 'function') return
  const warnAfter = Math.max(seconds - 120, 5) * 1000
  let timer = window.setTimeout(show, warnAfter)
  function show () {
    dialog.showModal()
  }
  dialog.querySelector('[data-timeout-stay]').addEventListener('click', function () {
    const token = dialog.querySelector('input[name="csrfmiddlewaretoken"]').value
    window.fetch(document.body.dataset.keepAliveUrl, {
      method: 'POST',
      headers: { 'X-CSRFToken': token },
      credentials: 'same-origin'
    }).finally(function () {
      dialog.close()
      window.clearTimeout(timer)
      timer = window.setTimeout(show, warnAfter)
    })
  })
}
sessionTimeoutWarning()

// Signing out removes any copy of unsaved case text this browser keeps (autosave.js keeps one
// until the server confirms a save), so nothing about a family stays on a shared device.
document.querySelectorAll('.app-header__sign-out-form').forEach(function (signOut) {
  signOut.addEventListener('submit', function () {
    try {
      Object.keys(window.localStorage)
        .filter(function (key) { return key.startsWith('earlyhelp-') })
        .forEach(function (key) { window.localStorage.removeItem(key) })
    } catch (error) {
      // Storage unavailable (private browsing): there is nothing to remove.
    }
  })
})
