/* The theme toggle: the only script of the theme. Without it the site follows the system. */
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
