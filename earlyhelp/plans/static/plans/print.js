// The "Print this page" button on the printable plan and minutes: shown only when JavaScript runs.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
