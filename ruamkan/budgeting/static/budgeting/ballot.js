// Live running total for knapsack ballots; the server checks everything again.
(function () {
  "use strict";
  var form = document.querySelector("form.ballot[data-ballot-type=approval]");
  if (!form) { return; }
  var budget = parseInt(form.dataset.budget, 10);
  var out = form.querySelector(".ballot-total");
  var fmt = new Intl.NumberFormat("th-TH");
  function update() {
    var total = 0;
    form.querySelectorAll("input[type=checkbox][data-cost]").forEach(function (box) {
      if (box.checked) { total += parseInt(box.dataset.cost, 10); }
    });
    out.textContent = out.dataset.totalLabel + ": " + fmt.format(total) + " / " + fmt.format(budget) +
      " (" + out.dataset.leftLabel + " " + fmt.format(budget - total) + ")";
    out.classList.toggle("over", total > budget);
    form.querySelectorAll("input[type=checkbox][data-cost]").forEach(function (box) {
      box.setAttribute("aria-describedby", total > budget ? "over-budget" : "");
    });
  }
  form.addEventListener("change", update);
  update();
})();
