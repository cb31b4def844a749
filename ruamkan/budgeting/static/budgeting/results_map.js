// Map of a budget's projects: selected ones filled, the others hollow. Data from a JSON script tag.
(function () {
  "use strict";
  var el = document.getElementById("results-map");
  if (!el || typeof L === "undefined") { return; }
  var points = JSON.parse(document.getElementById(el.dataset.points).textContent);
  if (!points.length) { el.hidden = true; return; }
  el.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
  var bounds = L.latLngBounds([]);
  points.forEach(function (p) {
    var ll = L.latLng(p.lat, p.lon);
    bounds.extend(ll);
    L.circleMarker(ll, {
      radius: 9, color: p.selected ? "#1d6b3a" : "#4a5561", weight: 2,
      fillOpacity: p.selected ? 0.9 : 0.1
    }).bindTooltip(p.title + (p.selected ? " ✓" : "")).addTo(map);
  });
  map.fitBounds(bounds.pad(0.2), { maxZoom: 15 });
})();
