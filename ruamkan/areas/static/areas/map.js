// Leaflet map for a local government: office marker and served subdistricts, from data-* attributes.
(function () {
  "use strict";
  var el = document.getElementById("lg-map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.dataset.tileUrl, {
    maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"
  }).addTo(map);
  var bounds = null;
  var dataId = el.dataset.geojson;
  var dataEl = dataId ? document.getElementById(dataId) : null;
  if (dataEl) {
    var layer = L.geoJSON(JSON.parse(dataEl.textContent), {
      style: { color: "#0b5d7a", weight: 2, fillOpacity: 0.12 },
      onEachFeature: function (feature, lyr) {
        if (feature.properties && feature.properties.name) { lyr.bindTooltip(feature.properties.name); }
      }
    }).addTo(map);
    bounds = layer.getBounds();
  }
  if (el.dataset.lat && el.dataset.lon) {
    var point = L.latLng(parseFloat(el.dataset.lat), parseFloat(el.dataset.lon));
    L.circleMarker(point, { radius: 8, color: "#8a1c1c", fillOpacity: 0.9 })
      .bindPopup(el.dataset.label || "").addTo(map);
    bounds = bounds ? bounds.extend(point) : L.latLngBounds(point, point);
  }
  if (bounds && bounds.isValid()) {
    map.fitBounds(bounds.pad(0.1), { maxZoom: 14 });
  } else {
    map.setView([13.7, 100.5], 6);
  }
})();
