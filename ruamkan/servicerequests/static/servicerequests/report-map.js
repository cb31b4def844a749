// Maps for reports, added on top of pages that work without them: the report form (tap to place
// the pin, or use the phone's position) and report maps (markers from GeoJSON).
// On the form the map loads only when asked for: Leaflet and the tiles are most of the page's
// weight, and on a slow phone connection the coordinates, the phone's position (ruamkan.js) or
// the subdistrict are enough to send a report.
(function () {
  "use strict";

  function setImagePath() {
    var css = document.querySelector('link[href*="leaflet.css"]');
    L.Icon.Default.imagePath = (css ? css.href : "").replace(/leaflet\.css.*$/, "images/");
  }

  function base(el, lat, lon, zoom) {
    el.hidden = false;
    var map = L.map(el).setView([lat, lon], zoom);
    L.tileLayer(el.dataset.tiles || "https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "© OpenStreetMap"
    }).addTo(map);
    return map;
  }

  function loadLeaflet(el, done) {
    if (typeof L !== "undefined") { done(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = el.dataset.leafletCss;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = el.dataset.leafletJs;
    js.onload = done;
    document.head.appendChild(js);
  }

  function formMap(el) {
    var form = el.closest("form");
    var latInput = form.querySelector("[name=lat]");
    var lonInput = form.querySelector("[name=lon]");
    var start = [parseFloat(latInput.value) || parseFloat(el.dataset.lat) || 6.43,
                 parseFloat(lonInput.value) || parseFloat(el.dataset.lon) || 101.82];
    var map = base(el, start[0], start[1], latInput.value ? 16 : parseInt(el.dataset.zoom || "9", 10));
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
    // From now on the phone's position also moves the pin (before, ruamkan.js fills the inputs).
    var locate = document.getElementById("report-geolocate");
    if (locate && "geolocation" in navigator) {
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

  var formEl = document.getElementById("report-map");
  var opener = document.getElementById("report-map-open");
  if (formEl && opener) {
    opener.hidden = false;
    opener.addEventListener("click", function () {
      opener.disabled = true;
      loadLeaflet(formEl, function () {
        setImagePath();
        formMap(formEl);
        opener.hidden = true;
      });
    });
  }

  var listMap = document.getElementById("reports-map");
  if (listMap && listMap.dataset.geojson && typeof L !== "undefined") {
    setImagePath();
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
