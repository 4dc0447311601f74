// Progressive enhancement only: every page works without this file.
// On a phone the filter form would fill the first screen; fold it while no filter is in use.
document.querySelectorAll("details[data-fold-on-phone]").forEach(function (panel) {
  if (window.matchMedia("(max-width: 40rem)").matches) panel.open = false;
});
