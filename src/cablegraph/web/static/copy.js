// Copy a citation to the clipboard. No inline script: the CSP forbids it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.copy");
  if (!button) return;
  const source = document.getElementById(button.dataset.target);
  if (source && navigator.clipboard) navigator.clipboard.writeText(source.textContent.trim());
  button.textContent = "Copied";
});
