// Maps for proposals (Leaflet). Everything is configured through data- attributes (CSP: no
// inline scripts). Pages work without JavaScript: lat/lon inputs stay usable by hand.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function base(el) {
    var lat = parseFloat(el.dataset.lat) || 6.4255;
    var lon = parseFloat(el.dataset.lon) || 101.8253;
    var map = L.map(el).setView([lat, lon], parseInt(el.dataset.zoom || "14", 10));
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    return { map: map, lat: lat, lon: lon };
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // One proposal's place.
  document.querySelectorAll("[data-proposal-map]").forEach(function (el) {
    var m = base(el);
    L.marker([m.lat, m.lon]).addTo(m.map);
  });

  // Choosing a place while writing a proposal: a tap moves the pin and fills the inputs.
  document.querySelectorAll("[data-pick-map]").forEach(function (el) {
    var form = el.closest("form");
    var latInput = form.querySelector("[name=lat]");
    var lonInput = form.querySelector("[name=lon]");
    if (latInput.value && lonInput.value) {
      el.dataset.lat = latInput.value;
      el.dataset.lon = lonInput.value;
    }
    var m = base(el);
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(m.map); }
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
    }
    if (latInput.value && lonInput.value) { place(L.latLng(m.lat, m.lon)); }
    m.map.on("click", function (event) { place(event.latlng); });
  });

  // All proposals of a phase, from GeoJSON.
  document.querySelectorAll("[data-proposals-map]").forEach(function (el) {
    var m = base(el);
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          onEachFeature: function (feature, lyr) {
            var p = feature.properties;
            lyr.bindPopup('<a href="' + encodeURI(p.url) + '">' + escapeText(p.title) + "</a><br>" +
                          escapeText(String(p.supports)) + " ♥");
          }
        }).addTo(m.map);
        if (data.features.length) { m.map.fitBounds(layer.getBounds(), { maxZoom: 16 }); }
      });
  });
})();
