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

// Dossiers (templates/dossiers/): repeatable rows, the results page's phase switch, the new-nomination form.
document.addEventListener("DOMContentLoaded", () => {
  // <div data-rows> … <div data-row> … <button data-add-row>: copy the last row, emptied, with the next index
  // in its field names ("authors-2-person_id" → "authors-3-person_id").
  document.querySelectorAll("[data-rows]").forEach((box) => {
    const button = box.querySelector("[data-add-row]");
    if (!button) return;
    button.addEventListener("click", () => {
      const rows = box.querySelectorAll("[data-row]");
      const last = rows[rows.length - 1];
      const copy = last.cloneNode(true);
      const bump = (value) => value.replace(/-(\d+)-/, (_, n) => `-${Number(n) + 1}-`);
      copy.querySelectorAll("[name], [id], [for]").forEach((el) => {
        ["name", "id", "for"].forEach((attr) => {
          if (el.hasAttribute(attr)) el.setAttribute(attr, bump(el.getAttribute(attr)));
        });
        if (el.matches("input, textarea")) el.value = "";
        if (el.matches("select")) el.selectedIndex = 0;
        el.classList.remove("is-invalid");
      });
      copy.querySelectorAll(".invalid-feedback, .char-count").forEach((el) => el.remove());
      copy.querySelectorAll("[aria-describedby]").forEach((el) => {
        el.setAttribute("aria-describedby", bump(el.getAttribute("aria-describedby")));
      });
      copy.querySelectorAll("label").forEach((label) => {
        label.textContent = label.textContent.replace(/\d+/, (n) => String(Number(n) + 1));
      });
      last.after(copy);
      copy.querySelectorAll("[data-maxlength]").forEach(attachCounter);
      const first = copy.querySelector("select, input, textarea");
      if (first) first.focus();
    });
  });

  // <select data-navigate>: each option's value is the page to open.
  document.querySelectorAll("select[data-navigate]").forEach((select) => {
    select.addEventListener("change", () => { window.location.assign(select.value); });
  });

  // The new-nomination form: show the person or the unit field by kind, and only the award forms that apply.
  const form = document.getElementById("new-nomination");
  if (form) {
    const kind = form.querySelector("[name=nominee_kind]");
    const award = form.querySelector("[data-award-select]");
    const update = () => {
      form.querySelectorAll("[data-kind]").forEach((el) => { el.hidden = el.dataset.kind !== kind.value; });
      if (!award) return;
      award.querySelectorAll("option[data-applies-to]").forEach((option) => {
        const fits = option.dataset.appliesTo === "both" || option.dataset.appliesTo === kind.value;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) award.value = "";
      });
    };
    kind.addEventListener("change", update);
    update();
  }
});

// Tables on a phone (static/app.css, .table-stack): each body cell gets its column's header as data-label
// (the header's visible words; a header that is only a visually hidden text gives no label), so a row reads
// as a card of labelled values. A table with data-stack="off" keeps its columns; a cell spanning every
// column (a section row) keeps no label.
document.addEventListener("DOMContentLoaded", () => {
  const headerText = (th) => {
    const copy = th.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach((el) => el.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  document.querySelectorAll("main table.table").forEach((table) => {
    if (table.dataset.stack === "off") return;
    const headRow = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
    const labels = [];
    if (headRow) {
      for (const th of headRow.cells) {
        const text = th.dataset.label !== undefined ? th.dataset.label : headerText(th);
        for (let i = 0; i < (th.colSpan || 1); i += 1) labels.push(text);
      }
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const span = cell.colSpan || 1;
          if (!cell.hasAttribute("data-label") && span < labels.length && labels[column]) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += span;
        }
      }
    }
    table.classList.add("table-stack");
  });
});

// <input|textarea data-maxlength="500">: "123/500 ký tự" under the field as the user types (nothing while it
// is empty); over the limit the count turns red and says by how much. Nothing is cut: the server refuses the
// save beside the field. (Also called for the rows that [data-add-row] copies.)
function attachCounter(input) {
  const limit = Number(input.dataset.maxlength);
  if (!limit || !input.id) return;
  const counter = document.createElement("div");
  counter.className = "char-count";
  counter.id = `${input.id}-count`;
  counter.setAttribute("aria-live", "polite");
  const describedBy = (input.getAttribute("aria-describedby") || "").split(" ")
    .filter((id) => id && !id.endsWith("-count"));
  input.setAttribute("aria-describedby", [...describedBy, counter.id].join(" "));
  const format = (n) => n.toLocaleString("vi-VN");
  const update = () => {
    const length = [...input.value].length;
    const over = length - limit;
    if (!length) counter.textContent = "";
    else if (over > 0) counter.textContent = `${format(length)}/${format(limit)} ký tự: dài quá ${format(over)} ký tự`;
    else counter.textContent = `${format(length)}/${format(limit)} ký tự`;
    counter.classList.toggle("over", over > 0);
  };
  input.after(counter);
  input.addEventListener("input", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-maxlength]").forEach(attachCounter);
});
// The rich paste area of the import pages (helper i8): a table pasted there keeps its cells, because the
// clipboard's HTML (a browser's, Word's or Writer's) goes into a hidden field; the page only shows how
// many rows and columns it holds (the pasted HTML is never put into the page). Plain text goes into the
// text area below, which still works on its own.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-rich-paste]").forEach((area) => {
    const form = area.closest("form");
    const hidden = form && form.querySelector(`[name=${area.dataset.richPaste}]`);
    const plain = form && form.querySelector(`[name=${area.dataset.plain || "text"}]`);
    const status = document.getElementById(area.dataset.status || "");
    const clear = form && form.querySelector("[data-rich-clear]");
    if (!hidden) return;
    const show = (message, hasTable) => {
      area.textContent = message;
      area.classList.toggle("has-table", hasTable);
      if (status) status.textContent = message;
      if (clear) clear.hidden = !hasTable;
    };
    const describe = (markup) => {
      const doc = new DOMParser().parseFromString(markup, "text/html");
      const rows = doc.querySelectorAll("tr").length;
      let columns = 0;
      doc.querySelectorAll("tr").forEach((tr) => {
        let width = 0;
        tr.querySelectorAll("td, th").forEach((cell) => { width += parseInt(cell.getAttribute("colspan") || "1", 10) || 1; });
        columns = Math.max(columns, width);
      });
      return { rows, columns };
    };
    if (hidden.value) {
      const { rows, columns } = describe(hidden.value);
      show(`Đã nhận bảng dán vào: ${rows} dòng, ${columns} cột.`, rows > 0);
    }
    area.addEventListener("paste", (event) => {
      event.preventDefault();
      const data = event.clipboardData;
      if (!data) return;
      const markup = data.getData("text/html");
      const { rows, columns } = markup ? describe(markup) : { rows: 0, columns: 0 };
      if (rows > 0) {
        hidden.value = markup;
        if (plain) plain.value = "";
        show(`Đã nhận bảng dán vào: ${rows} dòng, ${columns} cột. Bấm «Xem trước» để xem từng nhiệm vụ.`, true);
      } else {
        hidden.value = "";
        if (plain) plain.value = data.getData("text/plain");
        show("Nội dung dán vào không có bảng: đã chuyển dạng chữ vào ô bên dưới.", false);
      }
    });
    area.addEventListener("keydown", (event) => {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) event.preventDefault();  // paste only
    });
    if (clear) {
      clear.addEventListener("click", () => {
        hidden.value = "";
        show(area.dataset.empty || "", false);
      });
    }
  });
});
