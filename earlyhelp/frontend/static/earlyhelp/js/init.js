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
