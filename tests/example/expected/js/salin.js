// "Salin tautan": shown only where JavaScript runs and the clipboard is available.
document.querySelectorAll("button.copy-link").forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.url).then(function () {
      button.textContent = "Tautan disalin";
    });
  });
});
