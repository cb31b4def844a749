// Leaflet map for a local government: office marker and served subdistricts, from data-* attributes.
(function () {
  "use strict";
  var el = document.getElementById("lg-map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  L.tileLayer(el.dataset.tileUrl, {
    maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"
  }).addTo(map);
  var layers = [];
  var bounds = null;
  var dataEl = el.dataset.geojson ? document.getElementById(el.dataset.geojson) : null;
  if (dataEl) {
    var areas = L.geoJSON(JSON.parse(dataEl.textContent), {
      style: { color: "#0b5d7a", weight: 2, fillOpacity: 0.12 },
      onEachFeature: function (feature, lyr) {
        if (feature.properties && feature.properties.name) { lyr.bindTooltip(feature.properties.name); }
      }
    });
    layers.push(areas);
    bounds = areas.getBounds();
  }
  if (el.dataset.lat && el.dataset.lon) {
    var point = L.latLng(parseFloat(el.dataset.lat), parseFloat(el.dataset.lon));
    layers.push(L.circleMarker(point, { radius: 8, color: "#8a1c1c", fillOpacity: 0.9 })
      .bindPopup(el.dataset.label || ""));
    bounds = bounds && bounds.isValid() ? bounds.extend(point) : L.latLngBounds(point, point);
  }
  // The view must exist before vector layers are added (Leaflet's SVG renderer needs it).
  if (bounds && bounds.isValid()) {
    map.fitBounds(bounds.pad(0.1), { maxZoom: 14 });
  } else {
    map.setView([13.7, 100.5], 6);
  }
  layers.forEach(function (layer) { layer.addTo(map); });
})();
