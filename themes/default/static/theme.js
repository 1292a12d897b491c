/* The theme toggle and the BibTeX copy buttons: the theme's only script. Without it the
   site follows the system colour scheme and BibTeX can be selected by hand. */
(function () {
  var root = document.documentElement;
  var button = document.getElementById("theme-toggle");
  if (!button) return;
  var media = window.matchMedia("(prefers-color-scheme: dark)");
  function current() {
    var t = root.getAttribute("data-theme");
    return t === "dark" || t === "light" ? t : media.matches ? "dark" : "light";
  }
  function sync() {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("theme", next); } catch (e) {}
    sync();
  });
  if (media.addEventListener) media.addEventListener("change", sync);
  sync();
  button.hidden = false;
})();
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var code = button.closest("details").querySelector("code");
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  });
})();
