// haicap: small enhancements only; every page works without this file.
// - forms with data-live search as you type (results fetched as an HTML
//   fragment from the same address with khung=1, the form still submits
//   normally without JavaScript);
// - [data-print] buttons print the page (the receipt).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function live(form) {
    var target = document.getElementById(form.getAttribute("data-target"));
    var url = form.getAttribute("data-live");
    if (!target || !url || !window.fetch) return;
    var timer = null, seq = 0;
    function run() {
      var params = new URLSearchParams(new FormData(form));
      var page = url + "?" + params.toString();
      params.set("khung", "1");
      var mine = ++seq;
      fetch(url + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          if (mine !== seq) return;
          target.innerHTML = html;
          history.replaceState(null, "", page);
        })
        .catch(function () { /* the submit button still works */ });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    form.addEventListener("change", function (e) {
      if (e.target.tagName === "SELECT") run();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-live]");
    for (var i = 0; i < forms.length; i++) live(forms[i]);
    var prints = document.querySelectorAll("[data-print]");
    for (var j = 0; j < prints.length; j++)
      prints[j].addEventListener("click", function () { window.print(); });
  });
})();
