// Area picker on /me/verify/: choosing a province or district reloads the lists at once.
// Without JavaScript the "Show subdistricts" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("[data-area-picker]");
  if (!form) { return; }
  var province = form.querySelector("select[name=province]");
  var district = form.querySelector("select[name=district]");
  if (province) {
    province.addEventListener("change", function () {
      if (district) { district.value = ""; }
      form.submit();
    });
  }
  if (district) {
    district.addEventListener("change", function () { form.submit(); });
  }
})();
