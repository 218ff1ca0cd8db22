// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons next to the resume link and code.
  document.querySelectorAll("button.copy").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const target = document.getElementById(button.dataset.copy);
      const text = target.value !== undefined ? target.value : target.textContent;
      await navigator.clipboard.writeText(text.trim());
      const status = document.querySelector(".copied");
      if (status) status.textContent = button.dataset.done || button.textContent + " ✓";
    });
  });
  // Exclusive choices ("Aucun", "Je ne sais pas") untick the others, and the reverse.
  document.querySelectorAll("fieldset.question").forEach((fieldset) => {
    const boxes = [...fieldset.querySelectorAll("input[type=checkbox]")];
    const textInput = fieldset.querySelector(".free input, .free textarea");
    boxes.forEach((box) => box.addEventListener("change", () => {
      if (!box.checked) return;
      if (textInput && box.name.endsWith("__special")) textInput.value = "";
      boxes.filter((other) => other !== box && other.name === box.name
        && (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")))
        .forEach((other) => { other.checked = false; });
    }));
    if (textInput) textInput.addEventListener("input", () => {
      if (textInput.value.trim()) boxes.forEach((box) => { box.checked = false; });
    });
  });
  // An export's progress: fetch the page again every 2 s and swap its panel, whose status
  // region is announced; stops when the export has ended (the new panel has no data-refresh).
  const poll = () => {
    const panel = document.getElementById("export-panel");
    if (!panel || !panel.dataset.refresh) return;
    setTimeout(async () => {
      try {
        const response = await fetch(panel.dataset.refresh, {credentials: "same-origin"});
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("export-panel");
        if (fresh) panel.replaceWith(fresh);
      } catch (error) { /* the network hiccupped: try again */ }
      poll();
    }, 2000);
  };
  poll();
  // A PDF still rendering (issue 26): ask its status every 2 s, then every 4, 8… (at most 15 s,
  // two minutes in all); once ready the button becomes the download and the refresh link goes.
  // Without this script the button and the refresh link work as they are.
  const pending = document.querySelector(".pdf-pending[data-status]");
  if (pending && window.fetch) {
    let delay = 2000, waited = 0;
    const ask = () => setTimeout(async () => {
      waited += delay;
      try {
        const response = await fetch(pending.dataset.status, {credentials: "same-origin",
          headers: {"Accept": "application/json"}});
        if (response.ok && (await response.json()).ready) {
          pending.querySelector("a.button").textContent = pending.dataset.ready;
          const refresh = pending.querySelector(".pdf-refresh");
          if (refresh) refresh.remove();
          pending.classList.remove("pdf-pending");
          pending.classList.add("pdf-ready");
          return;
        }
      } catch (error) { /* the network hiccupped: ask again */ }
      delay = Math.min(delay * 2, 15000);
      if (waited < 120000) ask();
    }, delay);
    ask();
  }
  // Put the focus on the error summary so screen readers announce it; else on the questions
  // that the answers just made appear (which also scrolls them into view).
  const summary = document.getElementById("error-summary");
  const appeared = document.getElementById("new-questions");
  if (summary) summary.focus();
  else if (appeared) {
    appeared.focus({preventScroll: true});
    appeared.scrollIntoView({block: "start"});
  }
});
