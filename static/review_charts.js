// Draws the review report's charts (templates/documents/_review_figures.html): every
// <canvas class="review-chart" data-chart="{title, labels, values, unit, collectives?, individuals?}">.
// A separate file because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  function fmt(value, unit) {
    var text = String(Math.round(value * 100) / 100).replace(".", ",");
    return unit === "%" ? text + "%" : text;
  }
  function draw(canvas) {
    if (typeof window.Chart === "undefined") { return; }
    var data;
    try { data = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    var datasets;
    if (data.collectives && data.individuals) {
      datasets = [{ label: "Tập thể", data: data.collectives, backgroundColor: "#1f4e79" },
                  { label: "Cá nhân", data: data.individuals, backgroundColor: "#c55a11" }];
    } else {
      datasets = [{ label: data.title, data: data.values, backgroundColor: "#1f4e79" }];
    }
    var stacked = datasets.length > 1;
    datasets.forEach(function (d) { d.maxBarThickness = 28; });
    // about 44 px a bar plus the title, axis and legend: a short chart for few bars, a tall one for many
    var width = (canvas.parentNode && canvas.parentNode.clientWidth) || 800;
    var height = Math.max(160, data.labels.length * 44 + 90);
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        animation: false,  // drawn once: nothing moves (reduced motion, and a printed page shows the figures)
        responsive: true,
        aspectRatio: width / height,
        plugins: {
          title: { display: true, text: data.title },
          legend: { display: stacked },
          tooltip: { callbacks: {
            title: function (items) {
              var i = items[0].dataIndex;
              return data.names ? data.labels[i] + ". " + data.names[i] : data.labels[i];
            },
            label: function (item) { return item.dataset.label + ": " + fmt(item.raw, data.unit); }
          } }
        },
        scales: {
          x: { stacked: stacked, beginAtZero: true, max: data.unit === "%" ? 100 : undefined,
               ticks: { precision: 0, callback: function (v) { return fmt(v, data.unit); } } },
          y: { stacked: stacked }
        }
      }
    });
  }
  function init() { document.querySelectorAll("canvas.review-chart").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
