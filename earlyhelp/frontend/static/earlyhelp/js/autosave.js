// Early Help: save the assessment as it is typed (loaded only on the assessment page).
//
// Each field carries the fingerprint of its text as the server last confirmed it (a hidden
// base__<name> input). When the practitioner pauses typing, leaves a field, hides the tab or leaves
// the page, the changed fields are sent with the version the page holds; the server writes only
// what this person changed, and answers with a conflict (both versions, side by side) when a
// colleague changed the same field. Nothing is locked.
//
// Until the server confirms a save, what was typed is also kept in this browser (localStorage), so
// a time-out, a closed tab or a lost connection loses nothing: the next time the page opens, it is
// put back and saved. Without JavaScript the Save button posts the whole form.

const DEBOUNCE_MS = 1200
const RETRY_MS = 10000

const form = document.getElementById('assessment-form')
if (form && window.fetch) {
  start(form)
}

function start (form) {
  const url = form.dataset.autosaveUrl
  const storageKey = 'earlyhelp-assessment-' + form.dataset.assessment
  const status = document.getElementById('autosave-status')
  const notices = document.getElementById('autosave-notices')
  const conflictsHolder = document.getElementById('autosave-conflicts')
  const versionInput = form.querySelector('input[name="version"]')
  const fields = Array.from(form.querySelectorAll('[data-autosave-field]'))
  const dirty = new Set()
  const conflicted = new Set()
  let timer = null
  let inFlight = null
  let again = false
  let signedOut = false

  function field (name) {
    return form.querySelector('[data-autosave-field="' + CSS.escape(name) + '"]')
  }
  function baseInput (name) {
    return form.querySelector('input[name="base__' + CSS.escape(name) + '"]')
  }
  function csrfToken () {
    const input = form.querySelector('input[name="csrfmiddlewaretoken"]')
    return input ? input.value : ''
  }
  function say (text) {
    if (status) status.textContent = text
  }

  // --- The copy kept in this browser until the server confirms ----------------------------------
  function readBackup () {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || '{}') || {}
    } catch (error) {
      return {}
    }
  }
  function writeBackup (backup) {
    try {
      if (Object.keys(backup).length) {
        window.localStorage.setItem(storageKey, JSON.stringify(backup))
      } else {
        window.localStorage.removeItem(storageKey)
      }
    } catch (error) {
      // Storage full or disabled: the server copy is then the only one.
    }
  }
  function backUp (name) {
    const backup = readBackup()
    const base = baseInput(name)
    backup[name] = { value: field(name).value, base: base ? base.value : '' }
    writeBackup(backup)
  }
  function forget (name, value) {
    const backup = readBackup()
    if (backup[name] && backup[name].value === value) {
      delete backup[name]
      writeBackup(backup)
    }
  }

  // --- Sending --------------------------------------------------------------------------------
  function payload (names) {
    const data = new FormData()
    data.append('csrfmiddlewaretoken', csrfToken())
    data.append('version', versionInput.value)
    names.forEach(function (name) {
      data.append(name, field(name).value)
      const base = baseInput(name)
      if (base) data.append('base__' + name, base.value)
    })
    return data
  }

  function schedule () {
    window.clearTimeout(timer)
    timer = window.setTimeout(save, DEBOUNCE_MS)
  }

  function save (options) {
    window.clearTimeout(timer)
    const names = Array.from(dirty)
    if (!names.length || signedOut) return Promise.resolve()
    if (inFlight) {
      again = true
      return inFlight
    }
    const sent = {}
    names.forEach(function (name) { sent[name] = field(name).value })
    names.forEach(function (name) { dirty.delete(name) })
    say('Saving…')
    inFlight = window.fetch(url, {
      method: 'POST',
      body: payload(names),
      headers: { 'X-CSRFToken': csrfToken(), Accept: 'application/json' },
      credentials: 'same-origin',
      keepalive: Boolean(options && options.keepalive)
    }).then(function (response) {
      return response.json().then(
        function (body) { return { response: response, body: body } },
        function () { return { response: response, body: null } }
      )
    }).then(function (result) {
      handle(result.response, result.body, sent)
    }).catch(function () {
      names.forEach(function (name) { dirty.add(name) })
      say('Not saved: no connection. What you typed is kept in this browser; trying again.')
      window.setTimeout(save, RETRY_MS)
    }).finally(function () {
      inFlight = null
      if (again) {
        again = false
        save()
      }
    })
    return inFlight
  }

  function handle (response, body, sent) {
    const names = Object.keys(sent)
    if (response.status === 401 || (body && body.status === 'signed_out')) {
      names.forEach(function (name) { dirty.add(name) })
      signedOut = true
      say('Not saved: you have been signed out.')
      notice('You have been signed out', (body && body.message) ||
        'What you typed is kept on this page and in this browser. Sign in again to save it.',
      body && body.sign_in_url)
      return
    }
    if (!body || (response.status !== 200 && response.status !== 409)) {
      names.forEach(function (name) { dirty.add(name) })
      say('Not saved. What you typed is kept in this browser.')
      notice('Your changes could not be saved', (body && body.message) ||
        'Reload the page: what you typed will be put back and saved.', null)
      return
    }
    if (body.status === 'refused') {
      names.forEach(function (name) { dirty.add(name) })
      say('Not saved: ' + body.message)
      return
    }
    versionInput.value = body.version
    // Only the fields now stored as this person typed them take the new fingerprint: any other
    // field keeps the one it was loaded with, so a colleague's newer text is never overwritten.
    Object.keys(body.bases || {}).forEach(function (name) {
      if (name in sent) {
        const base = baseInput(name)
        if (base) base.value = body.bases[name]
        if (!dirty.has(name)) forget(name, sent[name])
      }
    })
    if (body.status === 'conflict') {
      body.conflicts.forEach(function (conflict) { conflicted.add(conflict.name) })
      showConflicts(body)
      say('Not saved: a colleague changed the same part. Compare the versions at the top of the page.')
      return
    }
    say('Saved at ' + body.saved_at)
  }

  function notice (heading, text, link) {
    if (!notices) return
    notices.replaceChildren()
    const banner = document.createElement('div')
    banner.className = 'govuk-notification-banner'
    banner.setAttribute('role', 'region')
    banner.setAttribute('aria-labelledby', 'autosave-notice-title')
    const header = document.createElement('div')
    header.className = 'govuk-notification-banner__header'
    const title = document.createElement('h2')
    title.className = 'govuk-notification-banner__title'
    title.id = 'autosave-notice-title'
    title.textContent = 'Important'
    header.appendChild(title)
    const content = document.createElement('div')
    content.className = 'govuk-notification-banner__content'
    const p = document.createElement('p')
    p.className = 'govuk-notification-banner__heading'
    p.textContent = heading
    const more = document.createElement('p')
    more.className = 'govuk-body'
    more.textContent = text + ' '
    if (link) {
      const a = document.createElement('a')
      a.className = 'govuk-notification-banner__link'
      a.href = link
      a.textContent = 'Sign in again'
      more.appendChild(a)
    }
    content.append(p, more)
    banner.append(header, content)
    notices.appendChild(banner)
  }

  // --- Conflicts: both versions, side by side; the person chooses --------------------------------
  function showConflicts (body) {
    if (!conflictsHolder) return
    conflictsHolder.innerHTML = body.html // rendered by the server, with every value escaped
    const theirs = {}
    body.conflicts.forEach(function (conflict) { theirs[conflict.name] = conflict })
    conflictsHolder.querySelectorAll('[data-conflict-keep]').forEach(function (button) {
      button.addEventListener('click', function () {
        const name = button.dataset.conflictKeep
        const base = baseInput(name)
        if (base) base.value = theirs[name].base // judged against their version now: mine wins
        resolved(name)
        dirty.add(name)
        backUp(name)
        save()
      })
    })
    conflictsHolder.querySelectorAll('[data-conflict-take]').forEach(function (button) {
      button.addEventListener('click', function () {
        const name = button.dataset.conflictTake
        field(name).value = theirs[name].theirs
        const base = baseInput(name)
        if (base) base.value = theirs[name].base
        dirty.delete(name)
        forget(name, field(name).value)
        writeBackup(Object.fromEntries(Object.entries(readBackup()).filter(function (entry) { return entry[0] !== name })))
        resolved(name)
        say('Using their version of this part')
      })
    })
    // Focus stays where the person is typing; the summary is announced (role="alert").
  }

  function resolved (name) {
    conflicted.delete(name)
    const card = conflictsHolder.querySelector('[data-conflict="' + CSS.escape(name) + '"]')
    if (card) card.remove()
    if (!conflicted.size) conflictsHolder.replaceChildren()
  }

  // --- Typing, leaving, hiding ----------------------------------------------------------------
  fields.forEach(function (input) {
    const name = input.dataset.autosaveField
    input.addEventListener('input', function () {
      dirty.add(name)
      backUp(name)
      schedule()
    })
    input.addEventListener('blur', function () {
      if (dirty.size) save()
    })
  })
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && dirty.size) save({ keepalive: true })
  })
  window.addEventListener('pagehide', function () {
    if (dirty.size) save({ keepalive: true })
  })
  window.addEventListener('beforeunload', function (event) {
    if (dirty.size) save({ keepalive: true })
  })
  // The Save button posts the whole form (it works without JavaScript): forget the kept copy only
  // when the server has answered, which the next page load does by comparing.

  // --- Put back what was typed but never confirmed ----------------------------------------------
  const backup = readBackup()
  let restored = 0
  Object.keys(backup).forEach(function (name) {
    const input = field(name)
    if (!input) return
    if (input.value === backup[name].value) {
      delete backup[name]
      return
    }
    input.value = backup[name].value
    const base = baseInput(name)
    if (base && backup[name].base) base.value = backup[name].base
    dirty.add(name)
    restored += 1
  })
  writeBackup(backup)
  if (restored) {
    notice('What you typed has been put back',
      'Some of what you typed had not been saved before you left the page. It has been put back and is being saved now.', null)
    save()
  }
}
