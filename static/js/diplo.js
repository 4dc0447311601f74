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

// The country boxes: with many countries, a box above them narrows the list to the names typed (ticked ones
// stay in view). Without this file every box is there to tick, the busiest first.
var NARROW_FROM = 8;  // fewer boxes than this are read at a glance
function folded(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
document.querySelectorAll(".checks[role=group]").forEach(function (group) {
  var boxes = Array.prototype.slice.call(group.querySelectorAll("label"));
  if (boxes.length < NARROW_FROM) return;
  var narrow = document.createElement("input");
  narrow.type = "search";
  narrow.className = "narrow";
  narrow.placeholder = "Type to narrow…";
  narrow.setAttribute("aria-label", "Narrow the list of countries");
  narrow.setAttribute("aria-controls", group.id);
  group.parentNode.insertBefore(narrow, group);
  narrow.addEventListener("input", function () {
    var typed = folded(narrow.value.trim());
    boxes.forEach(function (label) {
      var ticked = label.querySelector("input").checked;
      label.hidden = !(ticked || !typed || folded(label.textContent).indexOf(typed) !== -1);
    });
  });
  // Enter with one country left ticks it, rather than sending the form.
  narrow.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var shown = boxes.filter(function (label) { return !label.hidden && !label.querySelector("input").checked; });
    if (shown.length === 1) {
      event.preventDefault();
      shown[0].querySelector("input").checked = true;
      narrow.value = "";
      narrow.dispatchEvent(new Event("input"));
    }
  });
});
