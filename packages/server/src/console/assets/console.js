// posv10 console: the only script. Every page works without it; with it, changes that are hard to
// undo (disable a client, rotate a secret or the keys, withdraw access) ask for confirmation first.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.confirm;
  if (question !== undefined && !window.confirm(question)) event.preventDefault();
});

// After a refused submission, put the keyboard on the first field that needs fixing.
document.addEventListener('DOMContentLoaded', () => {
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid instanceof HTMLElement) invalid.focus();
});
