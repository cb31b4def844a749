// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
  });
  // "Use my location" buttons fill the lat/lon inputs named in data-lat / data-lon.
  document.querySelectorAll("[data-geolocate]").forEach(function (button) {
    button.hidden = !("geolocation" in navigator);
    button.addEventListener("click", function () {
      var form = button.closest("form");
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(6);
        button.disabled = false;
        if (button.dataset.geolocate === "submit") { form.submit(); }
      }, function () { button.disabled = false; }, { enableHighAccuracy: true, timeout: 15000 });
    });
  });
})();
