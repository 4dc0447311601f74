// Progressive enhancement only: every page works without this file.
// On a phone the filter form would fill the first screen; fold it while no filter is in use.
document.querySelectorAll("details[data-fold-on-phone]").forEach(function (panel) {
  if (window.matchMedia("(max-width: 40rem)").matches) panel.open = false;
});

// The person and office filters are text boxes: suggest matching names as the reader types (the box
// takes the slug of the one picked). Without this file the box still takes a slug or an exact name.
document.querySelectorAll("input[data-suggest]").forEach(function (box) {
  var list = document.getElementById(box.getAttribute("list"));
  var timer = null, last = "";
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var typed = box.value.trim();
      if (typed.length < 2 || typed === last) return;
      last = typed;
      fetch(box.dataset.suggest + "?q=" + encodeURIComponent(typed), {headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.results.map(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            option.label = item.label;
            option.textContent = item.label;
            return option;
          }));
        })
        .catch(function () { /* suggestions are a convenience; typing still works */ });
    }, 150);
  });
});
