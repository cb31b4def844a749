// Maps for reports, added on top of pages that work without them: the report form (tap to place
// the pin, or use the phone's position) and report maps (markers from GeoJSON).
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  L.Icon.Default.imagePath = (document.querySelector('link[href*="leaflet.css"]') || {href: ""})
    .href.replace(/leaflet\.css.*$/, "images/");

  function base(el, lat, lon, zoom) {
    el.hidden = false;
    var map = L.map(el).setView([lat, lon], zoom);
    L.tileLayer(el.dataset.tiles || "https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "© OpenStreetMap"
    }).addTo(map);
    return map;
  }

  var formMap = document.getElementById("report-map");
  if (formMap) {
    var form = formMap.closest("form");
    var latInput = form.querySelector("[name=lat]");
    var lonInput = form.querySelector("[name=lon]");
    var start = [parseFloat(latInput.value) || parseFloat(formMap.dataset.lat) || 6.43,
                 parseFloat(lonInput.value) || parseFloat(formMap.dataset.lon) || 101.82];
    var map = base(formMap, start[0], start[1], latInput.value ? 16 : parseInt(formMap.dataset.zoom || "9", 10));
    var marker = null;
    var place = function (lat, lon, pan) {
      latInput.value = lat.toFixed(6);
      lonInput.value = lon.toFixed(6);
      if (marker) { marker.setLatLng([lat, lon]); } else {
        marker = L.marker([lat, lon], {draggable: true}).addTo(map);
        marker.on("dragend", function () {
          var p = marker.getLatLng(); place(p.lat, p.lng, false);
        });
      }
      if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), 16)); }
    };
    if (latInput.value && lonInput.value) { place(parseFloat(latInput.value), parseFloat(lonInput.value), false); }
    map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng, false); });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
        if (!isNaN(lat) && !isNaN(lon)) { place(lat, lon, true); }
      });
    });
    var locate = document.getElementById("report-geolocate");
    if (locate && "geolocation" in navigator) {
      locate.removeAttribute("data-geolocate");
      locate.hidden = false;
      locate.addEventListener("click", function (event) {
        event.stopImmediatePropagation();
        locate.disabled = true;
        navigator.geolocation.getCurrentPosition(function (pos) {
          place(pos.coords.latitude, pos.coords.longitude, true);
          locate.disabled = false;
        }, function () { locate.disabled = false; }, {enableHighAccuracy: true, timeout: 15000});
      }, true);
    }
  }

  var listMap = document.getElementById("reports-map");
  if (listMap && listMap.dataset.geojson) {
    var overview = base(listMap, 6.43, 101.82, 9);
    fetch(listMap.dataset.geojson, {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          onEachFeature: function (feature, lyr) {
            var p = feature.properties, link = document.createElement("a");
            link.href = p.url;
            link.textContent = "#" + p.id + " " + p.topic + " (" + p.status_label + ")";
            lyr.bindPopup(link);
          }
        }).addTo(overview);
        if (data.features.length) { overview.fitBounds(layer.getBounds(), {maxZoom: 15}); }
      });
  }
})();
