// The application's own behaviour. No inline scripts: the Content-Security-Policy forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // <form data-confirm="…">: ask before a consequential action.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // <select data-autosubmit>: filters that apply on change.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});

// The criterion form: the points each nominee kind would total after saving, as the user types.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("running-sum");
  const form = document.getElementById("criterion-form");
  if (!box || !form) return;
  const points = form.querySelector("[name=max_points]");
  const appliesTo = form.querySelector("[name=applies_to]");
  const format = (value) => value.toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  const update = () => {
    const value = parseFloat((points.value || "0").replace(",", ".")) || 0;
    for (const kind of ["collective", "individual"]) {
      const base = parseFloat(box.dataset[kind]) || 0;
      const applies = appliesTo.value === "both" || appliesTo.value === kind;
      const total = base + (applies ? value : 0);
      const cell = box.querySelector(`[data-sum=${kind}]`);
      cell.textContent = format(total);
      cell.classList.toggle("text-success", Math.abs(total - 100) < 0.005);
      cell.classList.toggle("text-danger", Math.abs(total - 100) >= 0.005);
    }
  };
  points.addEventListener("input", update);
  appliesTo.addEventListener("change", update);
  update();
});

// <canvas data-chart='{"labels": […], "values": […], "label": "…"}'>: a horizontal bar chart (Chart.js).
window.addEventListener("load", () => {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const data = JSON.parse(canvas.dataset.chart);
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: data.label, data: data.values, backgroundColor: "#8b1a1a" }] },
      options: {
        indexAxis: "y",
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
});
